"""Matching the shared skills taxonomy (`jobintel.contracts.taxonomy`) against text.

An entry has a canonical name, aliases and a category. An alias written with a leading `!`
matches case-sensitively: "Go", "R", "Excel" and "Sketch" are skills only when capitalised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from jobintel.contracts import taxonomy
from jobintel.contracts.taxonomy import SkillEntry as Skill


@dataclass(frozen=True, slots=True)
class SkillMatch:
    skill: Skill
    start: int
    end: int


_LEFT = r"(?<![\w+#@.&-])"
# "Python-Kenntnisse" and "React-based" name the skill; "Go-to" and "C-level" do not.
_RIGHT = r"(?![\w+#&]|\.[A-Za-z0-9]|-(?:to|level|suite|squared|like|in|on|off)\b)"


class Taxonomy:
    """Finds skills in text: longest alias wins, each span counted once."""

    def __init__(self, skills: list[Skill]) -> None:
        self.skills = skills
        self.by_name = {s.name: s for s in skills}
        folded: dict[str, Skill] = {}
        exact: dict[str, Skill] = {}
        for skill in skills:
            names = (skill.name,) if skill.match_name else ()
            for alias in (*names, *skill.aliases):
                if alias.startswith("!"):
                    exact.setdefault(alias[1:], skill)
                elif alias == skill.name and any(a == f"!{alias}" for a in skill.aliases):
                    continue
                else:
                    folded.setdefault(alias.lower(), skill)
        self._folded = folded
        self._exact = exact
        self._folded_re = self._compile(folded, re.I)
        self._exact_re = self._compile(exact, 0)

    @staticmethod
    def _compile(aliases: dict[str, Skill], flags: int) -> re.Pattern[str] | None:
        if not aliases:
            return None
        ordered = sorted(aliases, key=len, reverse=True)
        parts = []
        for alias in ordered:
            body = r"\s+".join(re.escape(w) for w in alias.split())
            plural = "s?" if len(alias) >= 4 and alias[-1].isalpha() and flags else ""
            # "C-level", "Go-getter": a one- or two-letter name joined to a word is not a skill
            short = r"(?!-\w)" if len(alias) <= 2 else ""
            parts.append(body + plural + short)
        return re.compile(_LEFT + "(?:" + "|".join(parts) + ")" + _RIGHT, flags)

    def _lookup(self, found: str, exact: bool) -> Skill | None:
        if exact:
            return self._exact.get(found)
        key = " ".join(found.lower().split())
        return self._folded.get(key) or (self._folded.get(key[:-1]) if key.endswith("s") else None)

    def find(self, text: str) -> list[SkillMatch]:
        matches: list[SkillMatch] = []
        for pattern, exact in ((self._folded_re, False), (self._exact_re, True)):
            if pattern is None:
                continue
            for m in pattern.finditer(text):
                skill = self._lookup(m.group(0), exact)
                if skill is not None:
                    matches.append(SkillMatch(skill, m.start(), m.end()))
        return _without_overlaps(matches)

    def canonical(self, name: str) -> Skill | None:
        """The skill `name` is the name or an alias of (a model's spelling: "k8s", "Postgres")."""
        name = " ".join(name.split())
        return self._exact.get(name) or self._lookup(name, exact=False)

    def names(self, text: str) -> list[str]:
        """Canonical names found in `text`, in order of first appearance, each once."""
        return list(dict.fromkeys(m.skill.name for m in self.find(text)))


def _without_overlaps(matches: list[SkillMatch]) -> list[SkillMatch]:
    kept: list[SkillMatch] = []
    for m in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


@cache
def default_taxonomy() -> Taxonomy:
    return Taxonomy(list(taxonomy.skills()))
