"""`python -m jobintel.annotation.eval [--verbose] [--min 0.85] [--no-llm]`: structuring quality.

The offline structuring is always measured (and `--min` gates it). The LLM-assisted mode is
measured too when `JOBINTEL_ANTHROPIC_API_KEY` is set: one model call per labelled posting,
scored as the service runs it (with the offline fallback), with the fallbacks and the cost.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

from jobintel.contracts import RequirementKind, StructuredJD, StructuringMethod
from jobintel.runtime.llm import LLM, llm_from_settings
from jobintel.runtime.settings import Settings

from ..domain.structure import structure_posting
from ..llm_structurer import LlmStructurer
from ..structurer import OfflineStructurer, Structurer, WithFallback
from .cases import Case, load_cases
from .metrics import Tally, count_tally, normalise, phrase_tally, set_tally


@dataclass
class Report:
    skills: Tally = field(default_factory=Tally)
    must: Tally = field(default_factory=Tally)
    nice: Tally = field(default_factory=Tally)
    sections: Tally = field(default_factory=Tally)
    instructions: Tally = field(default_factory=Tally)

    @property
    def requirements(self) -> Tally:
        return self.must + self.nice

    def __add__(self, other: Report) -> Report:
        return Report(
            self.skills + other.skills,
            self.must + other.must,
            self.nice + other.nice,
            self.sections + other.sections,
            self.instructions + other.instructions,
        )


def _texts(jd: StructuredJD, kind: RequirementKind) -> list[str]:
    return [r.text for r in jd.requirements if r.kind is kind]


def score(case: Case, jd: StructuredJD) -> Report:
    return Report(
        skills=set_tally((k.name for k in jd.keywords), case.skills),
        must=phrase_tally(_texts(jd, RequirementKind.MUST_HAVE), case.must_have),
        nice=phrase_tally(_texts(jd, RequirementKind.NICE_TO_HAVE), case.nice_to_have),
        sections=set_tally((s.kind.value for s in jd.sections), case.sections),
        instructions=count_tally(len(jd.instructions_for_tools), case.tool_instructions),
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
    if len(jd.instructions_for_tools) != case.tool_instructions:
        lines.append(
            f"    instructions to tools: got {len(jd.instructions_for_tools)}, "
            f"want {case.tool_instructions}"
        )
    got_sections = {s.kind.value for s in jd.sections}
    if got_sections != case.sections:
        lines.append(f"    sections: got {sorted(got_sections)}, want {sorted(case.sections)}")
    return lines


def scored(cases: Sequence[Case], jds: Sequence[StructuredJD], *, verbose: bool = False) -> Report:
    total = Report()
    for case, jd in zip(cases, jds, strict=True):
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


def evaluate(cases: list[Case], *, verbose: bool = False) -> Report:
    return scored(cases, [structure_posting(c.posting) for c in cases], verbose=verbose)


@dataclass
class LlmRun:
    """The LLM-assisted mode on a set of cases, as the service runs it (with the fallback)."""

    cases: list[Case]
    jds: list[StructuredJD]

    def fallbacks(self) -> list[tuple[str, str]]:
        return [
            (c.name, jd.notes[-1])
            for c, jd in zip(self.cases, self.jds, strict=True)
            if jd.method is not StructuringMethod.LLM
        ]

    def dropped(self) -> int:
        """Cases where the model gave something the description does not contain."""
        return sum(
            any(n.startswith("LLM structuring dropped") for n in jd.notes) for jd in self.jds
        )

    def spend(self) -> tuple[int, int, int, float | None]:
        """Input, cache-read and output tokens, and dollars (None when a price is unknown)."""
        used = [jd.usage for jd in self.jds if jd.usage is not None]
        costs = [u.cost_usd for u in used]
        return (
            sum(u.input_tokens + u.cache_creation_input_tokens for u in used),
            sum(u.cache_read_input_tokens for u in used),
            sum(u.output_tokens for u in used),
            None if any(c is None for c in costs) else sum(c for c in costs if c is not None),
        )


async def run_llm(cases: Sequence[Case], structurer: Structurer, *, concurrency: int = 4) -> LlmRun:
    gate = asyncio.Semaphore(concurrency)

    async def one(case: Case) -> StructuredJD:
        async with gate:
            return await structurer.structure(case.posting)

    return LlmRun(list(cases), list(await asyncio.gather(*(one(c) for c in cases))))


def llm_structurer(llm: LLM) -> Structurer:
    return WithFallback(LlmStructurer(llm), OfflineStructurer(), name="LLM-assisted")


async def _measure(llm: LLM, development: list[Case], holdout: list[Case]) -> tuple[LlmRun, LlmRun]:
    try:
        structurer = llm_structurer(llm)
        return await run_llm(development, structurer), await run_llm(holdout, structurer)
    finally:
        await llm.aclose()


def print_llm(model: str, development: LlmRun, holdout: LlmRun, *, verbose: bool) -> None:
    dev = scored(development.cases, development.jds, verbose=verbose)
    held = scored(holdout.cases, holdout.jds, verbose=verbose)
    print(f"LLM-assisted structuring ({model}), scored as the service runs it")
    _print("development set", len(development.cases), dev)
    _print("held-out set", len(holdout.cases), held)
    _print("all", len(development.cases) + len(holdout.cases), dev + held)
    fallbacks = development.fallbacks() + holdout.fallbacks()
    total = len(development.cases) + len(holdout.cases)
    print(f"  fell back to offline on {len(fallbacks)} of {total}")
    for name, note in fallbacks:
        print(f"    {name}: {note}")
    dropped = development.dropped() + holdout.dropped()
    print(f"  dropped unquoted items on {dropped} of {total} (see each JD's notes)")
    spend = [a + b for a, b in zip(development.spend()[:3], holdout.spend()[:3], strict=True)]
    costs = [development.spend()[3], holdout.spend()[3]]
    cost = "unknown" if None in costs else f"${sum(c for c in costs if c is not None):.4f}"
    print(f"  tokens: {spend[0]:,} in, {spend[1]:,} read from cache, {spend[2]:,} out; cost {cost}")


def _row(name: str, t: Tally) -> str:
    return f"  {name:<22} precision {t.precision:.3f}  recall {t.recall:.3f}  f1 {t.f1:.3f}"


def _print(title: str, count: int, report: Report) -> None:
    print(f"{title} ({count} job descriptions)")
    print(_row("skills", report.skills))
    print(_row("must-have", report.must))
    print(_row("nice-to-have", report.nice))
    print(_row("must/nice assignment", report.requirements))
    print(_row("sections", report.sections))
    print(_row("instructions to tools", report.instructions))


def below(bar: float, total: Report, holdout: Report) -> list[str]:
    """The fields whose precision or recall is under `bar`: skills, must-haves and
    nice-to-haves over the whole set, and the held-out set's skills and requirements."""
    gates = {
        "skills": total.skills,
        "must-have": total.must,
        "nice-to-have": total.nice,
        "held-out skills": holdout.skills,
        "held-out must/nice": holdout.requirements,
    }
    return [
        f"{name} {min(t.precision, t.recall):.3f}"
        for name, t in gates.items()
        if min(t.precision, t.recall) < bar
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss per case")
    parser.add_argument(
        "--min",
        type=float,
        default=None,
        help="exit 1 if a skills, must-have or nice-to-have precision or recall is below this",
    )
    parser.add_argument(
        "--no-llm", action="store_true", help="skip the LLM-assisted mode even with a key set"
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
    llm = None if args.no_llm else llm_from_settings(Settings())
    if llm is None:
        why = "--no-llm" if args.no_llm else "JOBINTEL_ANTHROPIC_API_KEY is not set"
        print(f"LLM-assisted mode: skipped, not measured ({why})")
    else:
        model = llm.model
        dev_run, held_run = asyncio.run(_measure(llm, development, holdout))
        print_llm(model, dev_run, held_run, verbose=args.verbose)
    if args.min is not None and (low := below(args.min, total, held_report)):
        print(
            f"offline structuring is below the {args.min:.2f} bar: {', '.join(low)}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
