"""Annotation spans: checked against the description; cut into highlight segments."""

from __future__ import annotations

import pytest

from jobintel.contracts import Annotation, AnnotationType
from jobintel.gateway.domain.annotations import segments, span_error

pytestmark = pytest.mark.unit

TEXT = "Python and Go. Café ☕ culture."


def note(start: int, end: int, kind: AnnotationType = AnnotationType.NOTE) -> Annotation:
    return Annotation(
        annotation_id=f"{start}-{end}", type=kind, start=start, end=end, quote=TEXT[start:end]
    )


def test_a_span_must_quote_the_text_exactly() -> None:
    assert span_error(TEXT, 0, 6, "Python") is None
    assert span_error(TEXT, 0, 6, "python") is not None
    assert "past the end" in (span_error(TEXT, 0, 99, "x") or "")
    assert "greater than start" in (span_error(TEXT, 5, 5, "x") or "")
    assert "no description yet" in (span_error(None, 0, 1, "P") or "")


def test_offsets_count_characters_not_bytes() -> None:
    start = TEXT.index("☕")
    assert span_error(TEXT, start, start + 1, "☕") is None
    assert span_error(TEXT, TEXT.index("Café"), TEXT.index("Café") + 4, "Café") is None


def test_segments_cover_the_text_once_even_with_overlaps() -> None:
    a, b = note(0, 10), note(7, 13, AnnotationType.MUST_HAVE)
    parts = segments(TEXT, [a, b])
    assert "".join(p.text for p in parts) == TEXT
    covered = [(p.text, [x.annotation_id for x in p.annotations]) for p in parts]
    assert covered[:4] == [
        ("Python ", ["0-10"]),
        ("and", ["0-10", "7-13"]),
        (" Go", ["7-13"]),
        (". Café ☕ culture.", []),
    ]


def test_spans_outside_the_text_are_left_out_of_highlights() -> None:
    stale = Annotation(annotation_id="x", type=AnnotationType.NOTE, start=10, end=500, quote="?")
    parts = segments(TEXT, [stale])
    assert [p.text for p in parts] == [TEXT]
