"""The Claude adapter through the official SDK against the local fake Anthropic API (real HTTP)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from anthropic import transform_schema
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import StatusCode
from pydantic import BaseModel, SecretStr

from jobintel.runtime.errors import PermanentError, TransientError
from jobintel.runtime.llm import (
    BatchPolling,
    ClaudeLLM,
    LlmAuthError,
    LlmFailure,
    LlmOutputError,
    LlmRequest,
    LlmRequestError,
    LlmResult,
    LlmUnavailableError,
    estimate_cost,
    llm_from_settings,
)
from jobintel.runtime.settings import Settings
from jobintel.testkit.anthropic import (
    ErrorReply,
    FakeAnthropic,
    FakeCall,
    Reply,
    Responder,
    TextReply,
    scripted,
)

pytestmark = pytest.mark.integration

MODEL = "claude-sonnet-5-5"
MASTER_CV = "Jane Doe. Senior engineer at Acme 2019-2024: Python, Kubernetes. " * 40


class Requirements(BaseModel):
    """Requirements of a job description."""

    must_have: list[str]
    nice_to_have: list[str]


GOOD = {"must_have": ["Python"], "nice_to_have": ["Kubernetes"]}


@dataclass
class Rig:
    fake: FakeAnthropic
    llm: ClaudeLLM
    spans: InMemorySpanExporter

    def our_spans(self) -> list[ReadableSpan]:
        return [
            s
            for s in self.spans.get_finished_spans()
            if s.instrumentation_scope is not None
            and s.instrumentation_scope.name == "jobintel.runtime.llm"
        ]


@contextlib.asynccontextmanager
async def rig(
    responder: Responder,
    *,
    batch_polls: int = 2,
    polling: BatchPolling | None = None,
    max_retries: int = 2,
) -> AsyncIterator[Rig]:
    """A fake Anthropic API and a Claude LLM pointed at it, with spans kept in memory."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    async with FakeAnthropic(responder, batch_polls=batch_polls) as fake:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            anthropic_api_key=SecretStr(fake.api_key),
            anthropic_base_url=fake.url,
            anthropic_model=MODEL,
        )
        llm = llm_from_settings(
            settings,
            max_retries=max_retries,
            tracer_provider=provider,
            batch_polling=polling or BatchPolling(first_delay=0.01, max_delay=0.05),
        )
        assert isinstance(llm, ClaudeLLM)
        try:
            yield Rig(fake=fake, llm=llm, spans=exporter)
        finally:
            await llm.aclose()
            provider.shutdown()


async def _ask(
    llm: ClaudeLLM, prompt: str = "JD: Python required; Kubernetes a plus."
) -> LlmResult[Requirements]:
    return await llm.structured(
        prompt=prompt,
        schema=Requirements,
        purpose="jd-structuring",
        system="Extract the requirements.",
        cache_prefix=MASTER_CV,
        max_tokens=1024,
    )


def test_no_key_means_no_llm_and_the_product_runs_offline() -> None:
    settings = Settings(_env_file=None, anthropic_api_key=None)  # type: ignore[call-arg]

    assert llm_from_settings(settings) is None


async def test_structured_call_returns_the_validated_model_with_usage_and_cost() -> None:
    async with rig(scripted(GOOD)) as api:
        result = await _ask(api.llm)

    assert result.value == Requirements(must_have=["Python"], nice_to_have=["Kubernetes"])
    assert result.model == MODEL
    assert result.attempts == 1
    assert not result.batched
    assert result.usage.input_tokens > 0
    assert result.usage.output_tokens > 0
    assert result.cost_usd == pytest.approx(estimate_cost(MODEL, result.usage))
    [sent] = api.fake.message_requests
    assert sent["model"] == MODEL
    assert sent["max_tokens"] == 1024
    assert sent["output_config"] == {
        "format": {"type": "json_schema", "schema": transform_schema(Requirements)}
    }
    assert "tool_choice" not in sent


