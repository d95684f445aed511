"""The ATS report: keywords found and missing, a score with its parts, and format checks."""

from __future__ import annotations

import re
from collections.abc import Sequence

from jobintel.contracts import AtsCheck, AtsReport, TailoredCV
from jobintel.contracts.jd import SkillCategory, StructuredJD

from .implied import evidence_for
from .items import parse_date
from .matching import JdTerm
from .render.layout import STANDARD_HEADINGS, headings
from .roundtrip import RoundTrip
from .text import TermIndex, content_stems, first_words

SCORE_WEIGHTS = {"hard_skills": 0.6, "job_title": 0.15, "education": 0.1, "soft_skills": 0.15}
OPENING_WORDS = 50
MAX_PAGES = 2
_DEGREES = (
    (3, ("phd", "doctorate", "doctoral", "dphil")),
    (2, ("master", "masters", "msc", "ma", "meng", "mba", "ms")),
    (1, ("bachelor", "bachelors", "bsc", "ba", "beng", "bs", "degree", "university")),
)
_SENIORITY = {"senior", "junior", "lead", "staff", "principal", "mid", "level", "ii", "iii"}


def degree_level(text: str | None) -> int:
    words = set(re.findall(r"[a-z]+", (text or "").lower()))
    return next((level for level, names in _DEGREES if words & set(names)), 0)


def opening(cv: TailoredCV) -> str:
    """The first words a recruiter (and a parser) reads after the name and contact line."""
    parts = [cv.headline or "", cv.value_proposition or ""]
    parts += [b.text for b in cv.key_achievements]
    return first_words(parts, OPENING_WORDS)


def _score_terms(terms: Sequence[JdTerm], index: TermIndex) -> float | None:
    if not terms:
        return None
    total = sum(t.weight * (1.5 if t.must else 1.0) or 0.1 for t in terms)
    hit = sum(t.weight * (1.5 if t.must else 1.0) or 0.1 for t in terms if index.mentions(t.name))
    return hit / total


def _dates_consistent(cv: TailoredCV) -> tuple[bool, str]:
    problems = []
    for role in [*cv.work, *cv.projects]:
        start, end = parse_date(role.start_date), parse_date(role.end_date)
        name = role.employer or role.title or "a role"
        if role.end_date and not role.start_date:
            problems.append(f"{name} has an end date but no start date")
        if start and end and end < start:
            problems.append(f"{name} ends before it starts")
    starts = [parse_date(r.start_date) for r in cv.work if r.start_date]
    if starts != sorted(starts, reverse=True):  # type: ignore[type-var]
        problems.append("roles are not in reverse chronological order")
    return not problems, "; ".join(problems) or "one date style, every role starts before it ends"


