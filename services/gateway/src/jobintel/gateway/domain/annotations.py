"""Checks on a user's annotation before it is sent: it must point at real text."""

from __future__ import annotations

from jobintel.contracts import Annotation, JdSection


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


def coverage(sections: list[JdSection], annotations: list[Annotation]) -> dict[int, bool]:
    """Which sections (by index) hold at least one annotation: the UI's coverage marks."""
    marks: dict[int, bool] = {}
    for i, section in enumerate(sections):
        span = section.span
        marks[i] = span is not None and any(
            a.start < span.end and a.end > span.start for a in annotations
        )
    return marks
