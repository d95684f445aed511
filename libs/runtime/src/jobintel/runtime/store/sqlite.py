"""SQLite adapter: the embedded default. One file per service, WAL, JSON documents.

Filters and sorts use `json_extract`, with expression indexes from `ensure_index`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import aiosqlite

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


def _table(collection: str) -> str:
    return f'"c_{check_collection(collection)}"'


def _path(field: str) -> str:
    return f"json_extract(data, '$.{check_field(field)}')"


def _sql_value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    return value


def _where(where: Where | None) -> tuple[str, list[Any]]:
    if not where:
        return "", []
    clauses: list[str] = []
    params: list[Any] = []
    for field, cond in where.items():
        expr = _path(field)
        if isinstance(cond, Mapping):
            values = check_in(field, cond)
            if not values:
                clauses.append("0")
                continue
            clauses.append(f"{expr} IN ({', '.join('?' for _ in values)})")
            params.extend(_sql_value(v) for v in values)
        elif cond is None:
            clauses.append(f"{expr} IS NULL")
        else:
            clauses.append(f"{expr} = ?")
            params.append(_sql_value(cond))
    return " WHERE " + " AND ".join(clauses), params


class SqliteStore:
    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db
        self._tables: set[str] = set()
        # One connection is shared by every coroutine of the process, and so is its
        # transaction: writes take turns so one's rollback never undoes another's write.
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: str) -> SqliteStore:
        path = path.removeprefix("/") if path.startswith("//") else path
        if path not in (":memory:", "/:memory:"):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        else:
            path = ":memory:"
        db = await aiosqlite.connect(path)
        # busy_timeout first: switching to WAL waits for another process's lock too
        await db.execute("PRAGMA busy_timeout=5000")
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA synchronous=NORMAL")
        return cls(db)

    async def _ensure_table(self, collection: str) -> str:
        table = _table(collection)
        if table in self._tables:
            return table
        async with self._write_lock:
            await self._db.execute(
                f"CREATE TABLE IF NOT EXISTS {table} ("
                "key TEXT PRIMARY KEY, version INTEGER NOT NULL, data TEXT NOT NULL)"
            )
            await self._db.commit()
        self._tables.add(table)
        return table

    async def ensure_index(self, collection: str, fields: Sequence[str]) -> None:
        table = await self._ensure_table(collection)
        name = f'"ix_{collection}_{"_".join(f.replace(".", "_") for f in fields)}"'
        exprs = ", ".join(_path(f) for f in fields)
        async with self._write_lock:
            await self._db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({exprs})")
            await self._db.commit()

    async def put(
        self, collection: str, key: str, data: JsonDoc, *, expected_version: int | None = None
    ) -> int:
        table = await self._ensure_table(collection)
        body = dump_json(collection, key, data)
        # Each case is one statement, so a writer in another process cannot slip in between.
        async with self._write_lock:
            version: int | None
            try:
                if expected_version is None:
                    version = await self._upsert(table, key, body)
                elif expected_version == 0:
                    version = await self._insert(table, key, body)
                else:
                    version = await self._update(table, key, body, expected_version)
            except BaseException:
                await self._db.rollback()
                raise
            if version is None:
                await self._db.rollback()
                current = await self._version(table, key)
                raise VersionConflict(
                    f"{collection}/{key}: expected version {expected_version}, found {current}"
                )
            await self._db.commit()
        return version

    async def _upsert(self, table: str, key: str, body: str) -> int:
        async with self._db.execute(
            f"INSERT INTO {table} (key, version, data) VALUES (?, 1, ?) "
            "ON CONFLICT(key) DO UPDATE SET version = version + 1, data = excluded.data "
            "RETURNING version",
            (key, body),
        ) as cur:
            row = await cur.fetchone()
        assert row is not None  # RETURNING always yields the written row
        return int(row[0])

    async def _insert(self, table: str, key: str, body: str) -> int | None:
        try:
            await self._db.execute(
                f"INSERT INTO {table} (key, version, data) VALUES (?, 1, ?)", (key, body)
            )
        except aiosqlite.IntegrityError:
            return None
        return 1

    async def _update(self, table: str, key: str, body: str, expected: int) -> int | None:
        cur = await self._db.execute(
            f"UPDATE {table} SET version = ?, data = ? WHERE key = ? AND version = ?",
            (expected + 1, body, key, expected),
        )
        return expected + 1 if cur.rowcount == 1 else None

    async def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Run a query to its end in one call on the connection's thread.

        A cursor read in steps keeps its read snapshot open between them; a write of this
        connection that runs in between, after another process committed, would then fail at
        once with "database is locked" instead of waiting its turn.
        """
        return list(await self._db.execute_fetchall(sql, params))

    async def _version(self, table: str, key: str) -> int:
        rows = await self._read(f"SELECT version FROM {table} WHERE key = ?", (key,))
        return int(rows[0][0]) if rows else 0

    async def get(self, collection: str, key: str) -> Document | None:
        table = await self._ensure_table(collection)
        rows = await self._read(f"SELECT key, version, data FROM {table} WHERE key = ?", (key,))
        return Document(rows[0][0], int(rows[0][1]), json.loads(rows[0][2])) if rows else None

    async def find(
        self,
        collection: str,
        where: Where | None = None,
        *,
        sort: SortSpec = (),
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Document]:
        table = await self._ensure_table(collection)
        clause, params = _where(where)
        order = ", ".join(f"{_path(f)} {'ASC' if d == 1 else 'DESC'}" for f, d in sort)
        sql = f"SELECT key, version, data FROM {table}{clause}"
        sql += f" ORDER BY {order}, key" if order else " ORDER BY key"
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            params += [limit if limit is not None else -1, offset]
        rows = await self._read(sql, params)
        return [Document(r[0], int(r[1]), json.loads(r[2])) for r in rows]

    async def count(self, collection: str, where: Where | None = None) -> int:
        table = await self._ensure_table(collection)
        clause, params = _where(where)
        rows = await self._read(f"SELECT COUNT(*) FROM {table}{clause}", params)
        return int(rows[0][0]) if rows else 0

    async def delete(self, collection: str, key: str) -> bool:
        table = await self._ensure_table(collection)
        async with self._write_lock:
            cur = await self._db.execute(f"DELETE FROM {table} WHERE key = ?", (key,))
            await self._db.commit()
        return cur.rowcount > 0

    async def close(self) -> None:
        await self._db.close()
