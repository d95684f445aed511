"""Annotations on a job description: checks before sending, and the annotator's highlights.

Coverage is not computed here: the structured JD carries it (`jd.coverage`).

Offsets count characters (code points) of the description's plain text, as Python does.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from jobintel.contracts import Annotation


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
