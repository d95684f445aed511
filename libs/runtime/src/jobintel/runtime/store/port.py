"""The document-store port: what every service needs from a database, and no more.

Documents are JSON objects kept under a natural key in a named collection. Every write bumps
a version; passing `expected_version` makes the write conditional (optimistic concurrency),
so two replicas updating the same record cannot silently overwrite each other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

JsonDoc = dict[str, Any]
SortSpec = Sequence[tuple[str, Literal[1, -1]]]
# Filters: {"field": value} for equality, {"field": {"$in": [v1, v2]}} for membership.
# Fields are top-level names or dotted paths ("company.domain").
Where = Mapping[str, Any]


class VersionConflict(Exception):
    """The document changed (or appeared) since the version the writer expected."""


@dataclass(frozen=True, slots=True)
class Document:
    key: str
    version: int
    data: JsonDoc


class DocumentStore(Protocol):
    async def ensure_index(self, collection: str, fields: Sequence[str]) -> None:
        """Make filters and sorts on these fields fast. Idempotent."""

    async def put(
        self, collection: str, key: str, data: JsonDoc, *, expected_version: int | None = None
    ) -> int:
        """Insert or replace; returns the new version (1 for a new document).

        `expected_version=0` means "must not exist yet"; any other number must match the
        stored version. A mismatch raises `VersionConflict`.
        """

    async def get(self, collection: str, key: str) -> Document | None: ...

    async def find(
        self,
        collection: str,
        where: Where | None = None,
        *,
        sort: SortSpec = (),
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Document]: ...

    async def count(self, collection: str, where: Where | None = None) -> int: ...

    async def delete(self, collection: str, key: str) -> bool:
        """True if something was deleted."""

    async def close(self) -> None: ...
