"""The one backoff formula, for redelivered messages and for retried fetches alike."""

from __future__ import annotations


def retry_delay(attempt: int, base: float, cap: float) -> float:
    """Exponential backoff for the `attempt`-th retry (from 1): base, 2·base, 4·base, … capped."""
    return float(min(cap, base * 2 ** max(0, attempt - 1)))
