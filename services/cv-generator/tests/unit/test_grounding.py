"""The truthfulness gate against a rewriter that invents things: nothing invented gets through."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from jobintel.contracts import SourceRef, Verdict
from jobintel.contracts.profile import MasterProfile
from jobintel.cv_generator.domain.generate import apply_gate, rewrite_requests, verbatim
from jobintel.cv_generator.domain.grounding import (
    Scope,
    judge,
    profile_scope,
    role_scope,
    unsupported_claims,
)
from jobintel.cv_generator.domain.render.markdown import render_text
from jobintel.cv_generator.domain.tailoring import tailor

from ..conftest import make_jd
from ..fakes import FabricatingRewriter, HonestRewriter

pytestmark = pytest.mark.unit
TODAY = dt.date(2026, 11, 24)


async def test_every_fabrication_is_reverted_and_named(profile: MasterProfile) -> None:
    jd = make_jd()
    tailoring = tailor(profile, jd, TODAY)
    rewriter = FabricatingRewriter()
    requests = rewrite_requests(tailoring, profile)
    proposals = await rewriter.rewrite(requests, jd=jd, profile=profile)
    cv, report = apply_gate(tailoring, proposals, profile)

    bullets = {i.section: i for i in report.items if i.source is not None}
    assert len(bullets) == len(requests) >= 10, "every fabrication kind was tried"
    for key, (suffix, claim) in rewriter.injected.items():
        item = bullets[key]
        assert item.verdict is Verdict.REVERTED, (key, suffix)
        assert claim in item.unsupported, (key, item.unsupported)
        assert item.output == item.source.text  # type: ignore[union-attr]
        assert item.proposed is not None
        assert item.proposed.endswith(suffix)
        assert any(c.startswith("+") and claim in c for c in item.changes), item.changes
    text = render_text(cv)
    for suffix, _ in rewriter.injected.values():
        assert suffix.strip(" ,") not in text
    assert report.reverted, "the report lists the reverted bullets"


async def test_an_honest_rewording_is_kept_and_marked_grounded(profile: MasterProfile) -> None:
    jd = make_jd()
    tailoring = tailor(profile, jd, TODAY)
    requests = rewrite_requests(tailoring, profile)
    proposals = await HonestRewriter().rewrite(requests, jd=jd, profile=profile)
    cv, report = apply_gate(tailoring, proposals, profile)
    changed = [i for i in report.items if i.source is not None and i.verdict is Verdict.GROUNDED]
    assert changed, "at least one bullet had 'the' to reword"
    assert all(i.output in render_text(cv) for i in changed)
    assert all(i.verdict is not Verdict.REVERTED for i in report.items)
    assert all(any(c.startswith("+") for c in i.changes) for i in changed)


def test_a_metric_from_another_role_does_not_transfer(profile: MasterProfile) -> None:
    # 31% is true of Skarv Payments, not of Bølge Media
    resume = profile.resume
    source = SourceRef(path="work[1].highlights[0]", text=resume.work[1].highlights[0])
    item = judge(
        "work[1].bullets[0]",
        source,
        source.text + ", cutting cost by 31%",
        role_scope(resume, source.path),
    )
    assert item.verdict is Verdict.REVERTED
    assert item.unsupported == ["31"]


@pytest.mark.parametrize(
    ("proposed", "claim"),
    [
        ("Ran 60 Linux servers with Puppet and Nagios monitoring at Microsoft", "Microsoft"),
        ("Ran 600 Linux servers with Puppet and Nagios monitoring", "600"),
        ("Ran 60 Linux servers with Puppet and Nagios monitoring from 2014", "2014"),
        ("Ran 60 Linux servers with Chef and Nagios monitoring", "Chef"),
        ("Ran 60 Linux servers with Puppet and Nagios monitoring as head of IT", "head"),
        ("Ran 60 Linux servers with Puppet, Nagios and kubernetes", "kubernetes"),
        ("Ran 60 Linux servers with Puppet and Nagios, certified by Red Hat", "certified"),
        ("Ran 60 Linux servers with Puppet and Nagios for 2 million users", "million"),
        ("Ran sixty Linux servers with Puppet and Nagios monitoring for five clients", "5"),
        ("Led a team running 60 Linux servers with Puppet and Nagios monitoring", "Led"),
    ],
)
def test_each_kind_of_claim_is_checked(profile: MasterProfile, proposed: str, claim: str) -> None:
    resume = profile.resume
    source = SourceRef(path="work[2].highlights[0]", text=resume.work[2].highlights[0])
    item = judge(
        "work[2].bullets[0]", source, proposed, role_scope(resume, source.path), ["Kubernetes"]
    )
    assert item.verdict is Verdict.REVERTED
    assert claim.lower() in [c.lower() for c in item.unsupported], item


def test_spelled_out_numbers_count_as_numbers() -> None:
    scope = Scope.of(["Mentored four engineers"])
    assert unsupported_claims("Mentored 4 engineers", scope) == []
    assert unsupported_claims("Mentored five engineers", scope) == ["5"]


def test_aliases_of_supported_terms_are_the_same_claim(profile: MasterProfile) -> None:
    scope = role_scope(profile.resume, "work[0].highlights[0]")
    assert unsupported_claims("Ran multi-zone failover on k8s in Amazon Web Services", scope) == []


def test_the_whole_tailored_cv_holds_only_master_cv_claims(profile: MasterProfile) -> None:
    """The header is composed, not copied: it must still trace to the master CV."""
    jd = make_jd()
    tailoring = tailor(profile, jd, TODAY)
    cv, report = apply_gate(tailoring, verbatim(tailoring, profile), profile)
    scope = profile_scope(profile)
    lines = [cv.headline or "", cv.value_proposition or "", *cv.education, *cv.certificates]
    lines += [s for g in [*cv.competencies, *cv.skills] for s in g.skills]
    lines += [b.text for r in cv.work for b in r.bullets] + [b.text for b in cv.key_achievements]
    for line in lines:
        assert unsupported_claims(line, scope, [t.name for t in tailoring.terms]) == [], line
    assert {i.section for i in report.items if i.source is None} == {
        "headline",
        "value_proposition",
    }


def test_a_header_with_an_unsupported_keyword_falls_back(profile: MasterProfile) -> None:
    jd = make_jd()
    tailoring = tailor(profile, jd, TODAY)
    forged = tailoring.cv.model_copy(update={"headline": "Platform Engineer — Kafka · Kubernetes"})
    tampered = type(tailoring)(forged, tailoring.scores, tailoring.terms, tailoring.supported, jd)
    cv, report = apply_gate(tampered, verbatim(tampered, profile), profile)
    assert cv.headline is not None
    assert "Kafka" not in cv.headline
    [item] = [i for i in report.items if i.section == "headline"]
    assert item.verdict is Verdict.REVERTED
    assert item.unsupported == ["Kafka"]
    assert re.search(r"Platform Engineer", cv.headline)


def test_dropping_a_negation_is_a_changed_claim(profile: MasterProfile) -> None:
    resume = profile.resume
    source = SourceRef(path="work[2].highlights[1]", text=resume.work[2].highlights[1])
    assert "no lost messages" in source.text
    item = judge(
        "work[2].bullets[1]",
        source,
        "Migrated the mail system to a hosted provider, with lost messages recovered",
        role_scope(resume, source.path),
    )
    assert item.verdict is Verdict.REVERTED
    assert item.unsupported == ["dropped 'no'"]