async def test_the_master_cv_sits_in_a_cached_system_block_and_is_read_back() -> None:
    async with rig(scripted(GOOD)) as api:
        first = await _ask(api.llm, "JD one")
        second = await _ask(api.llm, "JD two")

    for sent in api.fake.message_requests:
        *instructions, cached = sent["system"]
        assert cached == {
            "type": "text",
            "text": MASTER_CV,
            "cache_control": {"type": "ephemeral"},
        }
        assert all("cache_control" not in block for block in instructions)
        assert "JD" not in str(sent["system"])  # the per-job part stays out of the cache
    assert first.usage.cache_creation_input_tokens > 0
    assert first.usage.cache_read_input_tokens == 0
    assert second.usage.cache_read_input_tokens == first.usage.cache_creation_input_tokens
    assert second.usage.cache_creation_input_tokens == 0
    assert second.cost_usd is not None
    assert first.cost_usd is not None
    assert second.cost_usd < first.cost_usd


async def test_an_invalid_reply_is_retried_once_with_the_error_then_succeeds() -> None:
    async with rig(scripted({"must_have": "Python"}, GOOD)) as api:
        result = await _ask(api.llm)

    assert result.value.must_have == ["Python"]
    assert result.attempts == 2
    first, retry = api.fake.message_requests
    assert len(first["messages"]) == 1
    assert retry["messages"][1] == {
        "role": "assistant",
        "content": [{"type": "text", "text": '{"must_have": "Python"}'}],
    }
    correction = retry["messages"][2]["content"]
    assert "must_have: Input should be a valid array" in correction
    assert "nice_to_have: Field required" in correction
    # Both calls are paid for and counted.
    assert result.usage.output_tokens > 1
    assert result.usage.cache_creation_input_tokens > 0
    assert result.usage.cache_read_input_tokens > 0


async def test_a_prose_reply_is_retried_then_succeeds() -> None:
    async with rig(scripted(TextReply("Python and Kubernetes."), GOOD)) as api:
        result = await _ask(api.llm)

    assert result.value.nice_to_have == ["Kubernetes"]
    assert "Invalid JSON" in api.fake.message_requests[1]["messages"][-1]["content"]


async def test_a_refusal_is_a_permanent_error_without_a_retry() -> None:
    async with rig(scripted(TextReply("I can't help with that.", stop_reason="refusal"))) as api:
        with pytest.raises(LlmOutputError, match="declined"):
            await _ask(api.llm)

    assert len(api.fake.message_requests) == 1


async def test_a_reply_that_never_validates_is_a_clear_permanent_error() -> None:
    async with rig(scripted({"must_have": ["Python"]})) as api:
        with pytest.raises(LlmOutputError) as caught:
            await _ask(api.llm)

    err = caught.value
    assert isinstance(err, PermanentError)
    assert "jd-structuring" in str(err)
    assert "Requirements" in str(err)
    assert "nice_to_have: Field required" in str(err)
    assert "after 2 attempts" in str(err)
    assert len(api.fake.message_requests) == 2
    assert err.usage is not None
    assert err.usage.output_tokens > 0  # what the failed attempts cost is kept
    [span] = api.our_spans()
    assert span.status.status_code is StatusCode.ERROR
    assert span.attributes is not None
    assert span.attributes["error.type"] == "LlmOutputError"


async def test_overloaded_is_retried_by_the_sdk_and_then_succeeds() -> None:
    async with rig(scripted(ErrorReply.overloaded(), GOOD)) as api:
        result = await _ask(api.llm)

    assert result.value.must_have == ["Python"]
    assert result.attempts == 1  # one valid reply; the 529 was the SDK's business
    retries = [r.headers["x-stainless-retry-count"] for r in api.fake.requests]
    assert retries == ["0", "1"]
    assert api.fake.message_requests[0] == api.fake.message_requests[1]


async def test_overloaded_for_good_is_transient_so_the_message_is_retried_later() -> None:
    async with rig(scripted(ErrorReply.overloaded()), max_retries=2) as api:
        with pytest.raises(LlmUnavailableError) as caught:
            await _ask(api.llm)

    assert isinstance(caught.value, TransientError)
    assert "529" in str(caught.value)
    assert len(api.fake.message_requests) == 3  # the first try and two SDK retries


async def test_rate_limited_for_good_is_transient() -> None:
    async with rig(scripted(ErrorReply.rate_limited()), max_retries=1) as api:
        with pytest.raises(LlmUnavailableError, match="rate limited"):
            await _ask(api.llm)


