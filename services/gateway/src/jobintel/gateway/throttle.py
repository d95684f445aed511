"""Wrong-token accounting per client address (pure, in memory, one per gateway process)."""

from __future__ import annotations

import math
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field


@dataclass
class FailedAuth:
    """Wrong tokens per client address, so guessing the token costs a minute per few tries.

    After `limit` wrong tokens within `window` seconds an address gets 429 (right token or
    not, or the answer would still tell a guess apart) until its oldest failure ages out.
    At most `clients` addresses are remembered, the least recently failing dropped first, so
    a flood of addresses cannot grow the gateway's memory.
    """

    limit: int = 10
    window: float = 60.0
    clients: int = 10_000
    _failures: OrderedDict[str, deque[float]] = field(default_factory=OrderedDict)

    def _recent(self, client: str, now: float) -> deque[float]:
        times = self._failures.get(client, deque())
        while times and now - times[0] >= self.window:
            times.popleft()
        return times

    def retry_after(self, client: str) -> int:
        """Seconds until `client` may try again; 0 when it may now."""
        now = time.monotonic()
        times = self._recent(client, now)
        if len(times) < self.limit:
            return 0
        return max(1, math.ceil(self.window - (now - times[0])))

    def failed(self, client: str) -> None:
        now = time.monotonic()
        times = self._recent(client, now)
        times.append(now)
        self._failures[client] = times
        self._failures.move_to_end(client)
        while len(self._failures) > self.clients:
            self._failures.popitem(last=False)
