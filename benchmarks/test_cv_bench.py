"""cv-generator speed per job, offline: matching, tailoring, and the whole render (ms)."""

from __future__ import annotations

import datetime as dt
import json
from importlib.resources import files

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from jobintel.contracts.company import CompanyProfile
from jobintel.contracts.jd import Keyword, Requirement, RequirementKind, StructuredJD
from jobintel.contracts.profile import MasterProfile
from jobintel.cv_generator.domain.generate import apply_gate, finish, rewrite_requests, verbatim
from jobintel.cv_generator.domain.items import items_of
from jobintel.cv_generator.domain.matching import jd_terms, score_items
from jobintel.cv_generator.domain.rewriting import Rewrites
from jobintel.cv_generator.domain.tailoring import tailor

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
MUST = ["Kubernetes", "Helm", "Python", "Go", "Terraform", "AWS"]
NICE = ["NATS", "Kafka", "PostgreSQL", "Mentoring", "OpenTelemetry", "Prometheus"]


@pytest.fixture(scope="module")
def profile() -> MasterProfile:
    samples = files("jobintel.runtime").joinpath("samples")
    return MasterProfile(
        resume=json.loads(samples.joinpath("resume.json").read_text()),
        persona=json.loads(samples.joinpath("persona.json").read_text()),
    )


@pytest.fixture(scope="module")
def jd() -> StructuredJD:
    requirements = [
        Requirement(kind=RequirementKind.MUST_HAVE, text=f"Production {k}", skills=[k])
        for k in MUST
    ]
    requirements += [
        Requirement(kind=RequirementKind.NICE_TO_HAVE, text=f"Some {k}", skills=[k]) for k in NICE
    ]
    return StructuredJD(
        version=1,
        title="Senior Platform Engineer",
        company="Harbourline",
        description_text="\n".join(r.text for r in requirements),
        requirements=requirements,
        keywords=[Keyword(name=k, weight=2.0, required=True) for k in MUST]
        + [Keyword(name=k, weight=1.0) for k in NICE],
    )


def test_matching(benchmark: BenchmarkFixture, profile: MasterProfile, jd: StructuredJD) -> None:
    items, terms = items_of(profile.resume), jd_terms(jd)
    scored = benchmark(score_items, items, jd, terms, NOW.date())
    assert len(scored) == len(items)


def test_tailoring(benchmark: BenchmarkFixture, profile: MasterProfile, jd: StructuredJD) -> None:
    tailored = benchmark(tailor, profile, jd, NOW.date())
    assert tailored.cv.work


def test_full_job(benchmark: BenchmarkFixture, profile: MasterProfile, jd: StructuredJD) -> None:
    """Matching, tailoring, the gate, every format (two PDFs) and both PDF round-trips."""
    company = CompanyProfile(company_id="harbourline.example", name="Harbourline")

    def one_job() -> int:
        t = tailor(profile, jd, NOW.date())
        generated = finish(
            t, verbatim(t, profile), profile=profile, jd=jd, company=company, timestamp=NOW
        )
        return len(generated.documents)

    assert benchmark(one_job) == 6


def test_gate(benchmark: BenchmarkFixture, profile: MasterProfile, jd: StructuredJD) -> None:
    """The truth gate on one CV whose every bullet was reworded (nothing short-circuits as
    verbatim): the evidence index, each bullet's claims, the header. Compare with
    `test_full_job`: the gate must stay a small part of a CV's cost."""
    t = tailor(profile, jd, NOW.date())
    requests = rewrite_requests(t, profile)
    # a reordering keeps every claim; a suffix adds one: both get checked claim by claim
    texts = [
        f"{r.source.text}, end-to-end"
        if i % 2
        else f"{r.source.text[0].lower()}{r.source.text[1:]}"
        for i, r in enumerate(requests)
    ]
    rewrites = Rewrites(texts, method="bench")
    _, report = benchmark(apply_gate, t, rewrites, profile)
    assert len([i for i in report.items if i.source is not None]) == len(requests)
