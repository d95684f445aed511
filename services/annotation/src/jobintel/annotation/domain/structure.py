"""Offline, deterministic structuring of a posting into a `StructuredJD`.

The same posting always gives the same result: no clock, no randomness, no network.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from jobintel.contracts import (
    JdSection,
    Keyword,
    Posting,
    Requirement,
    RequirementKind,
    SectionKind,
    SkillCategory,
    Span,
    StructuredJD,
    StructuringMethod,
)

from . import attributes
from .blocks import Block, blocks_of, squash
from .requirements import Found, find_requirements
from .sections import Section, split_sections
from .taxonomy import SkillMatch, Taxonomy, default_taxonomy

# How much one mention counts, by where it is: a must-have outweighs a line in the benefits.
SECTION_WEIGHT: dict[SectionKind, float] = {
    SectionKind.MUST_HAVE: 3.0,
    SectionKind.RESPONSIBILITIES: 2.0,
    SectionKind.NICE_TO_HAVE: 1.5,
    SectionKind.ROLE_SUMMARY: 1.5,
    SectionKind.OTHER: 1.0,
    SectionKind.ABOUT_COMPANY: 0.5,
    SectionKind.LOCATION: 0.3,
    SectionKind.PROCESS: 0.2,
    SectionKind.BENEFITS: 0.2,
    SectionKind.COMPENSATION: 0.2,
}
TITLE_WEIGHT = 3.0
REQUIRED_BONUS = 1.0


@dataclass
class Structure:
    """Intermediate result, kept for the progress messages and the tests."""

    sections: list[Section]
    requirements: list[Found]
    matches: list[tuple[SkillMatch, SectionKind]] = field(default_factory=list)


def _drop_title(blocks: list[Block], title: str) -> list[Block]:
    """The first line of a pasted posting is often its title: not part of any section."""
    if blocks and squash(blocks[0].text).lower().startswith(squash(title).lower()):
        return blocks[1:]
    return blocks


def _span(start: int | None, end: int | None) -> Span | None:
    return Span(start=start, end=end) if start is not None and end is not None else None


def analyse(posting: Posting, taxonomy: Taxonomy) -> Structure:
    blocks = _drop_title(blocks_of(posting), posting.title)
    sections = split_sections(blocks)
    requirements = find_requirements(sections)
    matches: list[tuple[SkillMatch, SectionKind]] = []
    for section in sections:
        for block in section.blocks:
            for m in taxonomy.find(block.text):
                at = None if block.start is None else block.start + m.start
                matches.append((m, _kind_at(requirements, at, section.kind)))
    return Structure(sections, requirements, matches)


def _kind_at(requirements: list[Found], at: int | None, section: SectionKind) -> SectionKind:
    """A skill weighs as its requirement does: "Kafka is a plus" under "Requirements" is nice."""
    if at is not None:
        for req in requirements:
            if req.start is not None and req.end is not None and req.start <= at < req.end:
                if req.kind is RequirementKind.NICE_TO_HAVE:
                    return SectionKind.NICE_TO_HAVE
                return SectionKind.MUST_HAVE
    return section


def weigh_keywords(
    title: str,
    mentions: Iterable[tuple[str, SectionKind]],
    requirements: list[Requirement],
    taxonomy: Taxonomy,
    categories: Mapping[str, SkillCategory | None] | None = None,
) -> list[Keyword]:
    """Keywords weighted by where each mention is (`mentions`: canonical name, section kind).

    `categories` gives the category of names the taxonomy does not know (skills a model found).
    """
    weight: dict[str, float] = defaultdict(float)
    count: dict[str, int] = defaultdict(int)
    where: dict[str, list[SectionKind]] = defaultdict(list)
    for name, kind in mentions:
        # repeated mentions add less and less: the third "Python" matters less than the first
        weight[name] += SECTION_WEIGHT[kind] / math.sqrt(count[name] + 1)
        count[name] += 1
        if kind not in where[name]:
            where[name].append(kind)
    for name in taxonomy.names(title):
        weight[name] += TITLE_WEIGHT
        count[name] += 1
    must = {s for r in requirements if r.kind is RequirementKind.MUST_HAVE for s in r.skills}
    for name in must:
        weight[name] += REQUIRED_BONUS
    known = {name: skill.category for name, skill in taxonomy.by_name.items()}
    extra = categories or {}
    keywords = [
        Keyword(
            name=name,
            category=known[name] if name in known else extra.get(name),
            weight=round(w, 3),
            occurrences=count[name],
            required=name in must,
            sections=where[name],
        )
        for name, w in weight.items()
    ]
    return sorted(keywords, key=lambda k: (-k.weight, k.name))


def structure_posting(posting: Posting, taxonomy: Taxonomy | None = None) -> StructuredJD:
    """Structure a posting offline. Version 1, no annotations: the service adds both."""
    taxonomy = taxonomy or default_taxonomy()
    found = analyse(posting, taxonomy)
    sections = [
        JdSection(kind=s.kind, heading=s.heading, text=s.text, span=_span(s.start, s.end))
        for s in found.sections
    ]
    requirements = [
        Requirement(
            kind=r.kind,
            text=r.text,
            span=_span(r.start, r.end),
            skills=taxonomy.names(r.text),
            section=r.section,
        )
        for r in found.requirements
    ]
    notes = []
    if not any(s.heading for s in found.sections):
        notes.append("no headings found: sections were read from the phrasing of each sentence")
    keywords = weigh_keywords(
        posting.title,
        ((m.skill.name, kind) for m, kind in found.matches),
        requirements,
        taxonomy,
    )
    return assemble(posting, sections, requirements, keywords, StructuringMethod.OFFLINE, notes)


def assemble(
    posting: Posting,
    sections: list[JdSection],
    requirements: list[Requirement],
    keywords: list[Keyword],
    method: StructuringMethod,
    notes: list[str],
) -> StructuredJD:
    """The structured JD around what a structurer found: the attributes are read the same way
    whichever structurer found the sections and requirements."""
    text = posting.description_text
    asked = "\n".join(r.text for r in requirements) or text
    years, years_max = attributes.years_of_experience(asked)
    return StructuredJD(
        version=1,
        title=posting.title,
        company=posting.company,
        description_text=text,
        sections=sections,
        requirements=requirements,
        keywords=keywords,
        seniority=attributes.seniority(posting.title, asked),
        role_family=attributes.role_family(posting.title, text),
        years_experience=years,
        years_experience_max=years_max,
        education=attributes.education(asked),
        work_authorization_required=attributes.work_authorization_required(text),
        clearance_required=attributes.clearance_required(text),
        language=posting.language or attributes.language(text),
        method=method,
        notes=notes,
    )
