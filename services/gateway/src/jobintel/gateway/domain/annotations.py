"""Annotations on a job description: checks before sending, and what the annotator shows.

Offsets count characters (code points) of the description's plain text, as Python does.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from jobintel.contracts import Annotation, JdSection, Requirement


def span_error(text: str | None, start: int, end: int, quote: str) -> str | None:
    """Why the span cannot be an annotation of `text`, or None when it can."""
    if text is None:
        return "the job has no description yet: wait until it is ingested"
    if end <= start:
        return f"end ({end}) must be greater than start ({start})"
    if end > len(text):
        return f"end ({end}) is past the end of the description ({len(text)} characters)"
    found = text[start:end]
    if found != quote:
        return f"quote does not match the description at {start}..{end}: found {found!r}"
    return None


@dataclass(frozen=True)
class Segment:
    """A run of the description covered by the same annotations (none for plain text)."""

    start: int
    text: str
    annotations: tuple[Annotation, ...] = ()


def segments(text: str, annotations: list[Annotation]) -> list[Segment]:
    """Cut the text at every annotation boundary, so overlapping highlights render cleanly."""
    valid = [a for a in annotations if 0 <= a.start < a.end <= len(text)]
    cuts = sorted({0, len(text), *(a.start for a in valid), *(a.end for a in valid)})
    out: list[Segment] = []
    for start, end in itertools.pairwise(cuts):
        covering = tuple(a for a in valid if a.start < end and a.end > start)
        out.append(Segment(start=start, text=text[start:end], annotations=covering))
    return out


def _overlaps(start: int, end: int, annotations: list[Annotation]) -> bool:
    return any(a.start < end and a.end > start for a in annotations)


@dataclass
class SectionCoverage:
    kind: str
    heading: str | None
    annotated: bool
    annotations: int


@dataclass
class Coverage:
    """Which sections hold annotations and what share of the requirements are annotated."""

    sections: list[SectionCoverage] = field(default_factory=list)
    requirements_total: int = 0
    requirements_annotated: int = 0

    @property
    def share(self) -> float:
        if not self.requirements_total:
            return 0.0
        return self.requirements_annotated / self.requirements_total


def coverage(sections: list[JdSection], requirements: list[Requirement],
             annotations: list[Annotation]) -> Coverage:
    result = Coverage()
    for section in sections:
        span = section.span
        count = 0 if span is None else sum(
            1 for a in annotations if a.start < span.end and a.end > span.start)
        result.sections.append(SectionCoverage(kind=section.kind.value, heading=section.heading,
                                               annotated=count > 0, annotations=count))
    located = [r for r in requirements if r.span is not None]
    result.requirements_total = len(located)
    result.requirements_annotated = sum(
        1 for r in located if r.span is not None and _overlaps(r.span.start, r.span.end,
                                                                 annotations))
    return result
