"""Offline, deterministic structuring of a posting into a `StructuredJD`.

The same posting always gives the same result: no clock, no randomness, no network.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
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
from jobintel.contracts.jd import AIMED_AT_TOOLS, ToolInstruction

from . import attributes
from .blocks import Block, BlockKind, blocks_of, sentences, squash
from .injection import screen
from .lexicon import BOILERPLATE_CUE, ORDINARY_WORDS, fold
from .requirements import Found, find_requirements, units
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
    instructions: list[Block] = field(default_factory=list)  # addressed to automated tools
    positions: set[int] = field(default_factory=set)  # where each kept skill match starts


# Sections whose skills are not asked of the candidate: "a Kubernetes workshop budget" in the
# benefits, "Recruiting" in the equal-opportunity statement.
NO_KEYWORDS = frozenset({SectionKind.BENEFITS, SectionKind.COMPENSATION, SectionKind.PROCESS})


def _drop_title(blocks: list[Block], title: str) -> list[Block]:
    """The first line of a pasted posting is often its title: not part of any section. In a
    one-paragraph posting ("Data Engineer at Larkspur Bank. We are hiring ...") only its first
    sentence is."""
    if not blocks or not title.strip():
        return blocks
    first = blocks[0]
    if not squash(first.text).lower().startswith(squash(title).lower()):
        return blocks
    parts = sentences(first) if first.kind is BlockKind.PARAGRAPH else [first]
    if len(parts) <= 1 or len(squash(parts[0].text)) > len(squash(title)) + 60:
        return blocks[1:] if len(parts) <= 1 else blocks
    rest = parts[1]
    if first.start is None or rest.start is None:
        offset = first.text.find(rest.text)
        return [Block(first.kind, first.text[offset:]), *blocks[1:]]
    offset = rest.start - first.start
    return [Block(first.kind, first.text[offset:], rest.start, first.end), *blocks[1:]]


def _span(start: int | None, end: int | None) -> Span | None:
    return Span(start=start, end=end) if start is not None and end is not None else None


def analyse(posting: Posting, taxonomy: Taxonomy) -> Structure:
    screened = screen(blocks_of(posting))
    blocks = _drop_title(screened.blocks, posting.title)
    sections = split_sections(blocks)
    requirements = find_requirements(sections)
    language = attributes.posting_language(posting.language, posting.description_text)
    positions: set[int] = set()
    matches: list[tuple[SkillMatch, SectionKind]] = []
    for section in sections:
        if section.kind in NO_KEYWORDS:
            continue
        for unit in units(section):
            if BOILERPLATE_CUE.search(fold(unit.text)):
                continue
            for m in skills_in(unit, taxonomy, language):
                if _in_name(m, unit.text, posting.company):
                    continue  # "Tapas Express" is the employer, not the framework
                at = None if unit.start is None else unit.start + m.start
                if at is not None:
                    positions.add(at)
                matches.append((m, _kind_at(requirements, at, section.kind)))
    return Structure(sections, requirements, matches, screened.passages, positions)


def _in_name(match: SkillMatch, text: str, company: str | None) -> bool:
    """Whether the match is part of the employer's own name where the text names it."""
    if not company or not company.strip():
        return False
    for m in re.finditer(re.escape(company.strip()), text, re.I):
        if m.start() <= match.start and match.end <= m.end():
            return True
    return False


_LISTED_WITH = re.compile(
    r"^\s*(?:[,/;&+|()]|\b(?:and|or|et|ou|und|oder|y|o|en|of)\b)\s*[(]?\s*$", re.I
)


def skills_in(unit: Block, taxonomy: Taxonomy, language: str | None) -> list[SkillMatch]:
    """Taxonomy skills in one item or sentence. A skill name that is an ordinary word of the
    posting's language ("Amplitude de travail", "point de vue") counts only written
    capitalised in a list of skills ("Tableau, Power BI ou Looker") or as a list item alone."""
    found = taxonomy.find(unit.text)
    ordinary = ORDINARY_WORDS.get(language or "", frozenset())
    if not ordinary:
        return found
    text = unit.text
    kept = []
    for i, m in enumerate(found):
        word = text[m.start : m.end]
        if word.lower() not in ordinary:
            kept.append(m)
            continue
        listed = (i > 0 and _LISTED_WITH.match(text[found[i - 1].end : m.start])) or (
            i + 1 < len(found) and _LISTED_WITH.match(text[m.end : found[i + 1].start])
        )
        alone = unit.kind is BlockKind.ITEM and squash(text).lower() == word.lower()
        if not word[:1].islower() and (listed or alone):
            kept.append(m)
    return kept


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
    *,
    language: str | None = None,
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
    in_title = skills_in(Block(BlockKind.PARAGRAPH, title), taxonomy, language)
    for name in dict.fromkeys(m.skill.name for m in in_title):
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
        language=attributes.posting_language(posting.language, posting.description_text),
    )
    return assemble(
        posting,
        sections,
        requirements,
        keywords,
        StructuringMethod.OFFLINE,
        notes,
        instructions=found.instructions,
    )


def assemble(
    posting: Posting,
    sections: list[JdSection],
    requirements: list[Requirement],
    keywords: list[Keyword],
    method: StructuringMethod,
    notes: list[str],
    *,
    instructions: Sequence[Block] = (),
) -> StructuredJD:
    """The structured JD around what a structurer found: the attributes are read the same way
    whichever structurer found the sections and requirements. `instructions` are the
    passages addressed to automated tools, flagged on the result."""
    text = posting.description_text
    if instructions:
        notes = [
            *notes,
            f"{AIMED_AT_TOOLS} ({len(instructions)} passage(s)): they were left out of the "
            "requirements and keywords and are never sent to a model",
        ]
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
        language=attributes.posting_language(posting.language, text),
        method=method,
        notes=notes,
        instructions_for_tools=[
            ToolInstruction(text=p.text, span=_span(p.start, p.end)) for p in instructions
        ],
    )
