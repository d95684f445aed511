"""Ports the use cases need beyond the runtime's store and publisher."""

from __future__ import annotations

from typing import Protocol


class FileSink(Protocol):
    """Where rendered files go (the JetStream object store in production, a dict in tests)."""

    async def put(self, name: str, data: bytes, content_type: str) -> None: ...
