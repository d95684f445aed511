"""Explainable matching: every master-CV item scored against the structured JD.

Four signals, each kept in the breakdown so a person can see why an item was chosen:
- keyword: the JD's keywords the item mentions (aliases resolved), must-haves counting more;
- lexical: BM25 relevance of the item to each requirement sentence;
- annotation: the user's own marks on the JD (must-have, core strength up; avoid down);
- recency: recent roles count more than old ones.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from jobintel.contracts import ScoreBreakdown
from jobintel.contracts.annotations import AnnotationType
from jobintel.contracts.jd import RequirementKind, SkillCategory, StructuredJD

from .bm25 import BM25
from .items import Item, ItemKind
from .text import TermIndex, canonical, content_stems

WEIGHTS = {"keyword": 0.45, "lexical": 0.25, "annotation": 0.2, "recency": 0.1}
MUST_BOOST = 1.5
RECENCY_HALF_LIFE_YEARS = 3.0
PERSONA_EFFECT = 0.3

ANNOTATION_EFFECT: dict[AnnotationType, float] = {
    AnnotationType.MUST_HAVE: 1.0,
    AnnotationType.CORE_STRENGTH: 1.0,
    AnnotationType.NICE_TO_HAVE: 0.5,
    AnnotationType.IDENTITY: 0.5,
    AnnotationType.PASSION: 0.3,
    AnnotationType.AVOID: -1.0,
    AnnotationType.NOTE: 0.0,
}


@dataclass(frozen=True, slots=True)
class JdTerm:
    """One keyword the job asks for, as matching sees it."""

    name: str
    weight: float  # 0..1, relative to the JD's heaviest keyword
    must: bool
    category: SkillCategory | None = None
    identity: bool = False  # the user marked it as the job's identity
    core: bool = False  # the user marked it as a core strength


@dataclass(frozen=True, slots=True)
class Scored:
    item: Item
    score: ScoreBreakdown
    terms: frozenset[str] = field(default_factory=frozenset)


def jd_terms(jd: StructuredJD) -> list[JdTerm]:
    """The JD's keywords with requirement skills and the user's annotations folded in."""
    raw: dict[str, dict[str, object]] = {}

    def add(name: str, weight: float, must: bool, category: SkillCategory | None = None) -> None:
        key = canonical(name)
        if not key:
            return
        entry = raw.setdefault(key, {"name": name, "weight": 0.0, "must": False, "category": None})
        entry["weight"] = max(float(entry["weight"]), weight)  # type: ignore[arg-type]
        entry["must"] = bool(entry["must"]) or must
        entry["category"] = entry["category"] or category

    for keyword in jd.keywords:
        add(keyword.name, keyword.weight, keyword.required, keyword.category)
    heaviest = max((float(e["weight"]) for e in raw.values()), default=1.0) or 1.0  # type: ignore[arg-type]
    for requirement in jd.requirements:
        must = requirement.kind is RequirementKind.MUST_HAVE
        for skill in requirement.skills:
            known = raw.get(canonical(skill))
            if known is None:
                add(skill, heaviest * (0.8 if must else 0.5), must)
            else:  # the annotator already weighed it; the requirement only says how strictly
                known["must"] = bool(known["must"]) or must
    flags: dict[str, set[AnnotationType]] = {}
    for annotation in jd.annotations:
        quote = TermIndex(annotation.quote)
        for key, entry in raw.items():
            if quote.mentions(str(entry["name"])):
                flags.setdefault(key, set()).add(annotation.type)
    heaviest = max((float(e["weight"]) for e in raw.values()), default=1.0) or 1.0  # type: ignore[arg-type]
    terms = []
    for key, entry in raw.items():
        marks = flags.get(key, set())
        if AnnotationType.AVOID in marks:
            continue  # the user does not want to be matched on it
        terms.append(
            JdTerm(
                name=str(entry["name"]),
                weight=round(float(entry["weight"]) / heaviest, 4),  # type: ignore[arg-type]
                must=bool(entry["must"]) or AnnotationType.MUST_HAVE in marks,
                category=entry["category"],  # type: ignore[arg-type]
                identity=AnnotationType.IDENTITY in marks,
                core=AnnotationType.CORE_STRENGTH in marks,
            )
        )
    terms.sort(key=lambda t: (-t.must, -t.weight, t.name.lower()))
    return terms


def recency(item: Item, today: dt.date) -> float:
    if not item.dated:
        return 0.5
    end = item.end or today
    years = max(0.0, (today - end).days / 365.25)
    return math.pow(0.5, years / RECENCY_HALF_LIFE_YEARS)


def score_items(
    items: list[Item],
    jd: StructuredJD,
    terms: list[JdTerm],
    today: dt.date,
    core_strengths: Sequence[str] = (),
) -> list[Scored]:
    """Score every item; the result keeps the input order.

    The persona's core strengths count like a mild core-strength annotation, so the bullets
    chosen show the person the user wants to come across as, not only the job's keywords.
    """
    indexes = [TermIndex(item.text) for item in items]
    matched = [frozenset(t.name for t in terms if idx.mentions(t.name)) for idx in indexes]
    by_name = {t.name: t for t in terms}
    keyword_raw = [
        sum(by_name[n].weight * (MUST_BOOST if by_name[n].must else 1.0) for n in names)
        for names in matched
    ]

    bm25 = BM25([content_stems(item.text) for item in items])
    lexical_raw = [0.0] * len(items)
    for requirement in jd.requirements:
        factor = 1.0 if requirement.kind is RequirementKind.MUST_HAVE else 0.5
        for i, s in enumerate(bm25.scores(content_stems(requirement.text))):
            lexical_raw[i] += factor * s

    annotation_raw = [0.0] * len(items)
    reasons: list[list[str]] = [[] for _ in items]
    for annotation in jd.annotations:
        effect = ANNOTATION_EFFECT[annotation.type] * annotation.relevance / 5
        if not effect:
            continue
        quote_terms = [t for t in terms if TermIndex(annotation.quote).mentions(t.name)]
        quote_stems = set(content_stems(annotation.quote))
        avoid_terms = [] if annotation.type is not AnnotationType.AVOID else [annotation.quote]
        for i, item in enumerate(items):
            hit = any(t.name in matched[i] for t in quote_terms)
            hit = hit or any(indexes[i].mentions(q) for q in avoid_terms)
            if not hit and quote_stems:
                overlap = len(quote_stems & set(content_stems(item.text))) / len(quote_stems)
                hit = overlap >= 0.5
            if hit:
                annotation_raw[i] += effect
                reasons[i].append(f"{annotation.type.value}: {annotation.quote[:80]}")

    for strength in core_strengths:
        for i in range(len(items)):
            if indexes[i].mentions(strength):
                annotation_raw[i] += PERSONA_EFFECT
                reasons[i].append(f"persona core strength: {strength}")

    top_keyword = max(keyword_raw, default=0.0) or 1.0
    top_lexical = max(lexical_raw, default=0.0) or 1.0
    scored = []
    for i, item in enumerate(items):
        parts = {
            "keyword": keyword_raw[i] / top_keyword,
            "lexical": lexical_raw[i] / top_lexical,
            "annotation": max(-1.0, min(1.0, annotation_raw[i])),
            "recency": recency(item, today),
        }
        weighted = {k: round(WEIGHTS[k] * v, 4) for k, v in parts.items()}
        breakdown = ScoreBreakdown(
            total=round(sum(weighted.values()), 4),
            matched_keywords=sorted(matched[i], key=str.lower),
            path=item.path,
            kind=item.kind.value,
            reasons=reasons[i],
            **weighted,
        )
        scored.append(Scored(item, breakdown, matched[i]))
    return scored


def supported_terms(scored: list[Scored], terms: list[JdTerm]) -> list[JdTerm]:
    """JD terms the master CV mentions somewhere: the only ones the CV may claim."""
    seen = set().union(*(s.terms for s in scored)) if scored else set()
    return [t for t in terms if t.name in seen]


def ranked(scored: list[Scored], kind: ItemKind | None = None) -> list[Scored]:
    pool = [s for s in scored if kind is None or s.item.kind is kind]
    return sorted(pool, key=lambda s: (-s.score.total, s.item.path))
