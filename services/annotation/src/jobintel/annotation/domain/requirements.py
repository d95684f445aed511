"""Requirements: each list item or sentence of a requirements section, must-have or nice-to-have.

The section sets the default ("Requirements" → must, "Bonus points" → nice); the item's own
words override it ("Kafka is a plus" under "Requirements" is nice-to-have). Outside those
sections only sentences that say outright what is required become requirements.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from jobintel.contracts import RequirementKind, SectionKind

from .blocks import Block, BlockKind, sentences, squash
from .lexicon import BOILERPLATE_CUE, MUST_MARK, NICE_CUE, NOT_A_REQUIREMENT, fold
from .sections import Section

_EXPLICIT_MUST = re.compile(
    r"\brequired\b|\bmust\b|\brequirements?\b|\bat least\b|\bminimum\b|"
    r"\d+\s*\+?\s*(?:-|\u2013|to)?\s*\d*\s*\+?\s*(?:years?|yrs)\b|"
    r"\byou (?:have|bring|possess|are (?:fluent|proficient|experienced))\b|you'?ll need|"
    r"\byou need\b|\bessential\b|\bmandatory\b|non[- ]negotiable|you should have|"
    r"we(?:'re| are) looking for (?:someone|a|an|people)\b|"
    r"\bexperience (?:with|in|building|designing|running)\b|\bproficien|\bdegree\b|\bfluent\b|"
    r"\bknowledge of\b|\bfamiliar(?:ity)? with\b|\bexpertise in\b|"
    r"erforderlich|vorausgesetzt|mindestens|erfahrung (?:in|mit)|kenntnisse|exig[ée]|"
    r"obligatoire|indispensable|au moins|exp[ée]rience (?:de|en|avec|d')|ma[îi]trise|"
    r"imprescindible|al menos|experiencia (?:en|con|de)|dominio de|conocimientos|"
    r"minimaal|ervaring met|kennis van",
    re.I,
)
_PROSE_SECTIONS = frozenset({SectionKind.ROLE_SUMMARY, SectionKind.OTHER})
_LIST_SECTIONS = frozenset({SectionKind.MUST_HAVE, SectionKind.NICE_TO_HAVE})


@dataclass(frozen=True, slots=True)
class Found:
    kind: RequirementKind
    text: str
    start: int | None
    end: int | None
    section: SectionKind


def units(section: Section) -> Iterator[Block]:
    """The list items and sentences of a section: what a requirement or a skill is read from."""
    for block in section.blocks:
        if block.kind is BlockKind.ITEM:
            yield block
        else:
            yield from sentences(block)


# "Relational databases, ideally PostgreSQL" is a must-have with a preference inside it.
_PREFERENCE_INSIDE = re.compile(
    r"[,(]\s*(?:ideally|preferably|optionally|idealerweise|id[ée]alement|idealmente)\b[^,;)]*",
    re.I,
)


def _kind_in_section(section: SectionKind, text: str) -> RequirementKind | None:
    text = fold(text)
    nice = NICE_CUE.search(_PREFERENCE_INSIDE.sub("", text)) is not None
    must = MUST_MARK.search(text) is not None
    # an explicit marker overrides the section: "Fluent Italian (required)" among the
    # nice-to-haves is a must-have, "Kafka is a plus" among the requirements is not
    if section is SectionKind.NICE_TO_HAVE:
        return RequirementKind.MUST_HAVE if must and not nice else RequirementKind.NICE_TO_HAVE
    if section is SectionKind.MUST_HAVE:
        return RequirementKind.NICE_TO_HAVE if nice and not must else RequirementKind.MUST_HAVE
    if nice:
        return RequirementKind.NICE_TO_HAVE
    if section in _PROSE_SECTIONS and _EXPLICIT_MUST.search(text):
        return RequirementKind.MUST_HAVE
    return None


def find_requirements(sections: list[Section]) -> list[Found]:
    found: list[Found] = []
    for section in sections:
        if section.kind in {
            SectionKind.BENEFITS,
            SectionKind.COMPENSATION,
            SectionKind.PROCESS,
            SectionKind.ABOUT_COMPANY,
            SectionKind.LOCATION,
        }:
            continue
        for unit in units(section):
            text = squash(unit.text)
            if not any(c.isalnum() for c in text):
                continue
            if text.endswith(":") and unit.kind is not BlockKind.ITEM:
                continue
            if (
                NOT_A_REQUIREMENT.search(fold(text))
                or BOILERPLATE_CUE.search(fold(text))
                or (section.kind not in _LIST_SECTIONS and len(text.split()) < 3)
            ):
                continue
            kind = _kind_in_section(section.kind, text)
            if kind is not None:
                found.append(Found(kind, text, unit.start, unit.end, section.kind))
    return found
