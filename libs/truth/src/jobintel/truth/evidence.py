"""The master CV as evidence: every text the user wrote, addressed by its path.

A bullet's metrics and scope come from its own span (`work[0].highlights[2]`); its employer,
title and dates from its role (`work[0]`); a skill from where the CV shows it: a work or
project highlight is evidence of using it, a skills-list entry only of listing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from jobintel.contracts.profile import Resume

from .claims import Parsed, forms_of, parse
from .unicode import fold

_OWNER = re.compile(r"^((?:work|volunteer|projects|education|certificates)\[\d+\])")


class SpanKind(StrEnum):
    HIGHLIGHT = "highlight"  # a bullet of a role or project: evidence of doing
    SUMMARY = "summary"  # the CV's or a role's summary
    ROLE = "role"  # employer, title, location, dates of a role
    SKILL = "skill"  # a skills-list entry: evidence of listing only
    CREDENTIAL = "credential"  # certificates and education
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Span:
    path: str
    text: str  # folded (NFKC)
    kind: SpanKind

    @property
    def owner(self) -> str | None:
        """The role or project the span belongs to (`work[0]`), if any."""
        match = _OWNER.match(self.path)
        return match.group(1) if match else None


_KINDS = {
    "highlights": SpanKind.HIGHLIGHT,
    "description": SpanKind.HIGHLIGHT,
    "summary": SpanKind.SUMMARY,
    "name": SpanKind.ROLE,
    "position": SpanKind.ROLE,
    "location": SpanKind.ROLE,
    "startDate": SpanKind.ROLE,
    "endDate": SpanKind.ROLE,
    "roles": SpanKind.ROLE,
    "entity": SpanKind.ROLE,
}


def _kind(path: str) -> SpanKind:
    section = path.split("[", 1)[0].split(".", 1)[0]
    leaf = re.sub(r"\[\d+\]$", "", path.rsplit(".", 1)[-1])
    if section == "skills":
        return SpanKind.SKILL
    if section in ("certificates", "education"):
        return SpanKind.CREDENTIAL
    if section == "basics":
        return SpanKind.SUMMARY if leaf in ("summary", "label") else SpanKind.OTHER
    if section == "projects" and leaf == "keywords":
        return SpanKind.SKILL
    return _KINDS.get(leaf, SpanKind.OTHER)


@dataclass
class Evidence:
    """Every span of the master CV, and what it shows about skills and titles."""

    spans: dict[str, Span]
    held_titles: list[str]
    _parsed: dict[str, Parsed] = field(default_factory=dict, repr=False)

    @classmethod
    def from_resume(cls, resume: Resume) -> Evidence:
        spans: dict[str, Span] = {}

        def walk(value: object, path: str) -> None:
            if isinstance(value, str):
                if value.strip() and not path.endswith(("url", "email", "image", "phone")):
                    spans[path] = Span(path, fold(value), _kind(path))
            elif isinstance(value, dict):
                for key, inner in value.items():
                    walk(inner, f"{path}.{key}" if path else key)
            elif isinstance(value, list):
                for i, inner in enumerate(value):
                    walk(inner, f"{path}[{i}]")

        walk(resume.model_dump(mode="json", exclude_none=True), "")
        titles = [resume.basics.label, *(w.position for w in [*resume.work, *resume.volunteer])]
        return cls(spans, [fold(t) for t in titles if t])

    def parsed(self, path: str) -> Parsed:
        if path not in self._parsed:
            self._parsed[path] = parse(self.spans[path].text)
        return self._parsed[path]

    def span(self, path: str) -> Span:
        try:
            return self.spans[path]
        except KeyError:
            raise KeyError(f"the master CV has no text at {path!r}") from None

    def role(self, path: str) -> list[Span]:
        """The spans that state a role's facts (employer, title, location, dates, summary)."""
        owner = _OWNER.match(path)
        if owner is None:
            return []
        prefix = owner.group(1) + "."
        return [
            s
            for p, s in self.spans.items()
            if p.startswith(prefix) and s.kind in (SpanKind.ROLE, SpanKind.SUMMARY)
        ]

    def titles_of(self, path: str) -> list[str]:
        """The titles a text about `path` may claim: that role's position, or every held one."""
        owner = _OWNER.match(path)
        if owner is not None and owner.group(1).startswith(("work", "volunteer")):
            position = self.spans.get(owner.group(1) + ".position")
            return [position.text] if position else []
        return self.held_titles

    @cached_property
    def forms(self) -> frozenset[str]:
        """Every base form of every word of the master CV."""
        return frozenset().union(*(forms_of(self.parsed(p)) for p in self.spans))

    @cached_property
    def tokens(self) -> frozenset[str]:
        """Every whitespace token the user wrote (a look-alike they wrote is their own)."""
        return frozenset(
            t.strip(".,;:!?()[]\"'") for s in self.spans.values() for t in s.text.split()
        )

    @cached_property
    def skill_evidence(self) -> dict[str, list[str]]:
        """Taxonomy skill -> the highlight spans that show it being used."""
        out: dict[str, list[str]] = {}
        for path, span in self.spans.items():
            shown = span.kind in (SpanKind.HIGHLIGHT, SpanKind.SUMMARY) or (
                path.startswith("projects[") and ".keywords[" in path  # the project's stack
            )
            if shown and path != "basics.label":
                parsed = self.parsed(path)
                for mention in [*parsed.techs, *parsed.skills]:
                    out.setdefault(mention.key, []).append(path)
        return out

    @cached_property
    def skills_listed(self) -> dict[str, list[str]]:
        """Taxonomy skill -> the skills-list entries that name it."""
        out: dict[str, list[str]] = {}
        for path, span in self.spans.items():
            if span.kind is SpanKind.SKILL:
                parsed = self.parsed(path)
                for mention in [*parsed.techs, *parsed.skills]:
                    out.setdefault(mention.key, []).append(path)
        return out

    def shows(self, skill: str) -> list[str]:
        """The work or project spans that show `skill` being used ([] when none does)."""
        return self._lookup(skill, self.skill_evidence)

    def lists(self, skill: str) -> list[str]:
        """The skills-list entries that name `skill`."""
        return self._lookup(skill, self.skills_listed)

    def _lookup(self, skill: str, table: dict[str, list[str]]) -> list[str]:
        parsed = parse(fold(skill))
        keys = [m.key for m in [*parsed.techs, *parsed.skills]] or [skill]
        return [p for k in keys for p in table.get(k, [])]

    def highlights(self) -> list[Span]:
        return [s for s in self.spans.values() if s.kind is SpanKind.HIGHLIGHT]
