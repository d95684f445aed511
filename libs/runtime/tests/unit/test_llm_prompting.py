"""Request building, reply parsing and pricing, without a server."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, Field

from jobintel.runtime.llm import LlmRequest, LlmResult, LlmUsage, estimate_cost, price_for
from jobintel.runtime.llm.prompting import (
    InvalidReply,
    check_key,
    message_params,
    parse_reply,
    retry_params,
)
from jobintel.testkit.anthropic import validate_message_request

pytestmark = pytest.mark.unit


class RoleSummary(BaseModel):
    """The role in brief."""

    title: str
    seniority: str = Field(pattern="^(junior|mid|senior)$")
    skills: list[str]


def _request(**overrides: object) -> LlmRequest[RoleSummary]:
    values: dict[str, object] = {
        "key": "job-1",
        "prompt": "Summarise this job: Senior Python engineer, Kubernetes.",
        "schema": RoleSummary,
        "purpose": "jd-structuring",
        "system": "You extract facts from job descriptions.",
        "cache_prefix": "MASTER CV " * 50,
    }
    values.update(overrides)
    return LlmRequest(**values)  # type: ignore[arg-type]


def test_the_request_asks_for_json_matching_the_schema() -> None:
    params = message_params(_request(), model="claude-sonnet-5-5")

    assert params["model"] == "claude-sonnet-5-5"
    schema = params["output_config"]["format"]["schema"]
    assert params["output_config"]["format"]["type"] == "json_schema"
    assert schema["required"] == ["title", "seniority", "skills"]
    assert schema["additionalProperties"] is False
    # A constraint the API cannot enforce is kept for the model to read.
    assert "junior|mid|senior" in schema["properties"]["seniority"]["description"]
    assert "tools" not in params  # no forced tool use: current models refuse it
    assert "tool_choice" not in params
    assert params["messages"] == [
        {"role": "user", "content": "Summarise this job: Senior Python engineer, Kubernetes."}
    ]
    assert validate_message_request(params) is None


def test_effort_is_sent_only_when_asked_for() -> None:
    assert "effort" not in message_params(_request(), model="m")["output_config"]
    params = message_params(_request(effort="low"), model="m")
    assert params["output_config"]["effort"] == "low"


def test_only_the_stable_prefix_is_marked_for_prompt_caching() -> None:
    params = message_params(_request(), model="claude-sonnet-4-5")

    instructions, prefix = params["system"]
    assert "cache_control" not in instructions
    assert instructions["text"] == "You extract facts from job descriptions."
    assert prefix == {
        "type": "text",
        "text": "MASTER CV " * 50,
        "cache_control": {"type": "ephemeral"},
    }


def test_no_cache_breakpoint_without_a_prefix() -> None:
    params = message_params(_request(cache_prefix=None, system=["a", "b"]), model="m")

    assert [b["text"] for b in params["system"]] == ["a", "b"]
    assert all("cache_control" not in b for b in params["system"])


def _answer(text: str) -> list[dict[str, object]]:
    return [
        {"type": "thinking", "thinking": "The JD says Python.", "signature": "sig"},
        {"type": "text", "text": text},
    ]


def test_a_valid_answer_is_parsed_and_thinking_is_ignored() -> None:
    text = '{"title": "Engineer", "seniority": "senior", "skills": ["Python"]}'

    value = parse_reply(_answer(text), RoleSummary, stop_reason="end_turn")

    assert value == RoleSummary(title="Engineer", seniority="senior", skills=["Python"])


def test_an_answer_in_a_code_fence_is_accepted() -> None:
    text = '```json\n{"title": "E", "seniority": "mid", "skills": []}\n```'

    assert parse_reply(_answer(text), RoleSummary, stop_reason="end_turn").seniority == "mid"


def test_an_invalid_answer_names_the_fields_and_the_retry_sends_it_back() -> None:
    params = message_params(_request(), model="claude-sonnet-5-5")
    text = '{"title": "Engineer", "seniority": "principal"}'

    with pytest.raises(InvalidReply) as caught:
        parse_reply(_answer(text), RoleSummary, stop_reason="end_turn")
    assert "seniority: String should match pattern" in caught.value.reason
    assert "skills: Field required" in caught.value.reason

    again = retry_params(params, caught.value)
    assert again["messages"][1] == {
        "role": "assistant",
        "content": [{"type": "text", "text": text}],
    }
    correction = again["messages"][2]
    assert correction["role"] == "user"
    assert "skills: Field required" in correction["content"]
    assert validate_message_request(again) is None  # a conversation the API accepts
    assert len(params["messages"]) == 1  # the first request is untouched
    assert again["output_config"] == params["output_config"]


def test_prose_instead_of_json_is_invalid() -> None:
    with pytest.raises(InvalidReply, match="Invalid JSON"):
        parse_reply(_answer("Sure! The title is Engineer."), RoleSummary, stop_reason="end_turn")


def test_an_empty_answer_cut_off_while_thinking_is_retried_in_the_same_user_turn() -> None:
    params = message_params(_request(), model="claude-sonnet-5-5")
    thinking_only = _answer("")[:1]

    with pytest.raises(InvalidReply, match="max_tokens") as caught:
        parse_reply(thinking_only, RoleSummary, stop_reason="max_tokens")

    again = retry_params(params, caught.value)
    assert len(again["messages"]) == 1  # no empty assistant turn, no prefill
    assert "max_tokens" in again["messages"][0]["content"]


def test_a_refusal_is_not_retried() -> None:
    with pytest.raises(InvalidReply) as caught:
        parse_reply(_answer("I can't help with that."), RoleSummary, stop_reason="refusal")

    assert caught.value.retryable is False


def test_a_reply_cut_off_by_max_tokens_says_so() -> None:
    with pytest.raises(InvalidReply, match="cut off at max_tokens"):
        parse_reply(_answer('{"title": "Eng'), RoleSummary, stop_reason="max_tokens")


@pytest.mark.parametrize("key", ["", "has space", "x" * 65, "café"])
def test_batch_keys_the_api_would_refuse_are_refused_before_sending(key: str) -> None:
    with pytest.raises(ValueError, match="letters, digits"):
        check_key(key)


def test_the_fake_refuses_forced_tool_use_on_models_that_refuse_it() -> None:
    body = {
        "model": "claude-sonnet-5-5",
        "max_tokens": 10,
        "tools": [{"name": "record", "input_schema": {"type": "object"}}],
        "tool_choice": {"type": "tool", "name": "record"},
        "messages": [{"role": "user", "content": "hi"}],
    }

    assert "forced tool use is not supported" in (validate_message_request(body) or "")


def test_the_fake_refuses_a_tool_result_without_its_tool_use() -> None:
    body = {
        "model": "m",
        "max_tokens": 10,
        "messages": [
            {"role": "user", "content": "hi"},
            {"role": "assistant", "content": [{"type": "text", "text": "hello"}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "nope"}]},
        ],
    }

    assert "unexpected tool_use_id" in (validate_message_request(body) or "")


def test_cost_follows_the_price_list_with_cache_multipliers() -> None:
    million_each = LlmUsage(
        input_tokens=1_000_000,
        output_tokens=1_000_000,
        cache_read_input_tokens=1_000_000,
        cache_creation_input_tokens=1_000_000,
    )

    # Sonnet 4.5: $3 in, $15 out, cache write 1.25x input, cache read 0.1x input.
    assert estimate_cost("claude-sonnet-4-5", million_each) == pytest.approx(3 + 15 + 3.75 + 0.3)
    assert estimate_cost("claude-sonnet-4-5-20250929", million_each) == pytest.approx(22.05)
    # Sonnet 5.5 reads its cache at 0.05x input.
    assert estimate_cost("claude-sonnet-5-5", million_each) == pytest.approx(2 + 10 + 2.5 + 0.1)
    assert estimate_cost("claude-haiku-4-5", LlmUsage(input_tokens=2_000_000)) == pytest.approx(2)


def test_haiku_5_5_prices_long_prompts_higher() -> None:
    short = LlmUsage(input_tokens=100_000, output_tokens=1_000)
    long = LlmUsage(input_tokens=60_000, cache_read_input_tokens=60_000, output_tokens=1_000)

    assert estimate_cost("claude-haiku-5-5", short) == pytest.approx(0.01 + 0.0005)
    assert estimate_cost("claude-haiku-5-5", long) == pytest.approx(0.03 + 0.003 + 0.0025)


def test_batches_cost_half() -> None:
    usage = LlmUsage(input_tokens=10_000, output_tokens=2_000, cache_read_input_tokens=50_000)

    direct = estimate_cost("claude-opus-4-5", usage)
    batched = estimate_cost("claude-opus-4-5", usage, batch=True)

    assert direct is not None
    assert batched == pytest.approx(direct / 2)


def test_an_unknown_model_has_no_price_but_a_newer_family_member_does() -> None:
    assert price_for("gpt-5") is None
    assert estimate_cost("some-other-model", LlmUsage(input_tokens=5)) is None
    assert price_for("claude-sonnet-6") == price_for("claude-sonnet-5-5")
    assert price_for("claude-opus-5-5[1m]") == price_for("claude-opus-5-5")


def test_a_result_stores_and_loads_with_its_value_fields() -> None:
    result = LlmResult(
        key="job-1",
        purpose="jd-structuring",
        value=RoleSummary(title="Engineer", seniority="mid", skills=["Go"]),
        model="claude-sonnet-5-5",
        usage=LlmUsage(input_tokens=10, output_tokens=5),
        cost_usd=0.00007,
        attempts=1,
        batched=False,
    )

    stored = result.model_dump(mode="json")

    assert stored["value"] == {"title": "Engineer", "seniority": "mid", "skills": ["Go"]}
    assert LlmResult[RoleSummary].model_validate(stored) == result