async def test_a_bad_key_is_permanent_and_says_which_setting_to_fix() -> None:
    async with rig(scripted(GOOD)) as api:
        api.fake.api_key = "another-key"
        with pytest.raises(LlmAuthError) as caught:
            await _ask(api.llm)

    assert isinstance(caught.value, PermanentError)
    assert "JOBINTEL_ANTHROPIC_API_KEY" in str(caught.value)
    assert len(api.fake.requests) == 1  # not retried


async def test_a_refused_request_is_permanent() -> None:
    refusal = ErrorReply(400, "prompt is too long: 250000 tokens > 200000 maximum")
    async with rig(scripted(refusal)) as api:
        with pytest.raises(LlmRequestError, match="prompt is too long"):
            await _ask(api.llm)


async def test_spans_carry_the_gen_ai_attributes() -> None:
    async with rig(scripted(GOOD)) as api:
        result = await _ask(api.llm)

    [span] = api.our_spans()
    attrs = dict(span.attributes or {})
    assert span.name == f"chat {MODEL}"
    assert attrs["gen_ai.system"] == "anthropic"
    assert attrs["gen_ai.operation.name"] == "chat"
    assert attrs["gen_ai.request.model"] == MODEL
    assert attrs["gen_ai.response.model"] == MODEL
    assert attrs["gen_ai.request.max_tokens"] == 1024
    usage = result.usage
    assert attrs["gen_ai.usage.input_tokens"] == (
        usage.input_tokens + usage.cache_read_input_tokens + usage.cache_creation_input_tokens
    )
    assert attrs["gen_ai.usage.output_tokens"] == usage.output_tokens
    assert attrs["gen_ai.usage.cache_creation.input_tokens"] == usage.cache_creation_input_tokens
    assert attrs["gen_ai.usage.cache_read.input_tokens"] == 0
    assert attrs["jobintel.llm.purpose"] == "jd-structuring"
    assert attrs["jobintel.llm.cost_usd"] == pytest.approx(result.cost_usd)
    # The SDK's own HTTP span is a child of ours, so a trace reaches down to the API call.
    children = [s for s in api.spans.get_finished_spans() if s.parent is not None]
    assert any(s.parent.span_id == span.context.span_id for s in children if s.parent)


def _jobs(n: int) -> list[LlmRequest[Requirements]]:
    return [
        LlmRequest(
            key=f"job-{i}",
            prompt=f"JD {i}: Python required; Kubernetes a plus.",
            schema=Requirements,
            purpose="cv-tailoring",
            system="Extract the requirements.",
            cache_prefix=MASTER_CV,
            max_tokens=512,
        )
        for i in range(n)
    ]


def _by_prompt(call: FakeCall) -> Reply:
    """Each job answered with its own number, so a mixed-up order would show."""
    number = call.prompt.split(":")[0].removeprefix("JD ")
    return {"must_have": [f"skill-{number}"], "nice_to_have": []}


async def test_a_batch_goes_through_the_batches_api_at_half_price_in_order() -> None:
    async with rig(_by_prompt, batch_polls=3) as api:
        results = await api.llm.structured_batch(_jobs(3))

    assert [r.key for r in results] == ["job-0", "job-1", "job-2"]
    values = [r.value.must_have for r in results if isinstance(r, LlmResult)]
    assert values == [["skill-0"], ["skill-1"], ["skill-2"]]
    assert api.fake.message_requests == []  # nothing went the per-request way
    [batch] = api.fake.batch_requests
    assert [item["custom_id"] for item in batch["requests"]] == ["job-0", "job-1", "job-2"]
    params = batch["requests"][0]["params"]
    assert params["system"][-1]["cache_control"] == {"type": "ephemeral"}
    assert params["output_config"]["format"]["schema"] == transform_schema(Requirements)
    polls = [r for r in api.fake.requests if r.method == "GET" and r.path.endswith(batch_id(api))]
    assert len(polls) >= 3  # polled until it ended
    for r in results:
        assert isinstance(r, LlmResult)
        assert r.batched
        assert r.cost_usd == pytest.approx(estimate_cost(MODEL, r.usage, batch=True))
    [batch_span] = [s for s in api.our_spans() if s.name == f"batch {MODEL}"]
    assert batch_span.attributes is not None
    assert batch_span.attributes["jobintel.llm.batch.size"] == 3
    assert batch_span.attributes["gen_ai.usage.output_tokens"] == sum(
        r.usage.output_tokens for r in results
    )


