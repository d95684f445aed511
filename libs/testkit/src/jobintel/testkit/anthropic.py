"""A local fake of the Anthropic Messages and Message Batches API, for tests of any service.

It is a real HTTP server on 127.0.0.1 (Starlette on uvicorn, in the test's event loop), so the
official SDK's request building, retries and error handling run for real. The test scripts it
with a *responder*: a function that gets each message request (`FakeCall`) and returns what the
model answers: a dict (the structured-output JSON), a `TextReply` (raw text, e.g. malformed JSON
or prose, or a refusal), or an `ErrorReply` (429, 529, 500, ...). Replies start with a thinking
block, as current models' do. Every HTTP request is recorded in `fake.requests`.

    async with FakeAnthropic(lambda call: {"title": "Engineer"}) as fake:
        settings.anthropic_base_url = fake.url
        settings.anthropic_api_key = SecretStr(fake.api_key)

Usage is computed from the request size (about 4 characters a token), and prompt caching is
emulated: the first request with a given cached prefix writes it, later ones read it.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import inspect
import itertools
import json
import math
import re
import socket
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

Json = dict[str, Any]

_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    402: "billing_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    503: "api_error",
    504: "timeout_error",
    529: "overloaded_error",
}
_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,128}$")
_NO_FORCED_TOOLS = re.compile(r"claude-(sonnet|opus|haiku)-5-5|claude-(fable|mythos)-5-1")
_CUSTOM_ID = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


@dataclass(frozen=True)
class TextReply:
    """The answer as raw text: malformed JSON, prose, or (`stop_reason="refusal"`) a refusal."""

    text: str
    stop_reason: str = "end_turn"


@dataclass(frozen=True)
class ErrorReply:
    """An HTTP error from the API (in a batch: an errored result of that type)."""

    status: int
    message: str = "scripted error"
    error_type: str | None = None
    retry_after_ms: int | None = 1  # keeps the SDK's retries fast in tests

    @property
    def type(self) -> str:
        return self.error_type or _ERROR_TYPES.get(self.status, "api_error")

    @classmethod
    def overloaded(cls) -> ErrorReply:
        return cls(529, "Overloaded")

    @classmethod
    def rate_limited(cls) -> ErrorReply:
        return cls(429, "Number of request tokens has exceeded your per-minute rate limit")

    @classmethod
    def server_error(cls) -> ErrorReply:
        return cls(500, "Internal server error")

    def body(self) -> Json:
        return {"type": "error", "error": {"type": self.type, "message": self.message}}


Reply = Mapping[str, Any] | TextReply | ErrorReply
Responder = Callable[["FakeCall"], Reply | Awaitable[Reply]]


@dataclass(frozen=True)
class FakeCall:
    """One message request as the responder sees it (direct, or one item of a batch)."""

    body: Json
    number: int  # 1-based count of message requests answered so far, this one included
    custom_id: str | None = None  # set for an item of a batch
    batch_id: str | None = None

    @property
    def output_schema(self) -> Json | None:
        """The JSON schema the request asks the answer to follow (`output_config.format`)."""
        fmt = (self.body.get("output_config") or {}).get("format") or {}
        return dict(fmt["schema"]) if fmt.get("type") == "json_schema" else None

    @property
    def prompt(self) -> str:
        """The text of the first user message (the task)."""
        return _text(self.body["messages"][0]["content"])

    @property
    def system_text(self) -> str:
        return _text(self.body.get("system") or "")

    @property
    def is_retry(self) -> bool:
        """True when the request carries an earlier (invalid) answer and its correction."""
        return len(self.body.get("messages") or []) > 1

    @property
    def feedback(self) -> str:
        """What the client told the model was wrong with its last reply (empty on a first try)."""
        if not self.is_retry:
            return ""
        return _text(self.body["messages"][-1]["content"])


def scripted(*replies: Reply) -> Responder:
    """A responder that gives `replies` in order, then repeats the last one."""
    if not replies:
        raise ValueError("scripted() needs at least one reply")
    queue = list(replies)

    def respond(call: FakeCall) -> Reply:
        del call
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return respond


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class _Batch:
    id: str
    items: list[Json]
    created_at: datetime
    polls_left: int
    status: str = "in_progress"
    ended_at: datetime | None = None
    results: list[Json] = field(default_factory=list)


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    parts: list[str] = []
    for block in content:
        if block.get("type") == "text":
            parts.append(str(block.get("text", "")))
        elif block.get("type") == "tool_result":
            parts.append(_text(block.get("content") or ""))
    return "\n".join(parts)


def _tokens(value: Any) -> int:
    return math.ceil(len(json.dumps(value, sort_keys=True)) / 4) if value else 0


def _invalid(message: str) -> ErrorReply:
    return ErrorReply(400, message, retry_after_ms=None)


def validate_message_request(body: Any) -> str | None:
    """What the real API would refuse in a Messages request body; None when it looks right."""
    if not isinstance(body, dict):
        return "body: expected a JSON object"
    if not isinstance(body.get("model"), str) or not body["model"]:
        return "model: Field required"
    if not isinstance(body.get("max_tokens"), int) or body["max_tokens"] < 0:
        return "max_tokens: Field required (a non-negative integer)"
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return "messages: Field required (a non-empty list)"
    tools = body.get("tools") or []
    names = []
    for i, tool in enumerate(tools):
        if not _NAME.match(str(tool.get("name", ""))):
            return f"tools.{i}.name: String should match pattern '^[a-zA-Z0-9_-]{{1,128}}$'"
        schema = tool.get("input_schema")
        if not isinstance(schema, dict) or schema.get("type") != "object":
            return f"tools.{i}.input_schema.type: Input should be 'object'"
        names.append(tool["name"])
    choice = body.get("tool_choice")
    forced = choice is not None and choice.get("type") in ("tool", "any")
    if forced and _NO_FORCED_TOOLS.match(body["model"]):
        return f"tool_choice: forced tool use is not supported with {body['model']}"
    config = body.get("output_config") or {}
    fmt = config.get("format")
    if fmt is not None and (
        fmt.get("type") != "json_schema" or not isinstance(fmt.get("schema"), dict)
    ):
        return "output_config.format: expected {'type': 'json_schema', 'schema': {...}}"
    if config.get("effort") not in (None, "low", "medium", "high", "xhigh", "max"):
        return f"output_config.effort: invalid value {config.get('effort')!r}"
    if messages[-1].get("role") == "assistant" and _NO_FORCED_TOOLS.match(body["model"]):
        return "messages: assistant message prefill is not supported with this model"
    if choice is not None:
        if choice.get("type") == "tool" and choice.get("name") not in names:
            return f"tool_choice.name: tool {choice.get('name')!r} not found in tools"
        if choice.get("type") in ("tool", "any") and not tools:
            return "tool_choice: requires tools"
    breakpoints = 0
    for holder in [
        *tools,
        *(body.get("system") or [] if isinstance(body.get("system"), list) else []),
    ]:
        breakpoints += "cache_control" in holder
    if messages[0].get("role") != "user":
        return "messages.0.role: the first message must use the 'user' role"
    pending: set[str] = set()
    for i, message in enumerate(messages):
        role = message.get("role")
        if role not in ("user", "assistant"):
            return f"messages.{i}.role: Input should be 'user' or 'assistant'"
        content = message.get("content")
        blocks = [] if isinstance(content, str) else list(content or [])
        if not isinstance(content, str) and not blocks:
            return f"messages.{i}.content: must not be empty"
        breakpoints += sum("cache_control" in b for b in blocks)
        results = {str(b.get("tool_use_id")) for b in blocks if b.get("type") == "tool_result"}
        if role == "user":
            if results - pending:
                return (
                    f"messages.{i}.content: unexpected tool_use_id in tool_result blocks: "
                    f"{sorted(results - pending)}"
                )
            if pending - results:
                return (
                    f"messages.{i}: tool_use ids were found without tool_result blocks "
                    f"immediately after: {sorted(pending - results)}"
                )
            pending = set()
        else:
            if pending:
                return f"messages.{i}: tool_use blocks must be followed by tool_result blocks"
            pending = {str(b.get("id")) for b in blocks if b.get("type") == "tool_use"}
    if breakpoints > 4:
        return f"A maximum of 4 blocks with cache_control may be provided. Found {breakpoints}."
    return None


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        """Leave signals to the test runner: this server lives inside someone else's process."""
        yield


