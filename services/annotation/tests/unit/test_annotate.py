"""User annotations: placing them, re-anchoring them, and what they do to the JD."""

from __future__ import annotations

import pytest

from jobintel.annotation.domain.annotate import (
    AnnotationError,
    annotate,
    apply_changes,
    place,
    reanchor,
)
from jobintel.annotation.domain.structure import structure_posting
from jobintel.contracts import (
    Annotation,
    AnnotationType,
    Posting,
    RequirementKind,
    SectionKind,
    StructuredJD,
)

pytestmark = pytest.mark.unit

TEXT = """About us:
We build tools for clinics.

Requirements:
- 5+ years of Python
- Experience with Kafka

Nice to have:
- Rust
- Terraform
"""


def note(
    quote: str,
    kind: AnnotationType = AnnotationType.NOTE,
    *,
    aid: str = "a",
    relevance: int = 3,
    text: str = TEXT,
) -> Annotation:
    start = text.index(quote)
    return Annotation(
        annotation_id=aid,
        type=kind,
        start=start,
        end=start + len(quote),
        quote=quote,
        relevance=relevance,
    )


def base() -> StructuredJD:
    return structure_posting(Posting(source="t", title="Engineer", description_text=TEXT))


def test_place_keeps_exact_offsets_and_fixes_stale_ones() -> None:
    exact = note("Kafka")
    assert place(exact, TEXT) == exact
    stale = exact.model_copy(update={"start": 0, "end": 5})
    moved = place(stale, TEXT)
    assert TEXT[moved.start : moved.end] == "Kafka"


def test_place_refuses_a_quote_that_is_not_in_the_text() -> None:
    bad = Annotation(annotation_id="x", type=AnnotationType.NOTE, start=0, end=3, quote="COBOL")
    with pytest.raises(AnnotationError, match="not in the job description"):
        place(bad, TEXT)
    backwards = note("Rust").model_copy(update={"start": 10, "end": 2})
    with pytest.raises(AnnotationError, match="before start"):
        place(backwards, TEXT)


def test_reanchor_follows_the_quote_when_the_text_changes() -> None:
    kept, gone = note("Rust", aid="r"), note("Terraform", aid="t")
    new_text = "Intro line added at the top.\n" + TEXT.replace("- Terraform\n", "")
    result = reanchor([kept, gone], new_text)
    assert [a.annotation_id for a in result.kept] == ["r"]
    assert [a.annotation_id for a in result.moved] == ["r"]
    assert [a.annotation_id for a in result.dropped] == ["t"]
    moved = result.kept[0]
    assert new_text[moved.start : moved.end] == "Rust"


def test_reanchor_picks_the_occurrence_nearest_the_old_place() -> None:
    text = "Python here. Then Python there."
    second = Annotation(
        annotation_id="p", type=AnnotationType.NOTE, start=18, end=24, quote="Python"
    )
    shifted = "XX" + text
    [placed] = reanchor([second], shifted).kept
    assert placed.start == 20


def test_apply_changes_upserts_by_id_keeps_created_at_and_deletes() -> None:
    first = note("Rust", aid="r")
    updated = note("Rust", AnnotationType.CORE_STRENGTH, aid="r", relevance=5)
    other = note("Kafka", aid="k")
    result = apply_changes([first, other], [updated], ["k", "missing"], TEXT)
    assert [(a.annotation_id, a.type) for a in result] == [("r", AnnotationType.CORE_STRENGTH)]
    assert result[0].created_at == first.created_at


def test_annotations_move_weights_and_requirement_kinds() -> None:
    jd = base()
    before = {k.name: k.weight for k in jd.keywords}
    must = note("Rust", AnnotationType.MUST_HAVE, aid="m", relevance=5)
    avoid = note("Terraform", AnnotationType.AVOID, aid="v")
    after_jd = annotate(jd, [must, avoid])
    after = {k.name: k for k in after_jd.keywords}
    assert after["Rust"].weight > before["Rust"]
    assert after["Rust"].required
    assert after["Rust"].emphasis > 1
    assert after["Terraform"].weight < before["Terraform"]
    assert after["Terraform"].emphasis < 1
    assert after["Python"].weight == before["Python"]
    rust = next(r for r in after_jd.requirements if r.text == "Rust")
    assert rust.kind is RequirementKind.MUST_HAVE
    assert rust.annotation_ids == ["m"]


def test_annotating_twice_gives_the_same_jd() -> None:
    jd = base()
    items = [note("Kafka", AnnotationType.CORE_STRENGTH)]
    once = annotate(jd, items)
    assert annotate(jd, items) == once


def test_coverage_counts_annotated_requirements_per_section() -> None:
    items = [note("Kafka", AnnotationType.MUST_HAVE), note("Rust", AnnotationType.PASSION, aid="b")]
    jd = annotate(base(), items)
    assert jd.coverage.requirements == 4
    assert jd.coverage.requirements_annotated == 2
    assert jd.coverage.share == 0.5
    by_kind = {s.kind: s for s in jd.coverage.sections}
    assert by_kind[SectionKind.MUST_HAVE].requirements_annotated == 1
    assert by_kind[SectionKind.NICE_TO_HAVE].annotations == 1
    assert by_kind[SectionKind.ABOUT_COMPANY].annotations == 0


def test_an_annotation_on_a_skill_the_structurer_missed_adds_the_keyword() -> None:
    text = TEXT + "\nYou will talk to clinicians using Slack.\n"
    jd = structure_posting(Posting(source="t", title="Engineer", description_text=text))
    jd = jd.model_copy(update={"keywords": [k for k in jd.keywords if k.name != "Slack"]})
    out = annotate(jd, [note("Slack", AnnotationType.CORE_STRENGTH, text=text)])
    assert "Slack" in {k.name for k in out.keywords}
