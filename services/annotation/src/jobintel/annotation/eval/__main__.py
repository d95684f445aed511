"""`python -m jobintel.annotation.eval [--verbose] [--min 0.85]`: report structuring quality."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field

from jobintel.contracts import RequirementKind, StructuredJD

from ..domain.structure import structure_posting
from .cases import Case, load_cases
from .metrics import Tally, normalise, phrase_tally, set_tally


@dataclass
class Report:
    skills: Tally = field(default_factory=Tally)
    must: Tally = field(default_factory=Tally)
    nice: Tally = field(default_factory=Tally)
    sections: Tally = field(default_factory=Tally)

    @property
    def requirements(self) -> Tally:
        return self.must + self.nice

    def __add__(self, other: Report) -> Report:
        return Report(
            self.skills + other.skills,
            self.must + other.must,
            self.nice + other.nice,
            self.sections + other.sections,
        )


def _texts(jd: StructuredJD, kind: RequirementKind) -> list[str]:
    return [r.text for r in jd.requirements if r.kind is kind]


def score(case: Case, jd: StructuredJD) -> Report:
    return Report(
        skills=set_tally((k.name for k in jd.keywords), case.skills),
        must=phrase_tally(_texts(jd, RequirementKind.MUST_HAVE), case.must_have),
        nice=phrase_tally(_texts(jd, RequirementKind.NICE_TO_HAVE), case.nice_to_have),
        sections=set_tally((s.kind.value for s in jd.sections), case.sections),
    )


def explain(case: Case, jd: StructuredJD) -> list[str]:
    """What a case got wrong, one line per miss."""
    lines = []
    got = {k.name for k in jd.keywords}
    if missing := sorted(case.skills - got):
        lines.append(f"    skills missed: {', '.join(missing)}")
    if extra := sorted(got - case.skills):
        lines.append(f"    skills extra:  {', '.join(extra)}")
    for kind, labels in (
        (RequirementKind.MUST_HAVE, case.must_have),
        (RequirementKind.NICE_TO_HAVE, case.nice_to_have),
    ):
        texts = [normalise(t) for t in _texts(jd, kind)]
        for label in labels:
            if not any(normalise(label) in t for t in texts):
                lines.append(f"    {kind.value} missed: {label!r}")
        for text in texts:
            if not any(normalise(label) in text for label in labels):
                lines.append(f"    {kind.value} wrong:  {text!r}")
    got_sections = {s.kind.value for s in jd.sections}
    if got_sections != case.sections:
        lines.append(f"    sections: got {sorted(got_sections)}, want {sorted(case.sections)}")
    return lines


def evaluate(cases: list[Case], *, verbose: bool = False) -> Report:
    total = Report()
    for case in cases:
        jd = structure_posting(case.posting)
        report = score(case, jd)
        total = total + report
        if verbose and (lines := explain(case, jd)):
            print(
                f"{case.name}: skills f1 {report.skills.f1:.2f}, "
                f"must/nice f1 {report.requirements.f1:.2f}"
            )
            for line in lines:
                print(line)
    return total


def _row(name: str, t: Tally) -> str:
    return f"  {name:<22} precision {t.precision:.3f}  recall {t.recall:.3f}  f1 {t.f1:.3f}"


def _print(title: str, count: int, report: Report) -> None:
    print(f"{title} ({count} job descriptions)")
    print(_row("skills", report.skills))
    print(_row("must-have", report.must))
    print(_row("nice-to-have", report.nice))
    print(_row("must/nice assignment", report.requirements))
    print(_row("sections", report.sections))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss per case")
    parser.add_argument(
        "--min",
        type=float,
        default=None,
        help="exit 1 if a skills or must/nice precision or recall is below this",
    )
    args = parser.parse_args(argv)
    development, holdout = load_cases(), load_cases("holdout")
    dev_report = evaluate(development, verbose=args.verbose)
    held_report = evaluate(holdout, verbose=args.verbose)
    total = dev_report + held_report
    print("Offline structuring, precision/recall against hand-written labels")
    _print("development set", len(development), dev_report)
    _print("held-out set, never tuned on", len(holdout), held_report)
    _print("all", len(development) + len(holdout), total)
    print("LLM-assisted mode: not measured (no LLM structurer is wired in yet)")
    if args.min is not None:
        gates = [total.skills, total.requirements, held_report.skills, held_report.requirements]
        if any(min(t.precision, t.recall) < args.min for t in gates):
            print(f"below the {args.min:.2f} bar", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
