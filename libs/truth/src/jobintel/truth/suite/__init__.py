"""The adversarial suite: fabrications the gate must refuse and honest rewrites it must keep.

Data, not code: `cases.toml` holds the cases, `master.yaml` the master CV they rewrite. Both
the offline run (`run`, against the gate directly) and the cv-generator's run through the
Anthropic SDK read them from here.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

import yaml

from jobintel.contracts.profile import MasterProfile

from ..evidence import Evidence
from ..gate import Scope, SentenceVerdict, check, check_text
from ..unicode import fold

# The words the CV's composer puts around the user's own ("Hands-on experience with ...").
HEADER_FRAME = frozenset({"hands-on", "experience"})
HONEST_KEPT_MIN = 0.9  # at least this share of honest rewrites must be kept


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    fabricated: bool
    cls: str
    text: str
    claim: str  # what must be caught (fabrication) or recognised (honest)
    scope: Scope
    source: str | None  # the span a bullet rewrites


@dataclass(frozen=True, slots=True)
class Outcome:
    case: Case
    kept: bool  # the gate let the text through
    named: bool  # for a fabrication: the failing claims name `case.claim`
    reason: str | None

    @property
    def right(self) -> bool:
        return (not self.kept and self.named) if self.case.fabricated else self.kept


def _read(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def master() -> MasterProfile:
    return MasterProfile.model_validate(yaml.safe_load(_read("master.yaml")))


def cases() -> list[Case]:
    data = tomllib.loads(_read("cases.toml"))
    out: list[Case] = []
    for kind, fabricated, field in (("fabrication", True, "claim"), ("honest", False, "keeps")):
        for i, raw in enumerate(data[kind]):
            scope = Scope(raw.get("scope", "bullet"))
            if scope is Scope.BULLET and "source" not in raw:
                raise ValueError(f"cases.toml: {kind}[{i}] is a bullet without a source")
            out.append(
                Case(
                    id=f"{kind}[{i}]",
                    fabricated=fabricated,
                    cls=raw["class"],
                    text=raw["text"],
                    claim=raw[field],
                    scope=scope,
                    source=raw.get("source"),
                )
            )
    return out


def verdict_of(case: Case, evidence: Evidence) -> SentenceVerdict:
    """The gate's verdict on a case, as the product would ask for it."""
    cited = [case.source] if case.source else []
    if case.scope is Scope.BULLET:
        return check(case.text, evidence, cited, Scope.BULLET)
    verdicts = check_text(case.text, evidence, cited, case.scope, frame=HEADER_FRAME)
    claims = [c for v in verdicts.sentences for c in v.claims]
    return SentenceVerdict(case.text, claims)


def judge(case: Case, kept: bool, unsupported: Iterable[str], reason: str | None) -> Outcome:
    needle = case.claim.lower()
    folded = fold(needle)
    named = any(needle in u.lower() or folded in fold(u).lower() for u in unsupported)
    return Outcome(case, kept, named, reason)


def run(evidence: Evidence | None = None) -> list[Outcome]:
    """Every case against the gate directly."""
    evidence = evidence or Evidence.from_resume(master().resume)
    out = []
    for case in cases():
        verdict = verdict_of(case, evidence)
        out.append(judge(case, verdict.ok, verdict.unsupported, verdict.reason))
    return out


@dataclass(frozen=True, slots=True)
class Row:
    cls: str
    fabrications: int
    through: int
    reverted: int
    misnamed: int  # reverted, but not for the claim the case names
    honest: int
    false_reverts: int


def table(outcomes: Iterable[Outcome]) -> list[Row]:
    by_class: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        by_class.setdefault(outcome.case.cls, []).append(outcome)
    rows = []
    for cls, group in by_class.items():
        fab = [o for o in group if o.case.fabricated]
        honest = [o for o in group if not o.case.fabricated]
        rows.append(
            Row(
                cls,
                len(fab),
                sum(o.kept for o in fab),
                sum(not o.kept for o in fab),
                sum(not o.kept and not o.named for o in fab),
                len(honest),
                sum(not o.kept for o in honest),
            )
        )
    return rows


def render(title: str, outcomes: list[Outcome]) -> str:
    rows = table(outcomes)
    head = f"{'class':<26} {'fabrications':>12} {'through':>8} {'reverted':>9} {'misnamed':>9}"
    head += f" {'honest':>7} {'false reverts':>14}"
    lines = [title, head, "-" * len(head)]
    for r in sorted(rows, key=lambda r: (r.fabrications == 0, r.cls)):
        lines.append(
            f"{r.cls:<26} {r.fabrications:>12} {r.through:>8} {r.reverted:>9} {r.misnamed:>9}"
            f" {r.honest:>7} {r.false_reverts:>14}"
        )
    fab = sum(r.fabrications for r in rows)
    honest = sum(r.honest for r in rows)
    kept = honest - sum(r.false_reverts for r in rows)
    lines.append("-" * len(head))
    lines.append(
        f"{'total':<26} {fab:>12} {sum(r.through for r in rows):>8} "
        f"{sum(r.reverted for r in rows):>9} {sum(r.misnamed for r in rows):>9}"
        f" {honest:>7} {sum(r.false_reverts for r in rows):>14}"
    )
    lines.append(f"honest rewrites kept: {kept}/{honest} ({kept / max(honest, 1):.0%})")
    return "\n".join(lines)


def failures(outcomes: Iterable[Outcome]) -> list[str]:
    """Lines naming each case the gate got wrong, for a person to read."""
    out = []
    for o in outcomes:
        if o.right:
            continue
        what = (
            "GOT THROUGH"
            if o.case.fabricated and o.kept
            else ("reverted for another claim" if o.case.fabricated else "FALSE REVERT")
        )
        case = o.case
        out.append(
            f"{case.id} [{case.cls}] {what}: {case.text!r} ({case.claim!r}) {o.reason or ''}"
        )
    return out


def thresholds_met(outcomes: list[Outcome]) -> bool:
    fab = [o for o in outcomes if o.case.fabricated]
    honest = [o for o in outcomes if not o.case.fabricated]
    kept = sum(o.kept for o in honest) / max(len(honest), 1)
    return not any(o.kept for o in fab) and kept >= HONEST_KEPT_MIN


def report(title: str, outcomes: list[Outcome]) -> int:
    """Print the table and the cases the gate got wrong; the exit code `make eval` uses."""
    print(render(title, outcomes))
    wrong = failures(outcomes)
    if wrong:
        print("\n".join(["", "cases the gate got wrong:", *wrong]))
    return 0 if thresholds_met(outcomes) else 1
