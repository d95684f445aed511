"""The `Structurer` port: how a posting becomes a `StructuredJD`.

The offline structurer is the default and needs nothing. An LLM-assisted one (through
`jobintel.runtime.llm`) can implement the same protocol and fall back to the offline result.
"""

from __future__ import annotations

from typing import Protocol

from jobintel.contracts import Posting, StructuredJD

from .domain.structure import structure_posting
from .domain.taxonomy import Taxonomy, default_taxonomy


class Structurer(Protocol):
    async def structure(self, posting: Posting) -> StructuredJD:
        """Structure the posting (version 1, no annotations: the use case adds both)."""
        ...


class OfflineStructurer:
    """Deterministic structuring against the shipped skills taxonomy."""

    def __init__(self, taxonomy: Taxonomy | None = None) -> None:
        self._taxonomy = taxonomy or default_taxonomy()

    async def structure(self, posting: Posting) -> StructuredJD:
        return structure_posting(posting, self._taxonomy)
