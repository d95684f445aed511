"""The LLM port: what services ask of a language model, independent of any vendor SDK.

Services depend on `LLM` only; the Anthropic adapter (`claude.py`) and any future one implement it.
Every call asks for a pydantic model back, so a reply is either a validated value or an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, Literal, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, SerializeAsAny

M = TypeVar("M", bound=BaseModel)

Effort = Literal["low", "medium", "high", "xhigh", "max"]


class LlmUsage(BaseModel):
    """Tokens one call (or several, summed) used; what the bill is made of."""

    model_config = ConfigDict(frozen=True)

    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_input_tokens: int = 0
    cache_creation_input_tokens: int = 0

    def __add__(self, other: LlmUsage) -> LlmUsage:
        return LlmUsage(
            input_tokens=self.input_tokens + other.input_tokens,
            output_tokens=self.output_tokens + other.output_tokens,
            cache_read_input_tokens=self.cache_read_input_tokens + other.cache_read_input_tokens,
            cache_creation_input_tokens=(
                self.cache_creation_input_tokens + other.cache_creation_input_tokens
            ),
        )


class LlmResult(BaseModel, Generic[M]):
    """A validated reply with what it cost, ready to be stored next to what it produced."""

    key: str
    purpose: str
    value: SerializeAsAny[M]  # dumps as the schema's own fields, parametrised or not
    model: str
    usage: LlmUsage
    cost_usd: float | None  # None when the model's price is unknown
    attempts: int  # model calls made, including the retry after an invalid reply
    batched: bool  # True when it went through the Message Batches API (half price)


class LlmFailure(BaseModel):
    """One request of a batch that failed for good; the others still carry their results."""

    key: str
    purpose: str
    reason: str  # a message a person can act on
    transient: bool  # True when trying again later may succeed
    usage: LlmUsage = LlmUsage()
    cost_usd: float | None = None


@dataclass(frozen=True)
class LlmRequest(Generic[M]):
    """One structured-output request, as used by `LLM.structured_batch`.

    `system` holds the instructions; `cache_prefix` the long, stable context (e.g. the master CV)
    that is marked for prompt caching so that many requests sharing it pay for it once.
    `key` names the request in the results (letters, digits, `_` and `-`, at most 64).
    """

    key: str
    prompt: str
    schema: type[M]
    purpose: str
    system: str | Sequence[str] = ""
    cache_prefix: str | None = None
    max_tokens: int = 8192
    effort: Effort | None = None  # None: the model's default (thinking counts in max_tokens)
    metadata: dict[str, str] = field(default_factory=dict)


class LLM(Protocol):
    """A language model that answers with validated structured output."""

    @property
    def model(self) -> str: ...

    async def structured(
        self,
        *,
        prompt: str,
        schema: type[M],
        purpose: str,
        system: str | Sequence[str] = "",
        cache_prefix: str | None = None,
        max_tokens: int = 8192,
        effort: Effort | None = None,
    ) -> LlmResult[M]:
        """One request now. Raises `LlmError` (transient or permanent) when no valid reply came.

        A long call is not redelivered: the delivery policy keeps the message alive meanwhile.
        """
        ...

    async def structured_batch(
        self,
        requests: Sequence[LlmRequest[M]],
    ) -> list[LlmResult[M] | LlmFailure]:
        """Many requests at half the price, results in the order of `requests`.

        Uses the Message Batches API, falling back to one call per request when the batch fails.
        """
        ...

    async def aclose(self) -> None: ...
