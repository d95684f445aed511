"""Claude rewording against a local fake of the Anthropic API (the SDK runs for real).

The fake plays a model that fabricates: every invention must be reverted and named.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import uuid

import pytest
from pydantic import SecretStr

from jobintel.contracts import CompanyResearched, CvGenerated, ProfileUpdated, Verdict, subjects
from jobintel.contracts.annotations import AnnotationType
from jobintel.contracts.company import CompanyProfile
from jobintel.contracts.profile import MasterProfile
from jobintel.cv_generator.adapters.llm_rewriter import BatchingRewriter, LlmRewriter
from jobintel.cv_generator.app import create_app
from jobintel.cv_generator.domain.generate import apply_gate, rewrite_requests
from jobintel.cv_generator.domain.render.markdown import render_text
from jobintel.cv_generator.domain.tailoring import tailor
from jobintel.runtime.llm import BatchPolling, ClaudeLLM, llm_from_settings
from jobintel.runtime.settings import Settings
from jobintel.testkit.anthropic import ErrorReply, FakeAnthropic, FakeCall
from jobintel.testkit.jetstream import collect, jetstream, publish, running

from ..conftest import annotation, load_profile, make_jd
from ..fakes import FABRICATIONS

pytestmark = pytest.mark.integration
TODAY = dt.date(2026, 11, 24)


def bullets_in(call: FakeCall) -> list[tuple[str, str]]:
    """(key, source text) of each bullet the request asks to reword."""
    lines = call.prompt.split("Bullets to reword", 1)[1].splitlines()[1:]
    return [(p[0], p[2]) for p in (line.split(" | ") for line in lines) if len(p) == 4]


def fabricating(call: FakeCall) -> dict[str, object]:
    return {
        "bullets": [
            {"key": key, "text": text + FABRICATIONS[i % len(FABRICATIONS)][0]}
            for i, (key, text) in enumerate(bullets_in(call))
        ]
    }


def configured(settings: Settings, fake: FakeAnthropic) -> Settings:
    return settings.model_copy(
        update={"anthropic_base_url": fake.url, "anthropic_api_key": SecretStr(fake.api_key)}
    )


async def test_a_fabricating_model_is_caught_every_time(
    settings: Settings, profile: MasterProfile
) -> None:
    jd = make_jd()
    tailoring = tailor(profile, jd, TODAY)
    requests = rewrite_requests(tailoring, profile)
    async with FakeAnthropic(fabricating) as fake:
        llm = llm_from_settings(configured(settings, fake), max_retries=0)
        assert isinstance(llm, ClaudeLLM)
        try:
            rewrites = await LlmRewriter(llm).rewrite(requests, jd=jd, profile=profile)
        finally:
            await llm.aclose()
    cv, report = apply_gate(tailoring, rewrites, profile)
    by_key = {i.section: i for i in report.items}
    for i, request in enumerate(requests):
        suffix, claim = FABRICATIONS[i % len(FABRICATIONS)]
        item = by_key[request.key]
        assert item.verdict is Verdict.REVERTED, request.key
        assert claim in item.unsupported
        assert item.proposed == request.source.text + suffix
    text = render_text(cv)
    assert not any(s.strip(" ,") in text for s, _ in FABRICATIONS)
    assert report.rewriter.startswith("llm:")
    assert report.usage is not None
    assert report.usage.input_tokens > 0
    assert report.usage.output_tokens > 0


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d+(?:\.\d+)?", text)


def inflate(index: int, text: str, others: list[str]) -> tuple[str, str]:
    """One inflation of a true bullet, and the word the gate must name for it."""
    lower = text[0].lower() + text[1:]
    borrowed = next(
        (n for o in others for n in _numbers(o) if n not in _numbers(text) and "." not in n), None
    )
    kinds = [
        (f"Single-handedly {lower}", "Single-handedly"),
        (f"{text} end-to-end", "end-to-end"),
        (f"Led work that {lower}", "Led"),
        (f"{text}, a first for the company", "first"),
        (f"As sole owner, {lower}", "sole"),
        (f"{text}, halving costs", "costs"),
        (f"{text}, the best result in the industry", "best"),
    ]
    if borrowed is not None:  # a metric of another bullet, moved into this one
        kinds.append((f"{text} for {borrowed} teams", borrowed))
    return kinds[index % len(kinds)]


async def test_a_model_that_inflates_scope_or_moves_metrics_is_caught_every_time(
    settings: Settings, profile: MasterProfile
) -> None:
    jd = make_jd()
    tailoring = tailor(profile, jd, TODAY)
    requests = rewrite_requests(tailoring, profile)
    expected: dict[str, tuple[str, str]] = {}

    def inflating(call: FakeCall) -> dict[str, object]:
        bullets = bullets_in(call)
        texts = [t for _, t in bullets]
        out = []
        for i, (key, text) in enumerate(bullets):
            expected[key] = inflate(i, text, [t for t in texts if t != text])
            out.append({"key": key, "text": expected[key][0]})
        return {"bullets": out}

    async with FakeAnthropic(inflating) as fake:
        llm = llm_from_settings(configured(settings, fake), max_retries=0)
        assert isinstance(llm, ClaudeLLM)
        try:
            rewrites = await LlmRewriter(llm).rewrite(requests, jd=jd, profile=profile)
        finally:
            await llm.aclose()
    cv, report = apply_gate(tailoring, rewrites, profile)
    by_key = {i.section: i for i in report.items}
    assert len(expected) == len(requests)
    assert any(claim.isdigit() for _, claim in expected.values()), "a metric was moved"
    for key, (proposed, claim) in expected.items():
        item = by_key[key]
        assert item.verdict is Verdict.REVERTED, (key, proposed)
        assert claim in item.unsupported, (key, proposed, item.unsupported)
        assert item.proposed == proposed
    text = render_text(cv)
    for proposed, _ in expected.values():
        assert proposed not in text


async def test_the_prompt_carries_the_persona_and_caches_the_master_cv(
    settings: Settings, profile: MasterProfile
) -> None:
    seen: list[FakeCall] = []

    def honest(call: FakeCall) -> dict[str, object]:
        seen.append(call)
        return {
            "bullets": [
                {"key": k, "text": t.replace(" the ", " our ", 1)} for k, t in bullets_in(call)
            ]
        }

    jd = make_jd()
    tailoring = tailor(profile, jd, TODAY)
    requests = rewrite_requests(tailoring, profile)
    async with FakeAnthropic(honest) as fake:
        llm = llm_from_settings(configured(settings, fake), max_retries=0)
        assert isinstance(llm, ClaudeLLM)
        try:
            first = await LlmRewriter(llm).rewrite(requests, jd=jd, profile=profile)
            second = await LlmRewriter(llm).rewrite(requests, jd=jd, profile=profile)
        finally:
            await llm.aclose()
    assert "Tone: plain." in seen[0].system_text
    assert "Site reliability engineer" in seen[0].system_text
    assert "Skarv Payments" not in seen[0].prompt  # the master CV is in the cached prefix
    assert first.usage is not None
    assert second.usage is not None
    assert second.usage.cache_read_input_tokens > 0  # the second job reads the cached CV
    _, report = apply_gate(tailoring, first, profile)
    assert any(i.verdict is Verdict.GROUNDED for i in report.items)
    assert not report.reverted


async def test_when_the_model_fails_the_cv_is_still_made_and_says_why(
    settings: Settings,
) -> None:
    job_id = str(uuid.uuid4())
    async with FakeAnthropic(lambda call: ErrorReply(400, "prompt is too long")) as fake:
        app = create_app(configured(settings, fake))
        async with running(app), jetstream(settings.nats_url) as (_, js):
            await publish(js, ProfileUpdated(producer="test", profile=load_profile()))
            await publish(
                js,
                CompanyResearched(
                    job_id=job_id,
                    producer="test",
                    jd=make_jd(),
                    company=CompanyProfile(company_id="tidewater.example", name="Tidewater"),
                ),
            )
            [event] = await collect(
                js, subjects.CV_GENERATED, CvGenerated, until=lambda e: len(e) >= 1
            )
    assert event.method == "offline"
    assert event.grounding.note is not None
    assert "prompt is too long" in event.grounding.note
    assert all(i.verdict is not Verdict.REVERTED for i in event.grounding.items)


async def test_the_service_with_a_fabricating_model_publishes_only_true_bullets(
    settings: Settings,
) -> None:
    job_id = str(uuid.uuid4())
    async with FakeAnthropic(fabricating) as fake:
        app = create_app(configured(settings, fake))
        async with running(app), jetstream(settings.nats_url) as (_, js):
            await publish(js, ProfileUpdated(producer="test", profile=load_profile()))
            await publish(
                js,
                CompanyResearched(
                    job_id=job_id,
                    producer="test",
                    jd=make_jd(),
                    company=CompanyProfile(company_id="tidewater.example", name="Tidewater"),
                ),
            )
            [event] = await collect(
                js, subjects.CV_GENERATED, CvGenerated, until=lambda e: len(e) >= 1
            )
    bullets = [i for i in event.grounding.items if i.source is not None]
    assert bullets
    assert all(i.verdict is Verdict.REVERTED for i in bullets)
    assert all(i.unsupported for i in bullets)
    assert event.method.startswith("llm:")
    assert event.grounding.usage is not None
    shown = [b.text for r in event.cv.work for b in r.bullets]
    assert set(shown) <= {h for w in load_profile().resume.work for h in w.highlights}


async def test_cvs_made_together_share_one_half_price_batch(
    settings: Settings, profile: MasterProfile
) -> None:
    jds = [
        make_jd(1),
        make_jd(2, [annotation(AnnotationType.AVOID, "Observability with Prometheus")]),
        make_jd(3, [annotation(AnnotationType.MUST_HAVE, "PostgreSQL operations")]),
    ]
    tailorings = [tailor(profile, jd, TODAY) for jd in jds]
    firsts = {t.cv.key_achievements[0].text for t in tailorings}
    orders = {tuple(b.text for b in t.cv.work[1].bullets) for t in tailorings}
    assert len(firsts) > 1 or len(orders) > 1, "the three CVs differ, so a mix-up would show"
    async with FakeAnthropic(fabricating) as fake:
        llm = llm_from_settings(
            configured(settings, fake),
            max_retries=0,
            batch_polling=BatchPolling(first_delay=0.01, max_delay=0.05),
        )
        assert isinstance(llm, ClaudeLLM)
        rewriter = BatchingRewriter(llm, window_seconds=0.2)
        try:
            outcomes = await asyncio.gather(
                *(
                    rewriter.rewrite(rewrite_requests(t, profile), jd=jd, profile=profile)
                    for t, jd in zip(tailorings, jds, strict=True)
                )
            )
            alone = await rewriter.rewrite(
                rewrite_requests(tailorings[0], profile), jd=jds[0], profile=profile
            )
        finally:
            await llm.aclose()
        [batch] = fake.batch_requests
        assert len(batch["requests"]) == 3
        assert len(fake.message_requests) == 1  # the lone CV did not wait for company
    for t, outcome in zip(tailorings, outcomes, strict=True):
        assert outcome.usage is not None
        assert outcome.usage.batched
        _, report = apply_gate(t, outcome, profile)
        bullets = [i for i in report.items if i.source is not None]
        assert all(i.verdict is Verdict.REVERTED for i in bullets)
        assert [i.proposed for i in bullets] == outcome.texts  # each CV got its own answer
    assert alone.usage is not None
    assert not alone.usage.batched
