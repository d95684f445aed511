"""The document-store port: what every service needs from a database, and no more.

Documents are JSON objects kept under a natural key in a named collection. Every write bumps
a version; passing `expected_version` makes the write conditional (optimistic concurrency),
so two replicas updating the same record cannot silently overwrite each other.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

JsonDoc = dict[str, Any]
SortSpec = Sequence[tuple[str, Literal[1, -1]]]
# Filters: {"field": value} for equality, {"field": {"$in": [v1, v2]}} for membership.
# Fields are top-level names or dotted paths ("company.domain").
Where = Mapping[str, Any]


_COLLECTION = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


def dump_json(collection: str, key: str, data: JsonDoc) -> str:
    """`data` as compact JSON; anything that is not plain JSON is a caller's bug, said loudly.

    Nothing is turned into a string behind the caller's back: a datetime stored as `str()`
    would not read back as what was written. Pass `model.model_dump(mode="json")`.
    """
    try:
        return json.dumps(data, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{collection}/{key} is not plain JSON ({exc}); store JSON-ready values, e.g."
            ' model_dump(mode="json")'
        ) from exc


def check_collection(name: str) -> str:
    """Refuse names that no adapter can hold safely (they end up in SQL and index names)."""
    if not _COLLECTION.match(name):
        raise ValueError(f"invalid collection name {name!r}: use letters, digits and _")
    return name


def check_field(field: str) -> str:
    """Refuse field paths that are not plain dotted names (no injection, same on every adapter)."""
    if not _FIELD.match(field):
        raise ValueError(f"invalid field name {field!r}: use dotted names like 'company.domain'")
    return field


def check_in(field: str, cond: Mapping[str, Any]) -> list[Any]:
    """The values of a `{"$in": [...]}` filter: the only operator the port supports."""
    if set(cond) != {"$in"}:
        raise ValueError(f"unsupported filter on {field!r}: {dict(cond)!r}; only $in is supported")
    return list(cond["$in"])


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
