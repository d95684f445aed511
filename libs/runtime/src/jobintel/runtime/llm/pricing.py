"""What a call costs, in US dollars, from the tokens it used.

Anthropic's list prices per million tokens (checked 2026-11 against the model pages): input,
output, 5-minute cache write and cache read, which is not always 0.1x input (Sonnet 5.5 and
Opus 5.5 read at 0.05x). Claude Haiku 5.5 is priced higher for prompts over 100k tokens. The
Message Batches API halves every price.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .port import LlmUsage

BATCH_DISCOUNT = 0.5
_MTOK = 1_000_000


@dataclass(frozen=True)
class ModelPrice:
    input: float
    output: float
    cache_write: float
    cache_read: float
    long_prompt: ModelPrice | None = None  # prices for a prompt over `long_prompt_tokens`
    long_prompt_tokens: int = 0

    @classmethod
    def of(cls, input_per_mtok: float, output_per_mtok: float, *, read: float = 0.1) -> ModelPrice:
        """The usual shape: cache writes at 1.25x input, reads at `read` x input."""
        return cls(
            input=input_per_mtok,
            output=output_per_mtok,
            cache_write=input_per_mtok * 1.25,
            cache_read=input_per_mtok * read,
        )


_OPUS_4_5 = ModelPrice.of(5.0, 25.0)
_OPUS_4_1 = ModelPrice.of(15.0, 75.0)
_SONNET_4 = ModelPrice.of(3.0, 15.0)

PRICES: dict[str, ModelPrice] = {
    "claude-fable-5-1": ModelPrice.of(10.0, 50.0, read=0.025),
    "claude-mythos-5-1": ModelPrice.of(10.0, 50.0, read=0.025),
    "claude-fable-5": ModelPrice.of(10.0, 50.0),
    "claude-mythos-5": ModelPrice.of(10.0, 50.0),
    "claude-opus-5-5": ModelPrice.of(4.0, 20.0, read=0.05),
    "claude-opus-5": _OPUS_4_5,
    "claude-opus-4-8": _OPUS_4_5,
    "claude-opus-4-7": _OPUS_4_5,
    "claude-opus-4-6": _OPUS_4_5,
    "claude-opus-4-5": _OPUS_4_5,
    "claude-opus-4-1": _OPUS_4_1,
    "claude-opus-4-0": _OPUS_4_1,
    "claude-sonnet-5-5": ModelPrice.of(2.0, 10.0, read=0.05),
    "claude-sonnet-5": ModelPrice.of(2.0, 10.0),
    "claude-sonnet-4-6": _SONNET_4,
    "claude-sonnet-4-5": _SONNET_4,
    "claude-sonnet-4-0": _SONNET_4,
    "claude-haiku-5-5": ModelPrice(
        input=0.10,
        output=0.50,
        cache_write=0.125,
        cache_read=0.01,
        long_prompt=ModelPrice(input=0.50, output=2.50, cache_write=0.625, cache_read=0.05),
        long_prompt_tokens=100_000,
    ),
    "claude-haiku-4-5": ModelPrice.of(1.0, 5.0),
}
"""Prices by model id without its date suffix."""

_FAMILY: dict[str, str] = {
    "fable": "claude-fable-5-1",
    "mythos": "claude-mythos-5-1",
    "opus": "claude-opus-5-5",
    "sonnet": "claude-sonnet-5-5",
    "haiku": "claude-haiku-5-5",
}
"""A model not listed is assumed to cost what the latest listed one of its family does."""

_SUFFIX = re.compile(r"(-\d{8}|-latest|\[1m\])$")


def price_for(model: str) -> ModelPrice | None:
    """The price of `model`, by exact id, else by family; None when not even that is known."""
    name = _SUFFIX.sub("", model)
    if name in PRICES:
        return PRICES[name]
    for family, listed in _FAMILY.items():
        if family in name:
            return PRICES[listed]
    return None


def estimate_cost(model: str, usage: LlmUsage, *, batch: bool = False) -> float | None:
    """Dollars for one request's `usage` on `model`; None for a model whose price is unknown."""
    price = price_for(model)
    if price is None:
        return None
    prompt = usage.input_tokens + usage.cache_read_input_tokens + usage.cache_creation_input_tokens
    if price.long_prompt is not None and prompt > price.long_prompt_tokens:
        price = price.long_prompt
    dollars = (
        usage.input_tokens * price.input
        + usage.output_tokens * price.output
        + usage.cache_creation_input_tokens * price.cache_write
        + usage.cache_read_input_tokens * price.cache_read
    ) / _MTOK
    return dollars * (BATCH_DISCOUNT if batch else 1.0)
