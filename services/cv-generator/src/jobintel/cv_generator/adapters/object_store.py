"""The file sink on the JetStream object store, so every gateway replica can serve the files."""

from __future__ import annotations

from nats.js.api import ObjectMeta
from nats.js.object_store import ObjectStore


class ObjectStoreSink:
    def __init__(self, bucket: ObjectStore) -> None:
        self._bucket = bucket

    async def put(self, name: str, data: bytes, content_type: str) -> None:
        # same name on a redelivery: the object is replaced, not duplicated
        await self._bucket.put(name, data, meta=ObjectMeta(name=name, description=content_type))
