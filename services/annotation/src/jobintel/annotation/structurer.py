"""The `Structurer` port: how a posting becomes a `StructuredJD`.

The offline structurer is the default and needs nothing. An LLM-assisted one (through
`jobintel.runtime.llm`) implements the same protocol and is wrapped in `WithFallback`, so
any failure of it still gives the offline result, with the reason in `notes`.
"""

from __future__ import annotations

import asyncio
from typing import Protocol

from jobintel.contracts import Posting, StructuredJD
from jobintel.contracts.jd import StructuringUsage

from .domain.structure import structure_posting
from .domain.taxonomy import Taxonomy, default_taxonomy

FELL_BACK = "used the offline result"  # how a fallback note ends


def fell_back(jd: StructuredJD) -> str | None:
    """The note saying why the better path failed, when it did."""
    return next((n for n in reversed(jd.notes) if n.endswith(FELL_BACK)), None)


class Structurer(Protocol):
    async def structure(self, posting: Posting) -> StructuredJD:
        """Structure the posting (version 1, no annotations: the use case adds both)."""
        ...


class StructuringFailed(Exception):
    """A structurer gave up; `spent` is what a model call cost before it did."""

    def __init__(self, reason: str, *, spent: StructuringUsage | None = None) -> None:
        super().__init__(reason)
        self.spent = spent


class OfflineStructurer:
    """Deterministic structuring against the shipped skills taxonomy."""

    def __init__(self, taxonomy: Taxonomy | None = None) -> None:
        self._taxonomy = taxonomy or default_taxonomy()

    async def structure(self, posting: Posting) -> StructuredJD:
        # a 200,000-character posting takes about a second: keep the event loop free meanwhile
        return await asyncio.to_thread(structure_posting, posting, self._taxonomy)


class WithFallback:
    """Use `primary`; when it fails in any way, use `fallback` and record why."""

    def __init__(self, primary: Structurer, fallback: Structurer, *, name: str = "primary"):
        self._primary = primary
        self._fallback = fallback
        self._name = name

    async def structure(self, posting: Posting) -> StructuredJD:
        try:
            return await self._primary.structure(posting)
        except Exception as exc:  # any failure of the better path falls back, never fails
            jd = await self._fallback.structure(posting)
            if isinstance(exc, StructuringFailed):
                reason, spent = str(exc), exc.spent
            else:
                reason, spent = f"{type(exc).__name__}: {exc}".strip(": "), None
            note = f"{self._name} structuring failed ({reason[:300]}); {FELL_BACK}"
            update: dict[str, object] = {"notes": [*jd.notes, note]}
            if spent is not None:
                update["usage"] = spent
            return jd.model_copy(update=update)
