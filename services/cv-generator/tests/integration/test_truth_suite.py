"""The truth gate's adversarial suite through the real SDK, and a model that lies every time.

The fake Messages API plays a model that fabricates; the official SDK, the rewriter adapter,
the bullet gate and (for the last test) the whole service run for real.
"""

from __future__ import annotations

import json

import pytest
from pydantic import SecretStr

from jobintel.contracts import CompanyResearched, ProfileUpdated, Verdict
from jobintel.contracts.company import CompanyProfile
from jobintel.contracts.cv import CvFormat
from jobintel.cv_generator import gate_eval, service
from jobintel.cv_generator.adapters.llm_rewriter import LlmRewriter
from jobintel.runtime.llm import llm_from_settings
from jobintel.runtime.settings import Settings
from jobintel.runtime.store import open_store
from jobintel.testkit.anthropic import FakeAnthropic, FakeCall
from jobintel.truth import suite

from ..fakes import MemorySink

pytestmark = pytest.mark.integration


async def test_the_suite_through_the_sdk_lets_no_fabrication_through(settings: Settings) -> None:
    outcomes = await gate_eval.run(settings)
    fabrications = [o for o in outcomes if o.case.fabricated]
    honest = [o for o in outcomes if not o.case.fabricated]
    assert len(fabrications) >= 100
    assert len(honest) >= 40
    assert not [o for o in fabrications if o.kept], suite.failures(fabrications)
    assert all(o.named for o in fabrications), suite.failures(fabrications)
    assert sum(o.kept for o in honest) / len(honest) >= suite.HONEST_KEPT_MIN, suite.failures(
        honest
    )


class Publisher:
    async def publish(self, event: object) -> None:
        self.last = event


def _lies(by_source: dict[str, list[suite.Case]], told: dict[str, suite.Case]) -> object:
    """A model that answers every bullet with a fabrication of that bullet from the suite."""

    def respond(call: FakeCall) -> dict[str, object]:
        lines = call.prompt.split("Bullets to reword", 1)[1].splitlines()[1:]
        out = []
        for key, path, text, _ in (line.split(" | ") for line in lines if line.count(" | ") == 3):
            cases = by_source.get(path)
            if cases:
                case = cases[len(told) % len(cases)]
            else:  # a bullet the suite does not rewrite: an invented employer
                case = suite.Case(
                    key,
                    True,
                    "organisation",
                    f"{text} at Maersk",
                    "Maersk",
                    suite.Scope.BULLET,
                    path,
                )
            told[key] = case
            out.append({"key": key, "text": case.text})
        return {"bullets": out}

    return respond


async def test_a_model_that_fabricates_in_every_bullet_yields_only_supported_claims(
    settings: Settings,
) -> None:
    profile = suite.master()
    by_source: dict[str, list[suite.Case]] = {}
    for case in suite.cases():
        if case.fabricated and case.source:
            by_source.setdefault(case.source, []).append(case)
    told: dict[str, suite.Case] = {}
    store = await open_store("sqlite:///:memory:")
    sink = MemorySink()
    jd = gate_eval.JD
    try:
        await service.store_profile(ProfileUpdated(producer="t", profile=profile), store=store)
        async with FakeAnthropic(_lies(by_source, told)) as fake:  # type: ignore[arg-type]
            configured = settings.model_copy(
                update={
                    "anthropic_base_url": fake.url,
                    "anthropic_api_key": SecretStr(fake.api_key),
                }
            )
            llm = llm_from_settings(configured, max_retries=0)
            assert llm is not None
            try:
                event = await service.generate_for_job(
                    CompanyResearched(
                        job_id="job-1",
                        producer="t",
                        jd=jd,
                        company=CompanyProfile(company_id="kestrel.example", name="Kestrel"),
                    ),
                    store=store,
                    publisher=Publisher(),
                    files=sink,
                    rewriter=LlmRewriter(llm),
                )
            finally:
                await llm.aclose()
    finally:
        await store.close()
    assert event.method.startswith("llm:")
    bullets = [i for i in event.grounding.items if i.source is not None]
    assert len(bullets) == len(told) >= 10
    master_bullets = (
        {h for w in profile.resume.work for h in w.highlights}
        | {h for p in profile.resume.projects for h in p.highlights}
        | {p.description for p in profile.resume.projects if p.description}
    )
    for item in bullets:
        case = told[item.section or ""]
        assert item.verdict is Verdict.REVERTED, (case.text, item.reason)
        assert item.output == item.source.text  # type: ignore[union-attr]
        assert item.proposed == case.text
        failing = [c for c in item.claims if not c.supported]
        assert failing, item
        assert all(c.reason for c in failing), item
        assert any(case.claim.lower() in u.lower() for u in item.unsupported), (case, item)
    shown = [b.text for r in [*event.cv.work, *event.cv.projects] for b in r.bullets]
    shown += [b.text for b in event.cv.key_achievements]
    assert set(shown) <= master_bullets
    # the JSON download carries the report a recruiter can audit
    [json_file] = [f for f in event.files if f.format is CvFormat.JSON]
    document = json.loads(sink.files[json_file.object_name][0])
    audit = document["meta"]["grounding"]["items"]
    reverted = [i for i in audit if i["verdict"] == "reverted"]
    assert len(reverted) == len(bullets)
    assert all(i["reason"] and i["claims"] for i in reverted)
