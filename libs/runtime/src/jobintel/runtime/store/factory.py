"""Choose the store adapter from its URL."""

from __future__ import annotations

from .port import DocumentStore


async def open_store(url: str) -> DocumentStore:
    """`sqlite:///abs/path.db`, `sqlite:///:memory:` or `mongodb://…/dbname`."""
    if url.startswith("sqlite://"):
        from .sqlite import SqliteStore

        return await SqliteStore.open(url.removeprefix("sqlite://"))
    if url.startswith(("mongodb://", "mongodb+srv://")):
        from .mongo import MongoStore

        return await MongoStore.open(url)
    raise ValueError(f"unsupported store URL {url!r}: use sqlite:///… or mongodb://…")
