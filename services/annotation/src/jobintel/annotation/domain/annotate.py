"""The user's annotations on a structured JD: anchoring, their effect on keywords, coverage.

Everything here recomputes from the offline structure and the current set of annotations, so
applying the same set twice gives the same JD (no weight is multiplied twice).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from jobintel.contracts import (
    Annotation,
    AnnotationType,
    Keyword,
    Requirement,
    RequirementKind,
    StructuredJD,
)
from jobintel.contracts.jd import Coverage, SectionCoverage

from .taxonomy import Taxonomy, default_taxonomy

# Factor on a keyword's weight per annotation type, at relevance 3; relevance 1..5 scales the
# distance from 1 (relevance 5: must_have x2.67; avoid bottoms out at x0.05).
EMPHASIS: dict[AnnotationType, float] = {
    AnnotationType.MUST_HAVE: 2.0,
    AnnotationType.CORE_STRENGTH: 2.0,
    AnnotationType.PASSION: 1.5,
    AnnotationType.IDENTITY: 1.5,
    AnnotationType.NICE_TO_HAVE: 1.25,
    AnnotationType.NOTE: 1.0,
    AnnotationType.AVOID: 0.25,
}
_MIN_FACTOR = 0.05


class AnnotationError(ValueError):
    """An annotation that cannot be placed on the description; the message says why."""


@dataclass(frozen=True, slots=True)
class Anchored:
    kept: list[Annotation]
    dropped: list[Annotation]
    moved: list[Annotation]


def factor(annotation: Annotation) -> float:
    base = EMPHASIS[annotation.type]
    scaled = 1 + (base - 1) * annotation.relevance / 3
    return float(max(_MIN_FACTOR, scaled))


def _find_quote(text: str, quote: str, near: int) -> tuple[int, int] | None:
    """Where the quote is now: the exact occurrence nearest its old place, else a looser match."""
    hits = [m.start() for m in re.finditer(re.escape(quote), text)]
    if hits:
        at = min(hits, key=lambda h: abs(h - near))
        return at, at + len(quote)
    words = quote.split()
    if not words:
        return None
    loose = re.compile(r"\s+".join(re.escape(w) for w in words), re.I)
    found = [(m.start(), m.end()) for m in loose.finditer(text)]
    return min(found, key=lambda f: abs(f[0] - near)) if found else None


def place(annotation: Annotation, text: str) -> Annotation:
    """Check an annotation against the text; re-anchor it by its quote when offsets are off."""
    if annotation.end < annotation.start:
        raise AnnotationError(
            f"annotation {annotation.annotation_id}: end ({annotation.end}) is before start "
            f"({annotation.start})"
        )
    if text[annotation.start : annotation.end] == annotation.quote:
        return annotation
    where = _find_quote(text, annotation.quote, annotation.start)
    if where is None:
        raise AnnotationError(
            f"annotation {annotation.annotation_id}: the quoted text "
            f"{annotation.quote[:60]!r} is not in the job description; select text from it"
        )
    return annotation.model_copy(update={"start": where[0], "end": where[1]})


def reanchor(annotations: Iterable[Annotation], text: str) -> Anchored:
    """After a re-structuring: keep what still fits, move what moved, drop what is gone."""
    kept: list[Annotation] = []
    dropped: list[Annotation] = []
    moved: list[Annotation] = []
    for annotation in annotations:
        try:
            placed = place(annotation, text)
        except AnnotationError:
            dropped.append(annotation)
            continue
        kept.append(placed)
        if placed.start != annotation.start:
            moved.append(placed)
    return Anchored(kept, dropped, moved)


def apply_changes(
    current: list[Annotation], upserts: list[Annotation], deletes: list[str], text: str
) -> list[Annotation]:
    """The new annotation set: upserts replace by id (keeping when it was created), deletes go."""
    by_id = {a.annotation_id: a for a in current}
    for annotation in upserts:
        placed = place(annotation, text)
        if (old := by_id.get(annotation.annotation_id)) is not None:
            placed = placed.model_copy(update={"created_at": old.created_at})
        by_id[annotation.annotation_id] = placed
    for annotation_id in deletes:
        by_id.pop(annotation_id, None)
    return sorted(by_id.values(), key=lambda a: (a.start, a.end, a.annotation_id))


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end if a_end > a_start else b_start <= a_start < b_end


def _requirements(jd: StructuredJD, annotations: list[Annotation]) -> list[Requirement]:
    out: list[Requirement] = []
    for req in jd.requirements:
        if req.span is None:
            out.append(req)
            continue
        hits = [a for a in annotations if _overlaps(a.start, a.end, req.span.start, req.span.end)]
        kind = req.kind
        for a in hits:  # the user's word on must/nice beats the structurer's
            if a.type is AnnotationType.MUST_HAVE:
                kind = RequirementKind.MUST_HAVE
            elif a.type is AnnotationType.NICE_TO_HAVE:
                kind = RequirementKind.NICE_TO_HAVE
        out.append(
            req.model_copy(update={"kind": kind, "annotation_ids": [a.annotation_id for a in hits]})
        )
    return out


def _keywords(jd: StructuredJD, annotations: list[Annotation], taxonomy: Taxonomy) -> list[Keyword]:
    keywords = {k.name: k for k in jd.keywords}
    emphasis: dict[str, float] = {}
    required: set[str] = set()
    for annotation in annotations:
        for name in taxonomy.names(annotation.quote):
            emphasis[name] = emphasis.get(name, 1.0) * factor(annotation)
            if annotation.type is AnnotationType.MUST_HAVE:
                required.add(name)
            if name not in keywords:
                skill = taxonomy.by_name[name]
                keywords[name] = Keyword(name=name, category=skill.category, weight=1.0)
    out = []
    for name, keyword in keywords.items():
        f = emphasis.get(name, 1.0)
        out.append(
            keyword.model_copy(
                update={
                    "weight": round(keyword.weight * f, 3),
                    "emphasis": round(f, 3),
                    "required": keyword.required or name in required,
                }
            )
        )
    return sorted(out, key=lambda k: (-k.weight, k.name))


def coverage(jd: StructuredJD, annotations: list[Annotation]) -> Coverage:
    sections = []
    for section in jd.sections:
        span = section.span
        inside = [
            a
            for a in annotations
            if span is not None and _overlaps(a.start, a.end, span.start, span.end)
        ]
        reqs = [
            r
            for r in jd.requirements
            if r.span is not None and span is not None and span.start <= r.span.start < span.end
        ]
        sections.append(
            SectionCoverage(
                kind=section.kind,
                heading=section.heading,
                span=span,
                annotations=len(inside),
                requirements=len(reqs),
                requirements_annotated=sum(bool(r.annotation_ids) for r in reqs),
            )
        )
    total = len(jd.requirements)
    annotated = sum(bool(r.annotation_ids) for r in jd.requirements)
    return Coverage(
        sections=sections,
        requirements=total,
        requirements_annotated=annotated,
        share=round(annotated / total, 4) if total else 0.0,
    )


def annotate(
    base: StructuredJD, annotations: list[Annotation], taxonomy: Taxonomy | None = None
) -> StructuredJD:
    """The JD with the user's annotations in it: requirements, keyword weights, coverage."""
    taxonomy = taxonomy or default_taxonomy()
    with_reqs = base.model_copy(
        update={
            "annotations": annotations,
            "requirements": _requirements(base, annotations),
            "keywords": _keywords(base, annotations, taxonomy),
        }
    )
    return with_reqs.model_copy(update={"coverage": coverage(with_reqs, annotations)})