class FakeAnthropic:
    """The fake API server; use as `async with FakeAnthropic(responder) as fake: ...`."""

    def __init__(
        self,
        responder: Responder,
        *,
        api_key: str = "sk-ant-fake-key",
        batch_polls: int = 1,
        thinking: bool = True,
    ) -> None:
        self.responder = responder
        self.thinking = thinking  # start each reply with a thinking block
        self.api_key = api_key
        self.batch_polls = batch_polls  # GETs of a batch before it ends (exercises polling)
        self.batch_error: ErrorReply | None = None  # set to make POST /v1/messages/batches fail
        self.requests: list[RecordedRequest] = []
        self._calls = itertools.count(1)
        self._ids = itertools.count(1)
        self._cache: set[str] = set()
        self._batches: dict[str, _Batch] = {}
        self._server: _Server | None = None
        self._task: asyncio.Task[None] | None = None
        self._sock: socket.socket | None = None
        self.url = ""

    # -- what tests read --------------------------------------------------------------------

    @property
    def message_requests(self) -> list[Json]:
        """Bodies of every `POST /v1/messages`, SDK retries included, in order."""
        return [r.body for r in self.requests if r.method == "POST" and r.path == "/v1/messages"]

    @property
    def batch_requests(self) -> list[Json]:
        """Bodies of every `POST /v1/messages/batches`."""
        return [
            r.body for r in self.requests if r.method == "POST" and r.path == "/v1/messages/batches"
        ]

    # -- lifecycle ----------------------------------------------------------------------------

    async def __aenter__(self) -> FakeAnthropic:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def start(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self._sock = sock
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        config = uvicorn.Config(
            self._app(),
            log_level="warning",
            access_log=False,
            lifespan="off",
            ws="none",
            timeout_graceful_shutdown=2,
        )
        self._server = _Server(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]))
        while not self._server.started:
            if self._task.done():
                self._task.result()
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await self._task
        if self._sock is not None:
            self._sock.close()
        self._server = self._task = self._sock = None

    # -- HTTP ---------------------------------------------------------------------------------

    def _app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/v1/messages", self._messages, methods=["POST"]),
                Route("/v1/messages/batches", self._create_batch, methods=["POST"]),
                Route("/v1/messages/batches/{batch_id}", self._get_batch, methods=["GET"]),
                Route(
                    "/v1/messages/batches/{batch_id}/cancel", self._cancel_batch, methods=["POST"]
                ),
                Route("/v1/messages/batches/{batch_id}/results", self._results, methods=["GET"]),
            ]
        )

    async def _record(self, request: Request) -> tuple[Any, Response | None]:
        raw = await request.body()
        try:
            body = json.loads(raw) if raw else None
        except json.JSONDecodeError:
            body = raw.decode(errors="replace")
        self.requests.append(
            RecordedRequest(
                method=request.method,
                path=request.url.path,
                headers={k.lower(): v for k, v in request.headers.items()},
                body=body,
            )
        )
        keys = {request.headers.get("x-api-key"), request.headers.get("authorization")}
        if not keys & {self.api_key, f"Bearer {self.api_key}"}:
            return body, self._error(ErrorReply(401, "invalid x-api-key", retry_after_ms=None))
        if not request.headers.get("anthropic-version"):
            return body, self._error(_invalid("anthropic-version: header is required"))
        if isinstance(body, str):
            return body, self._error(_invalid("body: invalid JSON"))
        return body, None

    def _error(self, error: ErrorReply) -> Response:
        headers = {"request-id": f"req_fake_{next(self._ids)}"}
        if error.retry_after_ms is not None:
            headers["retry-after-ms"] = str(error.retry_after_ms)
        return JSONResponse(error.body(), status_code=error.status, headers=headers)

    async def _messages(self, request: Request) -> Response:
        body, refused = await self._record(request)
        if refused is not None:
            return refused
        problem = validate_message_request(body)
        if problem:
            return self._error(_invalid(problem))
        reply = await self._answer(FakeCall(body=body, number=next(self._calls)))
        if isinstance(reply, ErrorReply):
            return self._error(reply)
        return JSONResponse(reply, headers={"request-id": f"req_fake_{next(self._ids)}"})

    async def _answer(self, call: FakeCall) -> Json | ErrorReply:
        reply = self.responder(call)
        if inspect.isawaitable(reply):
            reply = await reply
        if isinstance(reply, ErrorReply):
            return reply
        return self._message(call, reply)

    def _message(self, call: FakeCall, reply: Mapping[str, Any] | TextReply) -> Json:
        n = next(self._ids)
        if isinstance(reply, TextReply):
            text, stop_reason = reply.text, reply.stop_reason
        else:
            text, stop_reason = json.dumps(reply), "end_turn"
        content: list[Json] = []
        if self.thinking:
            content.append(
                {
                    "type": "thinking",
                    "thinking": "Reading the request and the schema.",
                    "signature": f"sig_fake_{n}",
                }
            )
        if text:
            content.append({"type": "text", "text": text})
        return {
            "id": f"msg_fake_{n}",
            "type": "message",
            "role": "assistant",
            "model": call.body["model"],
            "content": content,
            "stop_reason": stop_reason,
            "stop_sequence": None,
            "usage": {**self._input_usage(call.body), "output_tokens": max(_tokens(text), 1)},
        }

    def _input_usage(self, body: Json) -> Json:
        """Input tokens, with the part up to the last cache breakpoint written or read."""
        system = body.get("system") or []
        parts: list[Any] = [*(body.get("tools") or [])]
        parts += [system] if isinstance(system, str) else system
        for message in body["messages"]:
            content = message["content"]
            parts += [content] if isinstance(content, str) else content
        last = max(
            (i for i, p in enumerate(parts) if isinstance(p, dict) and "cache_control" in p),
            default=-1,
        )
        prefix, rest = parts[: last + 1], parts[last + 1 :]
        usage = {
            "input_tokens": _tokens(rest) + 3,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
        }
        if prefix:
            key = hashlib.sha256(
                json.dumps([body["model"], prefix], sort_keys=True).encode()
            ).hexdigest()
            field_name = (
                "cache_read_input_tokens" if key in self._cache else "cache_creation_input_tokens"
            )
            usage[field_name] = _tokens(prefix)
            self._cache.add(key)
        return usage

    # -- batches ------------------------------------------------------------------------------

    async def _create_batch(self, request: Request) -> Response:
        body, refused = await self._record(request)
        if refused is not None:
            return refused
        if self.batch_error is not None:
            return self._error(self.batch_error)
        items = body.get("requests") if isinstance(body, dict) else None
        if not isinstance(items, list) or not items:
            return self._error(_invalid("requests: Field required (a non-empty list)"))
        seen: set[str] = set()
        for i, item in enumerate(items):
            custom_id = str(item.get("custom_id", ""))
            if not _CUSTOM_ID.match(custom_id):
                return self._error(_invalid(f"requests.{i}.custom_id: invalid {custom_id!r}"))
            if custom_id in seen:
                return self._error(_invalid(f"requests.{i}.custom_id: duplicate {custom_id!r}"))
            seen.add(custom_id)
            problem = validate_message_request(item.get("params"))
            if problem:
                return self._error(_invalid(f"requests.{i}.params.{problem}"))
        batch = _Batch(
            id=f"msgbatch_fake_{next(self._ids)}",
            items=items,
            created_at=datetime.now(UTC),
            polls_left=self.batch_polls,
        )
        self._batches[batch.id] = batch
        return JSONResponse(self._batch_json(batch))

    async def _get_batch(self, request: Request) -> Response:
        _, refused = await self._record(request)
        if refused is not None:
            return refused
        batch = self._batches.get(request.path_params["batch_id"])
        if batch is None:
            return self._error(ErrorReply(404, "batch not found", retry_after_ms=None))
        if batch.status == "in_progress":
            batch.polls_left -= 1
            if batch.polls_left <= 0:
                await self._process(batch)
        return JSONResponse(self._batch_json(batch))

    async def _cancel_batch(self, request: Request) -> Response:
        _, refused = await self._record(request)
        if refused is not None:
            return refused
        batch = self._batches.get(request.path_params["batch_id"])
        if batch is None:
            return self._error(ErrorReply(404, "batch not found", retry_after_ms=None))
        if batch.status == "in_progress":
            batch.results = [
                {"custom_id": item["custom_id"], "result": {"type": "canceled"}}
                for item in batch.items
            ]
            batch.status = "ended"
            batch.ended_at = datetime.now(UTC)
        return JSONResponse(self._batch_json(batch))

    async def _results(self, request: Request) -> Response:
        _, refused = await self._record(request)
        if refused is not None:
            return refused
        batch = self._batches.get(request.path_params["batch_id"])
        if batch is None or batch.status != "ended":
            return self._error(ErrorReply(404, "batch results not available", retry_after_ms=None))
        lines = "".join(json.dumps(r) + "\n" for r in batch.results)
        return Response(lines, media_type="application/binary")

    async def _process(self, batch: _Batch) -> None:
        for item in batch.items:
            call = FakeCall(
                body=item["params"],
                number=next(self._calls),
                custom_id=item["custom_id"],
                batch_id=batch.id,
            )
            reply = await self._answer(call)
            result: Json
            if isinstance(reply, ErrorReply):
                result = {"type": "errored", "error": reply.body()}
            else:
                result = {"type": "succeeded", "message": reply}
            batch.results.append({"custom_id": item["custom_id"], "result": result})
        batch.status = "ended"
        batch.ended_at = datetime.now(UTC)

    def _batch_json(self, batch: _Batch) -> Json:
        kinds = [r["result"]["type"] for r in batch.results]
        ended = batch.status == "ended"
        return {
            "id": batch.id,
            "type": "message_batch",
            "processing_status": batch.status,
            "request_counts": {
                "processing": 0 if ended else len(batch.items),
                "succeeded": kinds.count("succeeded"),
                "errored": kinds.count("errored"),
                "canceled": kinds.count("canceled"),
                "expired": kinds.count("expired"),
            },
            "created_at": batch.created_at.isoformat(),
            "expires_at": (batch.created_at + timedelta(hours=24)).isoformat(),
            "ended_at": batch.ended_at.isoformat() if batch.ended_at else None,
            "archived_at": None,
            "cancel_initiated_at": None,
            "results_url": f"{self.url}/v1/messages/batches/{batch.id}/results" if ended else None,
        }
