"""Matching explains itself: each item's score is the sum of named, weighted parts."""

from __future__ import annotations

import datetime as dt

import pytest

from jobintel.contracts.annotations import AnnotationType
from jobintel.contracts.jd import Keyword, StructuredJD
from jobintel.contracts.profile import MasterProfile
from jobintel.cv_generator.domain.items import ItemKind, items_of
from jobintel.cv_generator.domain.matching import jd_terms, ranked, score_items
from jobintel.cv_generator.domain.text import mentions

from ..conftest import annotation, make_jd

pytestmark = pytest.mark.unit
TODAY = dt.date(2026, 11, 24)


def scores(profile: MasterProfile, jd: StructuredJD) -> dict[str, float]:
    scored = score_items(items_of(profile.resume), jd, jd_terms(jd), TODAY)
    return {s.item.path: s.score.total for s in scored}


def test_the_breakdown_adds_up_and_names_the_matched_keywords(profile: MasterProfile) -> None:
    jd = make_jd()
    scored = score_items(items_of(profile.resume), jd, jd_terms(jd), TODAY)
    for s in scored:
        parts = s.score.keyword + s.score.lexical + s.score.annotation + s.score.recency
        assert s.score.total == pytest.approx(parts, abs=1e-3)
        assert s.score.path == s.item.path
    terraform = next(s for s in scored if s.item.path == "work[0].highlights[1]")
    assert terraform.score.matched_keywords == ["AWS", "Terraform"]
    assert terraform.score.keyword > 0
    assert terraform.score.lexical > 0


def test_bullets_that_match_must_haves_rank_above_unrelated_ones(profile: MasterProfile) -> None:
    top = [
        s.item.path
        for s in ranked(
            score_items(items_of(profile.resume), make_jd(), jd_terms(make_jd()), TODAY),
            ItemKind.HIGHLIGHT,
        )
    ]
    assert top.index("work[0].highlights[0]") < top.index("work[2].highlights[1]")  # k8s vs mail
    assert top.index("work[0].highlights[1]") < top.index("work[0].highlights[4]")


def test_a_must_have_annotation_lifts_what_it_quotes(profile: MasterProfile) -> None:
    plain = scores(profile, make_jd())
    marked = scores(
        profile,
        make_jd(annotations=[annotation(AnnotationType.MUST_HAVE, "PostgreSQL operations")]),
    )
    assert marked["work[1].highlights[2]"] > plain["work[1].highlights[2]"]  # PostgreSQL backups


def test_an_avoid_annotation_pushes_items_down_and_drops_the_keyword(
    profile: MasterProfile,
) -> None:
    jd = make_jd(annotations=[annotation(AnnotationType.AVOID, "Observability with Prometheus")])
    assert "Prometheus" not in [t.name for t in jd_terms(jd)]
    scored = score_items(items_of(profile.resume), jd, jd_terms(jd), TODAY)
    prometheus = next(s for s in scored if s.item.path == "work[0].highlights[3]")
    assert prometheus.score.annotation < 0
    assert prometheus.score.reasons == ["avoid: Observability with Prometheus"]


def test_recent_roles_outrank_old_ones_for_the_same_words(profile: MasterProfile) -> None:
    resume = profile.resume.model_copy(deep=True)
    same = "Ran Kubernetes clusters on AWS"
    resume.work[0].highlights = [same]
    resume.work[2].highlights = [same]
    s = scores(profile.model_copy(update={"resume": resume}), make_jd())
    assert s["work[0].highlights[0]"] > s["work[2].highlights[0]"]


def test_aliases_and_everyday_words() -> None:
    assert mentions("Ran k8s clusters on Amazon Web Services", "Kubernetes")
    assert mentions("Ran k8s clusters on Amazon Web Services", "AWS")
    assert mentions("Tuned Postgres queries", "PostgreSQL")
    assert mentions("Built services in Go", "Go")
    assert mentions("Built services in golang", "Go")
    assert not mentions("Helped the team go live", "Go")
    assert mentions("Maintained CI/CD pipelines", "ci-cd")
    assert not mentions("Cut costs", "C")


def test_requirement_skills_become_must_haves_without_outweighing_keywords() -> None:
    jd = make_jd()
    jd = jd.model_copy(update={"keywords": [*jd.keywords, Keyword(name="Helm", weight=0.1)]})
    terms = {t.name: t for t in jd_terms(jd)}
    assert terms["Go"].must  # "Python or Go" is in the must-have requirements
    assert terms["Go"].weight < terms["Kubernetes"].weight
    assert not terms["Helm"].must


def test_the_persona_core_strengths_lift_their_bullets(profile: MasterProfile) -> None:
    jd = make_jd()
    items, terms = items_of(profile.resume), jd_terms(jd)
    plain = {s.item.path: s for s in score_items(items, jd, terms, TODAY)}
    framed = {s.item.path: s for s in score_items(items, jd, terms, TODAY, ["Incident response"])}
    review = "work[0].highlights[4]"  # "Wrote the incident review process ..."
    assert framed[review].score.total == plain[review].score.total  # "incident review" differs
    drills = "work[1].highlights[2]"
    assert framed[drills].score.total == plain[drills].score.total
    with_term = {s.item.path: s for s in score_items(items, jd, terms, TODAY, ["PostgreSQL"])}
    assert with_term[drills].score.total > plain[drills].score.total
    assert with_term[drills].score.reasons == ["persona core strength: PostgreSQL"]
