"""A model's structuring of a description, kept only where it quotes the description.

The model answers `ModelReading` (sections by their opening words, requirements as verbatim
quotes, skills by name). Here every quote is found again in `description_text`, so each section
and requirement gets an exact span and the description's own words; a quote that is not in the
text is dropped and counted in `notes`. Skills and keyword weights still come from the shipped
taxonomy; a skill the model named is added only where its name appears in the text.
Pure: the same reply always gives the same result.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, Field

from jobintel.contracts import (
    JdSection,
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
from .blocks import Block, squash
from .quotes import QuoteFinder
from .structure import analyse, assemble, weigh_keywords
from .taxonomy import Taxonomy

# ---------------------------------------------------------------- what the model answers


class ReadSection(BaseModel):
    kind: SectionKind = Field(description="What the section is about")
    heading: str | None = Field(
        description="The section's heading exactly as written, or null when it has none"
    )
    starts_with: str = Field(
        description=(
            "The first 4 to 12 words of the section copied exactly from the description "
            "(its heading when it has one)"
        )
    )


class ReadRequirement(BaseModel):
    kind: RequirementKind = Field(
        description="must_have unless the text marks it optional (plus, bonus, preferred, ideally)"
    )
    quote: str = Field(
        description=(
            "The requirement copied exactly from the description, character for character: "
            "the whole list item or sentence, without its bullet"
        )
    )
    skills: list[str] = Field(
        description="Skills, tools and technologies it names, spelled as in the description"
    )


class ReadSkill(BaseModel):
    name: str = Field(description="As spelled in the description")
    category: SkillCategory


class ModelReading(BaseModel):
    """A model's reading of one job description; every text field quotes the description."""

    sections: list[ReadSection] = Field(description="In the order they appear")
    requirements: list[ReadRequirement] = Field(
        description="Every must-have and nice-to-have requirement of the candidate, in order"
    )
    skills: list[ReadSkill] = Field(
        description="Every skill, tool, technology, practice or domain the description names"
    )


# ---------------------------------------------------------------- grounding it in the text


class Ungrounded(ValueError):
    """The reply cannot be tied to the description at all: use the offline result instead."""


@dataclass(frozen=True, slots=True)
class _Mention:
    name: str
    start: int
    end: int


def _span(start: int, end: int) -> Span:
    return Span(start=start, end=end)


def _sections(reading: ModelReading, finder: QuoteFinder) -> tuple[list[JdSection], list[str]]:
    text = finder.text
    located: dict[int, ReadSection] = {}
    dropped: list[str] = []
    cursor = 0
    for section in reading.sections:
        hit = finder.find(section.starts_with, cursor)
        if hit is None:
            dropped.append(section.starts_with)
            continue
        located.setdefault(hit[0], section)
        cursor = hit[1]
    starts = sorted(located)
    out: list[JdSection] = []
    for start, end in zip(starts, [*starts[1:], len(text)], strict=False):
        body = text[start:end].rstrip()
        if not body.strip():
            continue
        read = located[start]
        heading = None
        if read.heading:
            found = finder.find(read.heading, start)
            if found is not None and start <= found[0] < start + 8:  # it opens the section
                heading = squash(text[found[0] : found[1]]).rstrip(":").strip() or None
        out.append(
            JdSection(
                kind=read.kind, heading=heading, text=body, span=_span(start, start + len(body))
            )
        )
    return out, dropped


def _kind_at(at: int, sections: Sequence[JdSection]) -> SectionKind | None:
    for section in sections:
        assert section.span is not None
        if section.span.start <= at < section.span.end:
            return section.kind
    return None


def _requirements(
    reading: ModelReading, finder: QuoteFinder, sections: Sequence[JdSection]
) -> tuple[list[Requirement], list[str]]:
    found: dict[tuple[int, int], Requirement] = {}
    dropped: list[str] = []
    cursor = 0
    for read in reading.requirements:
        hit = finder.find(read.quote, cursor)
        if hit is None:
            dropped.append(read.quote)
            continue
        cursor = hit[1]
        found.setdefault(
            hit,
            Requirement(
                kind=read.kind,
                text=squash(finder.text[hit[0] : hit[1]]),
                span=_span(*hit),
                section=_kind_at(hit[0], sections),
            ),
        )
    return [found[k] for k in sorted(found)], dropped


def _model_skills(reading: ModelReading) -> dict[str, SkillCategory]:
    named: dict[str, SkillCategory] = {}
    for skill in reading.skills:
        named.setdefault(skill.name.strip(), skill.category)
    for requirement in reading.requirements:
        for name in requirement.skills:
            named.setdefault(name.strip(), SkillCategory.TOOL)
    named.pop("", None)
    return named


