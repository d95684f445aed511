"""Request building, reply parsing and pricing, without a server."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, Field

from jobintel.runtime.llm import LlmRequest, LlmUsage, estimate_cost, price_for
from jobintel.runtime.llm.fake import validate_message_request
from jobintel.runtime.llm.prompting import (
    InvalidReply,
    check_key,
    message_params,
    parse_reply,
    retry_params,
    tool_name,
)

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


def test_the_model_is_forced_to_answer_through_a_tool_with_the_schema() -> None:
    params = message_params(_request(), model="claude-sonnet-4-5")

    assert params["model"] == "claude-sonnet-4-5"
    assert params["tools"][0]["input_schema"] == RoleSummary.model_json_schema()
    assert params["tool_choice"] == {"type": "tool", "name": tool_name(RoleSummary)}
    assert params["messages"] == [
        {"role": "user", "content": "Summarise this job: Senior Python engineer, Kubernetes."}
    ]
    assert validate_message_request(params) is None


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


def test_a_valid_tool_reply_is_parsed() -> None:
    content = [
        {
            "type": "tool_use",
            "id": "toolu_1",
            "name": tool_name(RoleSummary),
            "input": {"title": "Engineer", "seniority": "senior", "skills": ["Python"]},
        }
    ]

    value = parse_reply(content, RoleSummary, stop_reason="tool_use")

    assert value == RoleSummary(title="Engineer", seniority="senior", skills=["Python"])


def test_an_invalid_tool_input_names_the_fields_and_the_retry_sends_it_back() -> None:
    params = message_params(_request(), model="m")
    reply = [
        {
            "type": "tool_use",
            "id": "toolu_9",
            "name": tool_name(RoleSummary),
            "input": {"title": "Engineer", "seniority": "principal"},
        }
    ]

    with pytest.raises(InvalidReply) as caught:
        parse_reply(reply, RoleSummary, stop_reason="tool_use")
    assert "seniority" in caught.value.reason
    assert "skills: Field required" in caught.value.reason

    again = retry_params(params, caught.value)
    assert again["messages"][1] == {"role": "assistant", "content": reply}
    result = again["messages"][2]["content"][0]
    assert result["type"] == "tool_result"
    assert result["tool_use_id"] == "toolu_9"
    assert result["is_error"] is True
    assert "skills: Field required" in result["content"]
    assert validate_message_request(again) is None  # a conversation the API accepts
    assert params["messages"] == [params["messages"][0]]  # the first request is untouched


def test_a_prose_reply_is_invalid_and_the_retry_asks_for_the_tool() -> None:
    params = message_params(_request(), model="m")
    reply = [{"type": "text", "text": "Sure! The title is Engineer."}]

    with pytest.raises(InvalidReply) as caught:
        parse_reply(reply, RoleSummary, stop_reason="end_turn")
    assert "did not call the tool" in caught.value.reason

    again = retry_params(params, caught.value)
    assert again["messages"][-1]["role"] == "user"
    assert tool_name(RoleSummary) in again["messages"][-1]["content"]
    assert validate_message_request(again) is None


def test_a_reply_cut_off_by_max_tokens_says_so() -> None:
    reply = [{"type": "tool_use", "id": "t", "name": tool_name(RoleSummary), "input": {}}]

    with pytest.raises(InvalidReply, match="cut off at max_tokens"):
        parse_reply(reply, RoleSummary, stop_reason="max_tokens")


@pytest.mark.parametrize("key", ["", "has space", "x" * 65, "café"])
def test_batch_keys_the_api_would_refuse_are_refused_before_sending(key: str) -> None:
    with pytest.raises(ValueError, match="letters, digits"):
        check_key(key)


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
    assert estimate_cost("claude-haiku-4-5", LlmUsage(input_tokens=2_000_000)) == pytest.approx(2)


def test_batches_cost_half() -> None:
    usage = LlmUsage(input_tokens=10_000, output_tokens=2_000, cache_read_input_tokens=50_000)

    direct = estimate_cost("claude-opus-4-5", usage)
    batched = estimate_cost("claude-opus-4-5", usage, batch=True)

    assert direct is not None
    assert batched == pytest.approx(direct / 2)


def test_an_unknown_model_has_no_price_but_a_newer_family_member_does() -> None:
    assert price_for("gpt-5") is None
    assert estimate_cost("some-other-model", LlmUsage(input_tokens=5)) is None
    assert price_for("claude-sonnet-5-5") == price_for("claude-sonnet-4-5")
