"""MongoDB adapter on PyMongo's async API (`AsyncMongoClient`; Motor is deprecated).

A collection holds `{_id: key, version: n, data: {...}}`; filters, sorts and indexes address
`data.<field>`. Documents go through a JSON round trip on the way in, so both adapters hand
back exactly the same values (dates as ISO strings, tuples as lists).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from pymongo import ASCENDING, AsyncMongoClient, ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from .port import (
    Document,
    JsonDoc,
    SortSpec,
    VersionConflict,
    Where,
    check_collection,
    check_field,
    check_in,
    dump_json,
)

DEFAULT_DATABASE = "jobintel"

MongoDoc = dict[str, Any]


def _data_path(field: str) -> str:
    return f"data.{check_field(field)}"


def _filter(where: Where | None) -> MongoDoc:
    query: MongoDoc = {}
    for field, cond in (where or {}).items():
        path = _data_path(field)
        query[path] = {"$in": check_in(field, cond)} if isinstance(cond, Mapping) else cond
    return query


def _as_json(collection: str, key: str, data: JsonDoc) -> JsonDoc:
    value: JsonDoc = json.loads(dump_json(collection, key, data))
    return value


def _document(raw: MongoDoc) -> Document:
    return Document(str(raw["_id"]), int(raw["version"]), dict(raw["data"]))


class MongoStore:
    def __init__(self, client: AsyncMongoClient[MongoDoc], db: AsyncDatabase[MongoDoc]) -> None:
        self._client = client
        self._db = db

    @classmethod
    async def open(cls, url: str, *, timeout_seconds: float = 10.0) -> MongoStore:
        """Connect and ping, so a wrong URL fails at start-up with a clear error."""
        timeout_ms = int(timeout_seconds * 1000)
        client: AsyncMongoClient[MongoDoc] = AsyncMongoClient(
            url, serverSelectionTimeoutMS=timeout_ms
        )
        try:
            db = client.get_default_database(default=DEFAULT_DATABASE)
            await db.command("ping")
        except Exception as exc:
            await client.close()
            raise ConnectionError(f"cannot reach MongoDB at the store URL: {exc}") from exc
        return cls(client, db)

    def _coll(self, collection: str) -> AsyncCollection[MongoDoc]:
        return self._db[check_collection(collection)]

    async def ensure_index(self, collection: str, fields: Sequence[str]) -> None:
        await self._coll(collection).create_index([(_data_path(f), ASCENDING) for f in fields])

    async def put(
        self, collection: str, key: str, data: JsonDoc, *, expected_version: int | None = None
    ) -> int:
        coll = self._coll(collection)
        body = _as_json(collection, key, data)
        if expected_version == 0:
            try:
                await coll.insert_one({"_id": key, "version": 1, "data": body})
            except DuplicateKeyError as exc:
                raise VersionConflict(f"{collection}/{key}: already exists") from exc
            return 1
        if expected_version is not None:
            result = await coll.update_one(
                {"_id": key, "version": expected_version},
                {"$set": {"data": body, "version": expected_version + 1}},
            )
            if result.matched_count != 1:
                found = await coll.find_one({"_id": key}, {"version": 1})
                current = int(found["version"]) if found else 0
                raise VersionConflict(
                    f"{collection}/{key}: expected version {expected_version}, found {current}"
                )
            return expected_version + 1
        # Unconditional: an atomic increment. Two concurrent upserts of a new key can race on
        # the unique _id; the loser tries again and then updates the winner's document.
        update = {"$set": {"data": body}, "$inc": {"version": 1}}
        try:
            raw = await coll.find_one_and_update(
                {"_id": key}, update, upsert=True, return_document=ReturnDocument.AFTER
            )
        except DuplicateKeyError:
            raw = await coll.find_one_and_update(
                {"_id": key}, update, upsert=True, return_document=ReturnDocument.AFTER
            )
        if raw is None:  # upsert with AFTER always returns the document
            raise RuntimeError(f"{collection}/{key}: MongoDB returned no document after upsert")
        return int(raw["version"])

    async def get(self, collection: str, key: str) -> Document | None:
        raw = await self._coll(collection).find_one({"_id": key})
        return _document(raw) if raw else None

    async def find(
        self,
        collection: str,
        where: Where | None = None,
        *,
        sort: SortSpec = (),
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Document]:
        if limit == 0:  # Mongo reads limit(0) as "no limit"
            return []
        order = [(_data_path(f), d) for f, d in sort] + [("_id", ASCENDING)]
        cursor = self._coll(collection).find(_filter(where), sort=order, skip=offset)
        if limit is not None:
            cursor = cursor.limit(limit)
        return [_document(raw) async for raw in cursor]

    async def count(self, collection: str, where: Where | None = None) -> int:
        return await self._coll(collection).count_documents(_filter(where))

    async def delete(self, collection: str, key: str) -> bool:
        result = await self._coll(collection).delete_one({"_id": key})
        return result.deleted_count > 0

    async def close(self) -> None:
        await self._client.close()
