"""Pure request building and reply parsing for structured output through forced tool use.

The model is given one tool whose input schema is the pydantic model's JSON schema and is forced
to call it; the tool input is the answer. Nothing here does I/O, so it is shared by the direct
and the batch paths and tested without a server.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .port import LlmRequest

M = TypeVar("M", bound=BaseModel)

Json = dict[str, Any]

_KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class InvalidReply(Exception):
    """A reply that does not carry a valid tool input; holds what the model needs to fix it."""

    def __init__(self, reason: str, *, content: list[Json], tool_use_id: str | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.content = content
        self.tool_use_id = tool_use_id


def check_key(key: str) -> str:
    """Batch custom ids are restricted by the API; refuse a bad one before sending anything."""
    if not _KEY.match(key):
        raise ValueError(
            f"request key {key!r} must be 1-64 letters, digits, '_' or '-' (it names the "
            "request in the batch results)"
        )
    return key


def tool_name(schema: type[BaseModel]) -> str:
    """A stable tool name derived from the model's class name."""
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", schema.__name__).lower()
    return f"record_{re.sub(r'[^a-z0-9_]', '_', snake)}"[:64]


def tool_for(schema: type[BaseModel]) -> Json:
    doc = (schema.__doc__ or "").strip()
    description = f"Record the answer as {schema.__name__}." + (f" {doc}" if doc else "")
    return {
        "name": tool_name(schema),
        "description": description,
        "input_schema": schema.model_json_schema(),
    }


def system_blocks(system: str | Sequence[str], cache_prefix: str | None) -> list[Json]:
    """Instructions first, then the long stable context marked as the prompt-cache breakpoint.

    The cache covers the tools and every system block up to the marked one, so requests that
    share the instructions and the prefix (e.g. the master CV) read it from the cache.
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
    tool = tool_for(request.schema)
    params: Json = {
        "model": model,
        "max_tokens": request.max_tokens,
        "tools": [tool],
        "tool_choice": {"type": "tool", "name": tool["name"]},
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


def parse_reply(content: list[Json], schema: type[M], *, stop_reason: str | None) -> M:
    """The tool input of the reply validated as `schema`; `InvalidReply` says why not."""
    name = tool_name(schema)
    uses = [b for b in content if b.get("type") == "tool_use" and b.get("name") == name]
    if not uses:
        said = " ".join(str(b.get("text", "")) for b in content if b.get("type") == "text")
        raise InvalidReply(
            f"the reply did not call the tool {name}"
            + (f" (it said: {said[:200]!r})" if said.strip() else ""),
            content=content,
            tool_use_id=None,
        )
    use = uses[0]
    try:
        return schema.model_validate(use.get("input"))
    except ValidationError as err:
        reason = describe(err)
        if stop_reason == "max_tokens":
            reason = f"the reply was cut off at max_tokens; {reason}"
        raise InvalidReply(reason, content=content, tool_use_id=str(use.get("id"))) from err


def retry_params(params: Mapping[str, Any], invalid: InvalidReply) -> Json:
    """The first request plus the invalid reply and what was wrong with it, for one more try."""
    messages: list[Json] = list(params["messages"])
    if invalid.tool_use_id is not None:
        tool_uses = [b for b in invalid.content if b.get("type") == "tool_use"]
        results: list[Json] = [
            {
                "type": "tool_result",
                "tool_use_id": str(b.get("id")),
                "is_error": True,
                "content": (
                    f"Invalid input: {invalid.reason}"
                    if b.get("id") == invalid.tool_use_id
                    else "Ignored."
                ),
            }
            for b in tool_uses
        ]
        fix = "Call the tool again with input that matches its schema exactly."
        messages += [
            {"role": "assistant", "content": invalid.content},
            {"role": "user", "content": [*results, {"type": "text", "text": fix}]},
        ]
    else:
        name = params["tool_choice"]["name"]
        fix = (
            f"Your reply did not use the tool {name}: {invalid.reason}. Answer only by calling it."
        )
        if invalid.content:
            messages += [
                {"role": "assistant", "content": invalid.content},
                {"role": "user", "content": fix},
            ]
        else:
            first = messages[-1]
            messages[-1] = {"role": "user", "content": f"{first['content']}\n\n{fix}"}
    return {**params, "messages": messages}


def dump_content(blocks: Sequence[BaseModel]) -> list[Json]:
    """Response content blocks as request-ready JSON (so an invalid reply can be sent back)."""
    return [json.loads(b.model_dump_json(exclude_none=True)) for b in blocks]
