"""Group blocks into the sections of a job description.

A heading names its section when its words say which one it is. Text under no heading we
recognise (or under no heading at all) is classified by its own phrasing, paragraph by
paragraph, so a description without headings or made of one paragraph still gets sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jobintel.contracts import SectionKind

from .blocks import Block, BlockKind, sentences
from .lexicon import (
    ABOUT_CUE,
    BENEFIT_CUE,
    BOILERPLATE_CUE,
    COMPENSATION_CUE,
    LOCATION_CUE,
    MUST_CUE,
    NICE_CUE,
    PROCESS_CUE,
    RESPONSIBILITY_CUE,
    fold,
    heading_coverage,
    heading_kind,
)


@dataclass
class Section:
    kind: SectionKind
    heading: str | None
    blocks: list[Block] = field(default_factory=list)
    heading_block: Block | None = None
    by_phrasing: bool = False
    lead_in: bool = False

    @property
    def start(self) -> int | None:
        starts = [b.start for b in (self.heading_block, *self.blocks) if b and b.start is not None]
        return min(starts) if starts else None

    @property
    def end(self) -> int | None:
        ends = [b.end for b in (self.heading_block, *self.blocks) if b and b.end is not None]
        return max(ends) if ends else None

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


_CUES: tuple[tuple[SectionKind, re.Pattern[str]], ...] = (
    (SectionKind.COMPENSATION, COMPENSATION_CUE),
    (SectionKind.BENEFITS, BENEFIT_CUE),
    (SectionKind.NICE_TO_HAVE, NICE_CUE),
    (SectionKind.PROCESS, PROCESS_CUE),
    (SectionKind.MUST_HAVE, MUST_CUE),
    (SectionKind.RESPONSIBILITIES, RESPONSIBILITY_CUE),
    (SectionKind.ABOUT_COMPANY, ABOUT_CUE),
    (SectionKind.LOCATION, LOCATION_CUE),
)


def phrasing_kind(text: str, *, first: bool = False) -> SectionKind:
    """The section a paragraph reads like, when no heading says so."""
    text = fold(text)
    if BOILERPLATE_CUE.search(text):
        return SectionKind.PROCESS  # equal opportunity, accommodation, privacy: legal text
    scores: dict[SectionKind, int] = {}
    for kind, pattern in _CUES:
        hits = len(pattern.findall(text))
        if hits:
            scores[kind] = hits
    if not scores:
        return SectionKind.ROLE_SUMMARY if first else SectionKind.OTHER
    if SectionKind.ABOUT_COMPANY in scores and first:
        return SectionKind.ABOUT_COMPANY
    best = max(scores.values())
    for kind, _ in _CUES:  # ties go to the more specific kind, in _CUES order
        if scores.get(kind) == best:
            return kind
    return SectionKind.OTHER  # pragma: no cover - scores is not empty


def _lead_in(block: Block) -> bool:
    """A paragraph ending with a colon introduces the list that follows it."""
    return block.kind is BlockKind.PARAGRAPH and block.text.rstrip().endswith(":")


_INLINE_LABEL = re.compile(r"^([^:\n]{2,40}?)\s*:\s+(\S.*)$", re.S)


def _inline_label(block: Block) -> tuple[SectionKind, str, Block] | None:
    """ "Location: remote in Europe" is a heading and its section on one line."""
    if block.kind is not BlockKind.PARAGRAPH:
        return None
    m = _INLINE_LABEL.match(fold(block.text))
    if m is None or len(m.group(1).split()) > 5 or heading_coverage(m.group(1)) <= 0.6:
        return None
    kind = heading_kind(m.group(1))
    if kind is None:
        return None
    start = None if block.start is None else block.start + m.start(2)
    return kind, m.group(1).strip(), Block(BlockKind.PARAGRAPH, m.group(2), start, block.end)


_ELSEWHERE = frozenset(
    {
        SectionKind.PROCESS,
        SectionKind.BENEFITS,
        SectionKind.COMPENSATION,
        SectionKind.LOCATION,
        SectionKind.ABOUT_COMPANY,
    }
)


def _leaves_list(current: Section, block: Block) -> bool:
    """A paragraph after a requirements list that reads like another section ends the list."""
    return (
        current.kind in {SectionKind.MUST_HAVE, SectionKind.NICE_TO_HAVE}
        and block.kind is BlockKind.PARAGRAPH
        and bool(current.blocks)
        and all(b.kind is BlockKind.ITEM for b in current.blocks)
        and phrasing_kind(block.text) in _ELSEWHERE
    )


def _refine(section: Section) -> Section:
    """ "The role" over a list of things to do is the responsibilities."""
    items = [b for b in section.blocks if b.kind is BlockKind.ITEM]
    if (
        section.kind in {SectionKind.ROLE_SUMMARY, SectionKind.OTHER}
        and section.heading
        and len(items) >= 2
        and sum(bool(RESPONSIBILITY_CUE.search(fold(b.text))) for b in items) * 2 > len(items)
    ):
        section.kind = SectionKind.RESPONSIBILITIES
    return section


# sections whose sub-headings ("Paid Parental Leave" among the benefits) stay inside them
_HOLDS_SUBHEADINGS = frozenset(
    {SectionKind.BENEFITS, SectionKind.COMPENSATION, SectionKind.PROCESS, SectionKind.LOCATION}
)


def _subheading(current: Section | None, block: Block) -> bool:
    """A heading naming no section, inside a section that holds sub-headings, is its content."""
    return (
        current is not None
        and block.kind is BlockKind.HEADING
        and not current.by_phrasing
        and current.kind in _HOLDS_SUBHEADINGS
        and heading_kind(block.text) is None
    )


def _by_phrasing(current: Section | None) -> bool:
    return current is None or current.by_phrasing


def split_sections(blocks: list[Block]) -> list[Section]:
    sections: list[Section] = []
    current: Section | None = None
    queue = list(reversed(blocks))
    while queue:
        block = queue.pop()
        if (label := _inline_label(block)) is not None:
            kind, heading, body = label
            head = Block(
                BlockKind.HEADING,
                heading,
                block.start,
                None if block.start is None else block.start + len(heading),
            )
            # the label covers its own line; what follows is read on its own again
            current = Section(kind, heading, [body], heading_block=head, by_phrasing=True)
            sections.append(current)
            continue
        if (
            block.kind is BlockKind.PARAGRAPH
            and _by_phrasing(current)
            and not _lead_in(block)
            and len(parts := sentences(block)) > 1
        ):
            queue.extend(reversed(parts))  # no heading to go by: read sentence by sentence
            continue
        if _subheading(current, block):
            assert current is not None
            current.blocks.append(Block(BlockKind.PARAGRAPH, block.text, block.start, block.end))
            continue
        if block.kind is BlockKind.HEADING or _lead_in(block):
            named: SectionKind | None = heading_kind(block.text)
            if named is None and block.kind is BlockKind.PARAGRAPH:
                named = phrasing_kind(block.text)
            kind = named or SectionKind.OTHER
            lead_in = block.kind is BlockKind.PARAGRAPH
            # an unknown heading (a company name, a slogan) says nothing: read what follows;
            # a lead-in sentence ("You will need:") covers the list under it, no more
            current = Section(
                kind,
                block.text.strip(" :"),
                heading_block=block,
                by_phrasing=kind is SectionKind.OTHER or lead_in,
                lead_in=lead_in,
            )
            sections.append(current)
            continue
        if current is not None and not current.by_phrasing and not _leaves_list(current, block):
            current.blocks.append(block)
            continue
        if (
            current is not None
            and block.kind is BlockKind.ITEM
            and (current.blocks or current.lead_in)
        ):
            current.blocks.append(block)  # a list continues the line that led into it
            continue
        kind = phrasing_kind(block.text, first=not any(s.blocks for s in sections))
        if current is not None and current.by_phrasing and current.kind is kind:
            current.blocks.append(block)
            continue
        current = Section(kind, None, [block], by_phrasing=True)
        sections.append(current)
    return [
        _refine(s) for s in sections if s.blocks or (s.heading and s.kind is not SectionKind.OTHER)
    ]
