"""The fetcher's conditional-request cache kept in ingestion's store.

Validators (ETag, Last-Modified) and bodies outlive a restart and are shared by every replica,
so an unchanged board costs a 304 however often and wherever its source runs.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable

from jobintel.runtime.fetch import CachedResponse
from jobintel.runtime.store import DocumentStore

FETCH_CACHE = "fetch_cache"
MAX_CACHED_BYTES = 4 * 1024 * 1024


class StoreFetchCache:
    def __init__(self, store: Callable[[], DocumentStore]) -> None:
        self._store = store  # resolved per call: the store opens when the service starts

    @staticmethod
    def _key(url: str) -> str:
        return hashlib.sha256(url.encode()).hexdigest()

    async def get(self, url: str) -> CachedResponse | None:
        doc = await self._store().get(FETCH_CACHE, self._key(url))
        if doc is None or doc.data.get("url") != url:
            return None
        data = doc.data
        return CachedResponse(
            final_url=data["final_url"],
            status=data["status"],
            headers=dict(data["headers"]),
            content=base64.b64decode(data["content"]),
            etag=data.get("etag"),
            last_modified=data.get("last_modified"),
        )

    async def put(self, url: str, response: CachedResponse) -> None:
        if len(response.content) > MAX_CACHED_BYTES:
            return
        await self._store().put(
            FETCH_CACHE,
            self._key(url),
            {
                "url": url,
                "final_url": response.final_url,
                "status": response.status,
                "headers": response.headers,
                "content": base64.b64encode(response.content).decode(),
                "etag": response.etag,
                "last_modified": response.last_modified,
            },
        )