def batch_id(api: Rig) -> str:
    created = [r for r in api.fake.requests if r.method == "GET" and "/batches/" in r.path]
    return created[0].path.split("/batches/")[1].split("/")[0]


async def test_a_failing_batch_falls_back_to_one_call_per_request() -> None:
    async with rig(_by_prompt, max_retries=1) as api:
        api.fake.batch_error = ErrorReply.server_error()
        results = await api.llm.structured_batch(_jobs(3))

    assert len(api.fake.batch_requests) == 2  # the SDK retried the create once
    assert len(api.fake.message_requests) == 3
    assert [r.value.must_have for r in results if isinstance(r, LlmResult)] == [
        ["skill-0"],
        ["skill-1"],
        ["skill-2"],
    ]
    assert all(isinstance(r, LlmResult) and not r.batched for r in results)
    [batch_span] = [s for s in api.our_spans() if s.name == f"batch {MODEL}"]
    assert batch_span.attributes is not None
    assert batch_span.attributes["jobintel.llm.batch.fallback"] is True


async def test_batch_items_are_settled_one_by_one() -> None:
    def responder(call: FakeCall) -> Reply:
        if call.custom_id == "job-0":
            return ErrorReply.overloaded()  # in the batch only; alone it works
        if call.custom_id == "job-1":
            return ErrorReply(400, "messages.0.content: too long")
        if call.custom_id == "job-2":
            return {"must_have": "not a list"}  # invalid: corrected by a follow-up call
        return _by_prompt(call)

    async with rig(responder) as api:
        results = await api.llm.structured_batch(_jobs(4))

    overloaded, refused, corrected, fine = results
    assert isinstance(overloaded, LlmResult)
    assert not overloaded.batched
    assert overloaded.value.must_have == ["skill-0"]
    assert isinstance(refused, LlmFailure)
    assert not refused.transient
    assert "too long" in refused.reason
    assert isinstance(corrected, LlmResult)
    assert corrected.batched
    assert corrected.attempts == 2
    assert corrected.value.must_have == ["skill-2"]
    assert isinstance(fine, LlmResult)
    assert fine.attempts == 1
    # One call for the overloaded item, one correction for the invalid one.
    assert len(api.fake.message_requests) == 2
    # The correction is billed at full price, the batched first reply at half.
    assert corrected.cost_usd is not None
    assert corrected.cost_usd > estimate_cost(MODEL, corrected.usage, batch=True)  # type: ignore[operator]
    assert corrected.cost_usd < estimate_cost(MODEL, corrected.usage)  # type: ignore[operator]


async def test_a_batch_that_takes_too_long_is_canceled_and_done_call_by_call() -> None:
    polling = BatchPolling(first_delay=0.01, max_delay=0.02, timeout=0.1)
    async with rig(_by_prompt, batch_polls=1000, polling=polling) as api:
        results = await api.llm.structured_batch(_jobs(2))

    assert any(r.path.endswith("/cancel") for r in api.fake.requests)
    assert [r.value.must_have for r in results if isinstance(r, LlmResult)] == [
        ["skill-0"],
        ["skill-1"],
    ]
    assert len(api.fake.message_requests) == 2


async def test_a_bad_key_fails_every_batch_item_without_trying_each() -> None:
    async with rig(_by_prompt) as api:
        api.fake.api_key = "rotated"
        results = await api.llm.structured_batch(_jobs(2))

    assert all(isinstance(r, LlmFailure) and not r.transient for r in results)
    assert "JOBINTEL_ANTHROPIC_API_KEY" in results[0].reason  # type: ignore[union-attr]
    assert api.fake.message_requests == []


async def test_batch_keys_must_be_unique() -> None:
    async with rig(_by_prompt) as api:
        jobs = _jobs(2)
        with pytest.raises(ValueError, match="own key"):
            await api.llm.structured_batch([jobs[0], jobs[0]])
    assert api.fake.requests == []
