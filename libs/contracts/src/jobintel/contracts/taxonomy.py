"""The one skills vocabulary every service shares (data in `data/skills.json`).

Services may not import each other, so the taxonomy lives here: annotation matches it
against job descriptions, cv-generator's gate treats its technologies as claims, research
counts them on company pages. An alias written with a leading `!` matches case-sensitively
("Go", "R", "Excel" are skills only when capitalised).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .jd import SkillCategory

# Categories that name a concrete technology a CV or a company page can claim.
TECHNOLOGY_CATEGORIES = frozenset(
    {
        SkillCategory.LANGUAGE,
        SkillCategory.FRAMEWORK,
        SkillCategory.PLATFORM,
        SkillCategory.DATA,
        SkillCategory.TOOL,
    }
)


@dataclass(frozen=True, slots=True)
class SkillEntry:
    name: str
    category: SkillCategory
    aliases: tuple[str, ...]
    match_name: bool = True  # False when the bare name is too common a word ("communication")

    @property
    def spellings(self) -> tuple[str, ...]:
        """The name and every alias, without the case-sensitivity marker."""
        return (self.name, *(a.removeprefix("!") for a in self.aliases))

    @property
    def case_sensitive(self) -> frozenset[str]:
        """Spellings that are this skill only as written ("Go", not "go")."""
        return frozenset(a[1:] for a in self.aliases if a.startswith("!"))

    @property
    def is_technology(self) -> bool:
        return self.category in TECHNOLOGY_CATEGORIES


@cache
def skills() -> tuple[SkillEntry, ...]:
    """Every taxonomy entry, read once."""
    raw = json.loads(
        resources.files("jobintel.contracts")
        .joinpath("data/skills.json")
        .read_text(encoding="utf-8")
    )
    return tuple(_entry(item) for item in raw)


def _entry(item: dict[str, object]) -> SkillEntry:
    aliases = item.get("aliases", [])
    if not isinstance(aliases, list):
        raise ValueError(f"skills.json: aliases of {item.get('name')!r} must be a list")
    return SkillEntry(
        name=str(item["name"]),
        category=SkillCategory(str(item["category"])),
        aliases=tuple(str(a) for a in aliases),
        match_name=bool(item.get("match_name", True)),
    )


@cache
def _by_spelling() -> dict[str, SkillEntry]:
    found: dict[str, SkillEntry] = {}
    for entry in skills():
        for spelling in entry.spellings:
            found.setdefault(" ".join(spelling.lower().split()), entry)
    return found


def lookup(spelling: str) -> SkillEntry | None:
    """The entry `spelling` is the name or an alias of, ignoring case and spacing."""
    return _by_spelling().get(" ".join(spelling.lower().split()))


@cache
def technologies() -> tuple[SkillEntry, ...]:
    """Entries naming a concrete technology (language, framework, platform, data, tool)."""
    return tuple(e for e in skills() if e.is_technology)


@cache
def technology_names() -> frozenset[str]:
    """Canonical names of every technology."""
    return frozenset(e.name for e in technologies())
