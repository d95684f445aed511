"""The truthfulness gate against a rewriter that invents things: nothing invented gets through."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from jobintel.contracts import GroundingItem, SourceRef, Verdict
from jobintel.contracts.profile import Basics, MasterProfile, Persona, Resume, Work
from jobintel.cv_generator.domain.generate import (
    apply_gate,
    gate_bullet,
    rewrite_requests,
    verbatim,
)
from jobintel.cv_generator.domain.render.markdown import render_text
from jobintel.cv_generator.domain.rewriting import RewriteRequest
from jobintel.cv_generator.domain.tailoring import tailor
from jobintel.truth import Evidence

from ..conftest import FIXTURES, make_jd
from ..fakes import FabricatingRewriter, HonestRewriter

pytestmark = pytest.mark.unit
TODAY = dt.date(2026, 11, 24)


def judge(
    key: str, source: SourceRef, proposed: str, resume: Resume, keywords: list[str] | None = None
) -> GroundingItem:
    """One rewrite of `source` through the gate the CV uses."""
    request = RewriteRequest(key, source)
    return gate_bullet(Evidence.from_resume(resume), request, proposed, keywords or [])


def one_role(*highlights: str, position: str = "Senior Site Reliability Engineer") -> Resume:
    work = Work(name="Skarv Payments", position=position, highlights=list(highlights))
    return Resume(basics=Basics(name="Ines Halvorsen"), work=[work])


def unsupported(proposed: str, source: str) -> list[str]:
    resume = one_role(source)
    ref = SourceRef(path="work[0].highlights[0]", text=source)
    return judge("work[0].bullets[0]", ref, proposed, resume).unsupported


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
        resume,
    )
    assert item.verdict is Verdict.REVERTED
    assert "31%" in item.unsupported


def test_a_metric_from_another_bullet_of_the_same_role_does_not_transfer(
    profile: MasterProfile,
) -> None:
    # 40 services is true of the Prometheus bullet, not of the Terraform one (same role)
    resume = profile.resume
    source = SourceRef(path="work[0].highlights[1]", text=resume.work[0].highlights[1])
    assert "12 product teams" in source.text
    item = judge(
        "work[0].bullets[0]",
        source,
        source.text.replace("12 product teams", "40 product teams"),
        resume,
    )
    assert item.verdict is Verdict.REVERTED
    assert item.unsupported == ["40"]
    assert item.output == source.text


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
        ("Ran 60 Linux servers with Puppet and Nagios for 2 million users", "2 million"),
        ("Ran sixty Linux servers with Puppet and Nagios monitoring for five clients", "five"),
        ("Led a team running 60 Linux servers with Puppet and Nagios monitoring", "Led"),
    ],
)
def test_each_kind_of_claim_is_checked(profile: MasterProfile, proposed: str, claim: str) -> None:
    resume = profile.resume
    source = SourceRef(path="work[2].highlights[0]", text=resume.work[2].highlights[0])
    item = judge("work[2].bullets[0]", source, proposed, resume, ["Kubernetes"])
    assert item.verdict is Verdict.REVERTED
    assert claim.lower() in [c.lower() for c in item.unsupported], item


@pytest.mark.parametrize("tech", ["duckdb", "playwright", "sqlalchemy", "zeromq", "oracle"])
def test_a_technology_of_the_shared_taxonomy_is_a_claim_even_in_lowercase(tech: str) -> None:
    source = "Built reporting pipelines in Python on PostgreSQL"
    assert unsupported(
        f"Built reporting pipelines in Python on PostgreSQL with {tech}", source
    ) == [tech]
    assert unsupported("Built reporting pipelines in python on postgres", source) == []


def test_spelled_out_numbers_count_as_numbers() -> None:
    assert unsupported("Mentored 4 engineers", "Mentored four engineers") == []
    assert unsupported("Mentored five engineers", "Mentored four engineers") == ["five"]


def test_aliases_of_supported_terms_are_the_same_claim(profile: MasterProfile) -> None:
    resume = profile.resume
    for i, proposed in [
        (0, "Raised checkout availability from 99.5% to 99.95% via multi-zone failover on k8s"),
        (
            1,
            "Built the Terraform module library that 12 product teams use to provision Amazon "
            "Web Services accounts",
        ),
    ]:
        source = SourceRef(path=f"work[0].highlights[{i}]", text=resume.work[0].highlights[i])
        item = judge("work[0].bullets[0]", source, proposed, resume)
        assert item.verdict is Verdict.GROUNDED, item.reason


# What the layout itself writes: section headings, month names of dates, the one frame phrase.
LAYOUT_WORDS = frozenset(
    re.findall(
        r"\w+",
        "summary key achievements core competencies experience projects skills education "
        "certifications languages present hands on with "
        "jan feb mar apr may jun jul aug sep oct nov dec",
    )
)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def test_the_whole_tailored_cv_holds_only_master_cv_words(profile: MasterProfile) -> None:
    """Independent of the gate: every word of the CV is a word the user wrote in the resume
    part of the fixture file (not the persona, whose target role "Platform Engineer" is not
    a title she held), or a word of the layout."""
    written = _words(
        yaml.safe_dump(
            yaml.safe_load((FIXTURES / "profile.yaml").read_text())["resume"], allow_unicode=True
        )
    )
    assert "platform" not in written - {"platforms"}
    jd = make_jd()
    tailoring = tailor(profile, jd, TODAY)
    cv, report = apply_gate(tailoring, verbatim(tailoring, profile), profile)
    assert _words(render_text(cv)) - written - LAYOUT_WORDS == set()
    assert (
        cv.headline == "Site reliability engineer \u2014 Kubernetes · AWS · Terraform · Prometheus"
    )
    assert {i.section for i in report.items if i.source is None} == {
        "headline",
        "value_proposition",
    }


def _with_header(tailoring: object, **update: str | None) -> object:
    t = tailoring
    forged = t.cv.model_copy(update=update)  # type: ignore[attr-defined]
    return type(t)(forged, t.scores, t.terms, t.supported, t.jd)  # type: ignore[attr-defined]


def test_a_header_with_a_target_role_and_an_unsupported_keyword_falls_back(
    profile: MasterProfile,
) -> None:
    jd = make_jd()
    tampered = _with_header(
        tailor(profile, jd, TODAY), headline="Platform Engineer — Kafka · Kubernetes"
    )
    cv, report = apply_gate(tampered, verbatim(tampered, profile), profile)  # type: ignore[arg-type]
    [item] = [i for i in report.items if i.section == "headline"]
    assert item.verdict is Verdict.REVERTED
    assert set(item.unsupported) == {"Platform Engineer", "Kafka"}
    assert cv.headline == "Site Reliability Engineer"  # her label: the resume's own words
    assert item.output == cv.headline


def test_when_no_fallback_is_supported_the_line_is_left_out(profile: MasterProfile) -> None:
    resume = profile.resume.model_copy(
        update={"basics": profile.resume.basics.model_copy(update={"summary": None})}
    )
    bare = profile.model_copy(update={"resume": resume})
    tampered = _with_header(
        tailor(bare, make_jd(), TODAY),
        value_proposition="Sole architect of the payment platform, the best in Europe.",
    )
    cv, report = apply_gate(tampered, verbatim(tampered, bare), bare)  # type: ignore[arg-type]
    assert cv.value_proposition is None
    [item] = [i for i in report.items if i.section == "value_proposition"]
    assert item.verdict is Verdict.REVERTED
    for claim in ("Sole architect", "best", "Europe"):
        assert claim in item.unsupported, item.unsupported
    assert any("left out" in u for u in item.unsupported)


@pytest.mark.parametrize(
    "identity",
    [
        "Principal Platform Engineer",  # the target role, word for word
        "Platform engineer",  # "platforms" is in her summary; the title never was
        "Lead Site Reliability Engineer",  # a rank she did not hold
        "Engineering manager",
    ],
)
def test_an_aspirational_identity_never_reaches_the_cv(
    profile: MasterProfile, identity: str
) -> None:
    persona = Persona(identity=identity, target_roles=[identity, "Platform Engineer"])
    dreamer = profile.model_copy(update={"persona": persona})
    jd = make_jd().model_copy(update={"title": identity})
    tailoring = tailor(dreamer, jd, TODAY)
    cv, report = apply_gate(tailoring, verbatim(tailoring, dreamer), dreamer)
    text = render_text(cv)
    assert identity.lower() not in text.lower()
    assert "platform engineer" not in text.lower()
    assert cv.headline is not None
    assert cv.headline.split(" \u2014 ")[0] in {
        "Site Reliability Engineer",
        "Senior Site Reliability Engineer",
        "DevOps Engineer",
        "Systems Administrator",
    }
    assert not report.reverted  # the composer chose a held title: nothing to revert


def test_a_supported_identity_leads_and_a_held_title_matching_the_job_wins(
    profile: MasterProfile,
) -> None:
    jd = make_jd().model_copy(update={"title": "DevOps Engineer"})
    cv = tailor(profile, jd, TODAY).cv
    assert cv.headline is not None
    assert cv.headline.startswith("DevOps Engineer \u2014 ")  # held at Bølge Media


def test_dropping_a_negation_is_a_changed_claim(profile: MasterProfile) -> None:
    resume = profile.resume
    source = SourceRef(path="work[2].highlights[1]", text=resume.work[2].highlights[1])
    assert "no lost messages" in source.text
    item = judge(
        "work[2].bullets[1]",
        source,
        "Migrated the mail system to a hosted provider with lost messages",
        resume,
    )
    assert item.verdict is Verdict.REVERTED
    assert item.unsupported == ["dropped 'no'"]


# A bullet with "helped", to check a rewording does not promote the user.
HELPED = SourceRef(
    path="work[0].highlights[0]",
    text="Helped migrate 14 billing services to Kubernetes with the platform team",
)
HELPED_ROLE = one_role(
    HELPED.text,
    "Led the on-call rota for the payments team",
    "Provisioned AWS accounts with Terraform",
)


@pytest.mark.parametrize(
    ("proposed", "claim"),
    [
        ("Led the migration of 14 billing services to Kubernetes", "Led"),
        ("Single-handedly migrated 14 billing services to Kubernetes", "Single-handedly"),
        ("Helped migrate 14 billing services to Kubernetes end-to-end", "end-to-end"),
        ("As sole owner, migrated 14 billing services to Kubernetes", "sole"),
        ("Helped migrate all 14 billing services to Kubernetes", "all"),
        ("Helped migrate 14 billing services to Kubernetes, halving deploy time", "halving"),
        ("Helped migrate the 14 most critical billing services to Kubernetes", "most"),
        ("Helped migrate 14 billing services to Kubernetes, the fastest migration yet", "fastest"),
        ("Helped migrate over 14 billing services to Kubernetes", "over"),
        ("Drove the migration of 14 billing services to Kubernetes", "Drove"),
        ("Helped migrate 14 billing services to Kubernetes, a company first", "first"),
        ("Helped migrate 14 billing services to Kubernetes without downtime", "without"),
        ("Helped migrate 14 billing services to Kubernetes as tech lead", "tech lead"),
    ],
)
def test_scope_magnitude_and_exclusivity_the_source_does_not_state_are_caught(
    proposed: str, claim: str
) -> None:
    """Not word lists: any content word that is not a paraphrase of the source is a claim
    ("Led" is true of another bullet of this role, which does not make it true of this one)."""
    item = judge("work[0].bullets[0]", HELPED, proposed, HELPED_ROLE, ["Kubernetes"])
    assert item.verdict is Verdict.REVERTED
    assert claim in item.unsupported, item.unsupported
    assert item.output == HELPED.text


@pytest.mark.parametrize(
    "proposed",
    [
        "Helped migrate 14 billing services to Kubernetes",  # verbatim but for nothing
        "Helped migrating 14 billing services to Kubernetes with the platform team",  # a stem
        "With the platform team, helped migrate 14 billing services to k8s",  # order, alias
    ],
)
def test_a_light_paraphrase_is_kept(proposed: str) -> None:
    item = judge("work[0].bullets[0]", HELPED, proposed, HELPED_ROLE, ["Kubernetes", "AWS"])
    assert item.verdict is not Verdict.REVERTED, item.unsupported
    assert item.output == proposed


def test_a_technology_of_another_bullet_of_the_role_is_not_free() -> None:
    """AWS is true of the role (its third bullet), not of the migration: a JD keyword does
    not move between bullets any more than a metric does."""
    item = judge(
        "work[0].bullets[0]",
        HELPED,
        HELPED.text + " on AWS",
        HELPED_ROLE,
        ["Kubernetes", "AWS"],
    )
    assert item.verdict is Verdict.REVERTED
    assert "AWS" in item.unsupported
    [claim] = [c for c in item.claims if c.text == "AWS"]
    assert claim.source_path == "work[0].highlights[2]"
    assert claim.reason is not None
    assert "another bullet" in claim.reason


def test_a_jd_keyword_the_role_does_not_show_is_not_free() -> None:
    role = one_role(HELPED.text, "Led the on-call rota for the payments team")
    item = judge("work[0].bullets[0]", HELPED, HELPED.text + " on AWS", role, ["Kubernetes", "AWS"])
    assert item.verdict is Verdict.REVERTED
    assert "AWS" in item.unsupported