def _mentions(
    reading: ModelReading, finder: QuoteFinder, taxonomy: Taxonomy
) -> tuple[list[_Mention], dict[str, SkillCategory], list[str]]:
    """Taxonomy matches, plus the model's skills where they appear and no taxonomy skill does."""
    mentions = [_Mention(m.skill.name, m.start, m.end) for m in taxonomy.find(finder.text)]
    taken = [(m.start, m.end) for m in mentions]
    categories: dict[str, SkillCategory] = {}
    absent: list[str] = []
    matched = {m.name for m in mentions}
    for name, category in _model_skills(reading).items():
        skill = taxonomy.canonical(name)
        if skill is not None and skill.name in matched:
            continue  # "Kubernetes" for the text's "k8s": the taxonomy already found it
        places = finder.occurrences(name)
        if not places:
            absent.append(name)
            continue
        free = [(s, e) for s, e in places if not any(s < te and ts < e for ts, te in taken)]
        if not free:
            continue  # the taxonomy already counts it there (as this skill or a longer one)
        # the taxonomy's name when it knows the skill, else the model's spelling of the text's
        canonical = skill.name if skill else " ".join(name.split())
        if skill is None:
            categories.setdefault(canonical, category)
        mentions += [_Mention(canonical, s, e) for s, e in free]
        taken += free
    return sorted(mentions, key=lambda m: m.start), categories, absent


def _where(
    at: int, requirements: Sequence[Requirement], sections: Sequence[JdSection]
) -> SectionKind:
    """A mention weighs as the requirement it is in, else as its section."""
    for requirement in requirements:
        assert requirement.span is not None
        if requirement.span.start <= at < requirement.span.end:
            if requirement.kind is RequirementKind.MUST_HAVE:
                return SectionKind.MUST_HAVE
            return SectionKind.NICE_TO_HAVE
    return _kind_at(at, sections) or SectionKind.OTHER


def _with_skills(
    requirements: list[Requirement], mentions: Iterable[_Mention]
) -> list[Requirement]:
    listed = list(mentions)
    out = []
    for requirement in requirements:
        assert requirement.span is not None
        inside = [
            m.name for m in listed if requirement.span.start <= m.start < requirement.span.end
        ]
        out.append(requirement.model_copy(update={"skills": list(dict.fromkeys(inside))}))
    return out


def _preview(quotes: Sequence[str], limit: int = 3) -> str:
    shown = ", ".join(repr(q[:60] + ("..." if len(q) > 60 else "")) for q in quotes[:limit])
    return shown + (f" and {len(quotes) - limit} more" if len(quotes) > limit else "")


def ground(posting: Posting, reading: ModelReading, taxonomy: Taxonomy) -> StructuredJD:
    """The model's reading tied to the description; `Ungrounded` when nothing of it could be."""
    text = posting.description_text
    if not reading.sections and not reading.requirements:
        raise Ungrounded("the model found no sections and no requirements")
    finder = QuoteFinder(text)
    sections, lost_sections = _sections(reading, finder)
    requirements, lost_requirements = _requirements(reading, finder, sections)
    if reading.requirements and not requirements:
        raise Ungrounded(
            f"none of the {len(reading.requirements)} requirements the model gave is quoted "
            f"from the description (e.g. {_preview(lost_requirements, 1)})"
        )
    if reading.sections and not sections:
        raise Ungrounded(
            f"none of the {len(reading.sections)} sections the model gave starts with words "
            "of the description"
        )
    # what the offline reading keeps out (text addressed to automated tools, legal and
    # benefits text, ordinary words of the posting's language) stays out here too
    offline = analyse(posting, taxonomy)
    requirements, injected = _outside(requirements, offline.instructions)
    mentions, categories, absent = _mentions(reading, finder, taxonomy)
    mentions = [
        m
        for m in mentions
        if (m.start in offline.positions if taxonomy.canonical(m.name) else True)
        and not _inside(m.start, offline.instructions)
    ]
    requirements = _with_skills(requirements, mentions)
    notes = []
    if injected:
        notes.append(
            f"LLM structuring dropped {len(injected)} requirement(s) quoted from text "
            "addressed to automated tools"
        )
    if lost_requirements:
        notes.append(
            f"LLM structuring dropped {len(lost_requirements)} of {len(reading.requirements)} "
            f"requirements not found in the description: {_preview(lost_requirements)}"
        )
    if lost_sections:
        notes.append(
            f"LLM structuring dropped {len(lost_sections)} of {len(reading.sections)} sections "
            f"whose opening words are not in the description: {_preview(lost_sections)}"
        )
    if absent:
        notes.append(
            f"LLM structuring ignored {len(absent)} skill(s) the description does not name: "
            + ", ".join(absent[:8])
            + (" ..." if len(absent) > 8 else "")
        )
    keywords = weigh_keywords(
        posting.title,
        ((m.name, _where(m.start, requirements, sections)) for m in mentions),
        requirements,
        taxonomy,
        categories,
        language=attributes.posting_language(posting.language, text),
    )
    return assemble(
        posting,
        sections,
        requirements,
        keywords,
        StructuringMethod.LLM,
        notes,
        instructions=offline.instructions,
    )


def _inside(at: int, passages: Sequence[Block]) -> bool:
    return any(
        p.start is not None and p.end is not None and p.start <= at < p.end for p in passages
    )


def _outside(
    requirements: list[Requirement], passages: Sequence[Block]
) -> tuple[list[Requirement], list[Requirement]]:
    kept: list[Requirement] = []
    dropped: list[Requirement] = []
    for requirement in requirements:
        assert requirement.span is not None
        (dropped if _inside(requirement.span.start, passages) else kept).append(requirement)
    return kept, dropped