def ats_report(
    cv: TailoredCV,
    *,
    text: str,
    jd: StructuredJD,
    terms: Sequence[JdTerm],
    master: TermIndex,
    evidence_items: list[tuple[str, TermIndex]],
    identity_terms: Sequence[str],
    core_strengths: Sequence[str],
    html: str,
    markdown: str,
    trip: RoundTrip | None,
) -> AtsReport:
    """`text` is the CV as a parser reads it; `master` is the whole master CV."""
    index = TermIndex(text)
    must = [t for t in terms if t.must]
    found = {t.name for t in terms if index.mentions(t.name)}
    evidence = {
        t.name: paths
        for t in terms
        if t.name not in found and (paths := evidence_for(t.name, evidence_items))
    }
    nice = [t for t in terms if not t.must]

    hard = [t for t in terms if t.category is not SkillCategory.SOFT_SKILL]
    soft = [t for t in terms if t.category is SkillCategory.SOFT_SKILL]
    title_words = set(content_stems(jd.title))
    cv_titles = " ".join([cv.headline or "", *(r.title or "" for r in cv.work)])
    have = set(content_stems(cv_titles))
    core_title = title_words - _SENIORITY
    parts: dict[str, float | None] = {
        "hard_skills": _score_terms(hard, index),
        "job_title": (
            (0.8 * len(core_title & have) / len(core_title) if core_title else 0.8)
            + (0.2 if not (title_words & _SENIORITY) or title_words & _SENIORITY & have else 0)
        ),
        "education": None,
        "soft_skills": _score_terms(soft, index),
    }
    if jd.education:
        wanted = degree_level(jd.education)
        parts["education"] = 1.0 if degree_level(" ".join(cv.education)) >= wanted else 0.0
    present = {k: v for k, v in parts.items() if v is not None}
    weight = sum(SCORE_WEIGHTS[k] for k in present)
    score = 100 * sum(SCORE_WEIGHTS[k] * v for k, v in present.items()) / weight if weight else 0

    early = TermIndex(opening(cv))
    # hard skills belong up front; spoken languages and soft skills have their own places
    must_supported = [
        t.name
        for t in must
        if t.category is not SkillCategory.SOFT_SKILL and master.mentions(t.name)
    ]
    late = [n for n in must_supported if not early.mentions(n)]
    head = TermIndex(cv.headline or "")
    no_identity = [n for n in identity_terms if not head.mentions(n)]
    competency_text = TermIndex(" ".join(s for g in cv.competencies for s in g.skills))
    absent_core = [
        s for s in core_strengths if master.mentions(s) and not competency_text.mentions(s)
    ]
    odd = [h for h in headings(cv) if h not in STANDARD_HEADINGS]
    layout_marks = [m for m in ("<table", "<img", "column-count", "columns:") if m in html.lower()]
    layout_marks += ["a Markdown table"] if re.search(r"^\s*\|.*\|\s*$", markdown, re.M) else []
    dates_ok, dates_detail = _dates_consistent(cv)
    checks = [
        AtsCheck(
            name="standard_headings",
            passed=not odd,
            detail=", ".join(odd) if odd else "; ".join(headings(cv)),
        ),
        AtsCheck(
            name="no_tables_images_columns",
            passed=not layout_marks,
            detail=", ".join(layout_marks) or "one column of text and lists",
        ),
        AtsCheck(
            name="contact_details",
            passed=any("@" in c for c in cv.contact)
            or any(re.search(r"\d{3}", c) for c in cv.contact),
            detail=" · ".join(cv.contact) or "no email or phone in the master CV",
        ),
        AtsCheck(name="consistent_dates", passed=dates_ok, detail=dates_detail),
        AtsCheck(
            name="must_haves_in_first_50_words",
            passed=not late,
            detail=("not early: " + ", ".join(late)) if late else ", ".join(must_supported),
        ),
        AtsCheck(
            name="identity_keywords_in_headline",
            passed=not no_identity,
            detail=("missing: " + ", ".join(no_identity)) if no_identity else cv.headline,
        ),
        AtsCheck(
            name="core_strengths_in_competencies",
            passed=not absent_core,
            detail=("missing: " + ", ".join(absent_core)) if absent_core else None,
        ),
    ]
    if trip is not None:
        checks.append(
            AtsCheck(
                name="length",
                passed=1 <= trip.pages <= MAX_PAGES,
                detail=f"{trip.pages} page(s); the budget is 1-{MAX_PAGES}",
            )
        )
        checks.append(
            AtsCheck(
                name="pdf_round_trip",
                passed=trip.passed,
                detail="; ".join(trip.missing + trip.out_of_order)
                or "every section heading and keyword read back from the PDF, in order",
            )
        )
    return AtsReport(
        score=round(score, 1),
        breakdown={k: round(100 * v, 1) for k, v in present.items()},
        must_have_found=[t.name for t in must if t.name in found],
        must_have_missing=[t.name for t in must if t.name not in found],
        nice_to_have_found=[t.name for t in nice if t.name in found],
        nice_to_have_missing=[t.name for t in nice if t.name not in found],
        supportable_missing=list(evidence),
        supportable_evidence=evidence,
        checks=checks,
    )
