"""What a call costs, in US dollars, from the tokens it used.

Prices are per million tokens (Anthropic's list prices). Cache writes (5-minute TTL) cost 1.25x
the input price and cache reads 0.1x; the Message Batches API halves every price.
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

    @classmethod
    def of(cls, input_per_mtok: float, output_per_mtok: float) -> ModelPrice:
        return cls(
            input=input_per_mtok,
            output=output_per_mtok,
            cache_write=input_per_mtok * 1.25,
            cache_read=input_per_mtok * 0.1,
        )


PRICES: dict[str, ModelPrice] = {
    "claude-opus-4-5": ModelPrice.of(5.0, 25.0),
    "claude-opus-4-1": ModelPrice.of(15.0, 75.0),
    "claude-opus-4-0": ModelPrice.of(15.0, 75.0),
    "claude-sonnet-4-5": ModelPrice.of(3.0, 15.0),
    "claude-sonnet-4-0": ModelPrice.of(3.0, 15.0),
    "claude-3-7-sonnet": ModelPrice.of(3.0, 15.0),
    "claude-haiku-4-5": ModelPrice.of(1.0, 5.0),
    "claude-3-5-haiku": ModelPrice.of(0.8, 4.0),
}
"""Exact prices by model name without its date suffix."""

_FAMILY: dict[str, ModelPrice] = {
    "opus": PRICES["claude-opus-4-5"],
    "sonnet": PRICES["claude-sonnet-4-5"],
    "haiku": PRICES["claude-haiku-4-5"],
}
"""Newer models of a family are assumed to cost what its latest listed one does."""

_DATE_SUFFIX = re.compile(r"-\d{8}$|-latest$")


def price_for(model: str) -> ModelPrice | None:
    """The price of `model`, by exact name, else by family; None when not even that is known."""
    name = _DATE_SUFFIX.sub("", model)
    if name in PRICES:
        return PRICES[name]
    if re.fullmatch(r"claude-sonnet-4", name):
        return PRICES["claude-sonnet-4-0"]
    if re.fullmatch(r"claude-opus-4", name):
        return PRICES["claude-opus-4-0"]
    for family, price in _FAMILY.items():
        if family in name:
            return price
    return None


def estimate_cost(model: str, usage: LlmUsage, *, batch: bool = False) -> float | None:
    """Dollars for `usage` on `model`; None for a model whose price is unknown."""
    price = price_for(model)
    if price is None:
        return None
    dollars = (
        usage.input_tokens * price.input
        + usage.output_tokens * price.output
        + usage.cache_creation_input_tokens * price.cache_write
        + usage.cache_read_input_tokens * price.cache_read
    ) / _MTOK
    return dollars * (BATCH_DISCOUNT if batch else 1.0)
