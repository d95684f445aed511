"""Pure request building and reply parsing for structured output.

The request carries the pydantic model's JSON schema as `output_config.format` (Anthropic's
structured outputs), made API-compatible by the SDK's `transform_schema`; the reply's text is
that JSON. Forced tool use is not used: current models (Sonnet 5.5, Opus 5.5) refuse a forced
`tool_choice` with a 400. Constraints the API cannot enforce (patterns, lengths) move into
descriptions, so the reply is still validated here and may need one correction.

Nothing here does I/O, so it is shared by the direct and the batch paths.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from anthropic import transform_schema
from pydantic import BaseModel, ValidationError

from .port import LlmRequest

M = TypeVar("M", bound=BaseModel)

Json = dict[str, Any]

_KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_FENCE = re.compile(r"^```(?:json)?\s*(.*?)\s*```$", re.DOTALL)


class InvalidReply(Exception):
    """A reply that is not a valid instance of the schema; holds what the model needs to fix it."""

    def __init__(self, reason: str, *, text: str, retryable: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.text = text
        self.retryable = retryable


def check_key(key: str) -> str:
    """Batch custom ids are restricted by the API; refuse a bad one before sending anything."""
    if not _KEY.match(key):
        raise ValueError(
            f"request key {key!r} must be 1-64 letters, digits, '_' or '-' (it names the "
            "request in the batch results)"
        )
    return key


def output_format(schema: type[BaseModel]) -> Json:
    """The `output_config.format` asking for JSON that matches `schema`."""
    return {"type": "json_schema", "schema": transform_schema(schema)}


def system_blocks(system: str | Sequence[str], cache_prefix: str | None) -> list[Json]:
    """Instructions first, then the long stable context marked as the prompt-cache breakpoint.

    The cache covers every system block up to the marked one, so requests that share the
    instructions and the prefix (e.g. the master CV) read it from the cache.
    """
    texts = [system] if isinstance(system, str) else list(system)
    blocks: list[Json] = [{"type": "text", "text": t} for t in texts if t]
    if cache_prefix:
        blocks.append(
            {"type": "text", "text": cache_prefix, "cache_control": {"type": "ephemeral"}}
        )
    return blocks


def message_params(request: LlmRequest[Any], *, model: str) -> Json:
    """The body of a Messages API request (also a batch item's `params`)."""
    config: Json = {"format": output_format(request.schema)}
    if request.effort is not None:
        config["effort"] = request.effort
    params: Json = {
        "model": model,
        "max_tokens": request.max_tokens,
        "output_config": config,
        "messages": [{"role": "user", "content": request.prompt}],
    }
    system = system_blocks(request.system, request.cache_prefix)
    if system:
        params["system"] = system
    if request.metadata:
        params["metadata"] = dict(request.metadata)
    return params


def describe(error: ValidationError) -> str:
    """A validation error as short `field: problem` lines, readable by a person and a model."""
    lines = []
    for item in error.errors(include_url=False):
        where = ".".join(str(part) for part in item["loc"]) or "(root)"
        lines.append(f"{where}: {item['msg']}")
    return "; ".join(lines)


def reply_text(content: Sequence[Mapping[str, Any]]) -> str:
    """The answer's text: text blocks only (thinking blocks are the model's scratch work)."""
    return "".join(str(b.get("text", "")) for b in content if b.get("type") == "text").strip()


def parse_reply(
    content: Sequence[Mapping[str, Any]], schema: type[M], *, stop_reason: str | None
) -> M:
    """The reply's JSON validated as `schema`; `InvalidReply` says why not."""
    text = reply_text(content)
    if stop_reason == "refusal":
        raise InvalidReply("the model declined to answer", text=text, retryable=False)
    if not text:
        reason = "the reply had no text"
        if stop_reason == "max_tokens":
            reason += " (max_tokens was reached, e.g. while thinking)"
        raise InvalidReply(reason, text=text)
    fenced = _FENCE.match(text)
    try:
        return schema.model_validate_json(fenced.group(1) if fenced else text)
    except ValidationError as err:
        reason = describe(err)
        if stop_reason == "max_tokens":
            reason = f"the reply was cut off at max_tokens; {reason}"
        raise InvalidReply(reason, text=text) from err


def retry_params(params: Mapping[str, Any], invalid: InvalidReply) -> Json:
    """The first request plus the invalid answer and what was wrong with it, for one more try.

    Only the answer's text goes back, never thinking blocks, so this is valid on every model.
    """
    fix = (
        f"That answer is invalid: {invalid.reason}. Reply again with only the corrected JSON "
        "object, matching the schema exactly."
    )
    messages: list[Json] = list(params["messages"])
    if invalid.text:
        messages += [
            {"role": "assistant", "content": [{"type": "text", "text": invalid.text}]},
            {"role": "user", "content": fix},
        ]
    else:
        first = messages[-1]
        messages[-1] = {"role": "user", "content": f"{first['content']}\n\n{fix}"}
    return {**params, "messages": messages}


def dump_content(blocks: Sequence[BaseModel]) -> list[Json]:
    """Response content blocks as plain JSON."""
    return [json.loads(b.model_dump_json(exclude_none=True)) for b in blocks]
