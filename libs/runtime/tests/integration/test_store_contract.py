"""One contract for the document-store port, run against every adapter.

SQLite always runs (a real file under tmp_path). MongoDB runs when `JOBINTEL_TEST_MONGODB_URL`
names a server, or when a Docker engine answers (testcontainers starts one); otherwise its cases
are skipped with a reason that says how to run them.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from jobintel.runtime.store import Document, DocumentStore, VersionConflict, open_store

pytestmark = pytest.mark.integration

MONGO_SKIP = "MongoDB contract tests skipped: set JOBINTEL_TEST_MONGODB_URL or run a Docker engine"

Connect = Callable[[], Awaitable[DocumentStore]]


@pytest.fixture(scope="session")
def mongodb_url() -> Iterator[str]:
    """A MongoDB server URL: from the environment, else a throwaway container."""
    if url := os.environ.get("JOBINTEL_TEST_MONGODB_URL"):
        yield url
        return
    if not _docker_answers():
        pytest.skip(MONGO_SKIP)
    from testcontainers.community.mongodb import MongoDbContainer

    with MongoDbContainer("mongo:8") as container:
        yield container.get_connection_url()


def _docker_answers() -> bool:
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    if host.startswith("unix://") and not Path(host.removeprefix("unix://")).exists():
        return False
    try:
        import docker

        client = docker.from_env()
    except Exception:
        return False
    try:
        return bool(client.ping())
    except Exception:
        return False
    finally:
        client.close()


def _with_database(url: str, name: str) -> str:
    """The same server, another database; credentials keep authenticating against admin."""
    parts = urlsplit(url)
    query = parts.query
    if "@" in parts.netloc and "authsource=" not in query.lower():
        query = "&".join(q for q in (query, "authSource=admin") if q)
    return parts._replace(path=f"/{name}", query=query).geturl()


def test_test_databases_keep_the_servers_credentials() -> None:
    assert _with_database("mongodb://u:p@h:1", "t") == "mongodb://u:p@h:1/t?authSource=admin"
    assert _with_database("mongodb://h1,h2/x?replicaSet=rs", "t") == (
        "mongodb://h1,h2/t?replicaSet=rs"
    )
    assert _with_database("mongodb://u:p@h/?authSource=users", "t") == (
        "mongodb://u:p@h/t?authSource=users"
    )


@pytest.fixture(params=["sqlite", pytest.param("mongo", marks=pytest.mark.mongo)])
async def connect(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Connect]:
    """Opens connections to one fresh, empty backend; each call is another client of it."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.db'}"
    else:
        base = request.getfixturevalue("mongodb_url")
        url = _with_database(base, f"jobintel_test_{uuid.uuid4().hex[:12]}")
    opened: list[DocumentStore] = []

    async def _connect() -> DocumentStore:
        store = await open_store(url)
        opened.append(store)
        return store

    yield _connect
    if request.param == "mongo" and opened:
        from pymongo import AsyncMongoClient

        client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(url)
        await client.drop_database(client.get_default_database())
        await client.close()
    for store in opened:
        await store.close()


@pytest.fixture
async def store(connect: Connect) -> DocumentStore:
    return await connect()


async def test_put_creates_then_bumps_the_version(store: DocumentStore) -> None:
    assert await store.put("jobs", "j1", {"title": "Engineer"}) == 1
    assert await store.put("jobs", "j1", {"title": "Senior Engineer"}) == 2
    doc = await store.get("jobs", "j1")
    assert doc is not None
    assert (doc.key, doc.version, doc.data) == ("j1", 2, {"title": "Senior Engineer"})


async def test_get_and_delete_of_missing_documents(store: DocumentStore) -> None:
    assert await store.get("jobs", "nope") is None
    assert await store.delete("jobs", "nope") is False
    await store.put("jobs", "j1", {"a": 1})
    assert await store.delete("jobs", "j1") is True
    assert await store.get("jobs", "j1") is None
    assert await store.count("jobs") == 0


async def test_values_round_trip_as_json(store: DocumentStore) -> None:
    data = {
        "text": "Zürich — 東京 ✓",
        "n": 3,
        "x": 2.5,
        "flag": False,
        "none": None,
        "tags": ["a", "b"],
        "nested": {"deep": {"list": [{"k": 1}]}},
    }
    await store.put("jobs", "j1", data)
    doc = await store.get("jobs", "j1")
    assert doc is not None
    assert doc.data == data


async def test_values_that_are_not_plain_json_are_refused_not_stringified(
    store: DocumentStore,
) -> None:
    when = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    with pytest.raises(TypeError, match=r'jobs/j1 is not plain JSON.*model_dump\(mode="json"\)'):
        await store.put("jobs", "j1", {"seen_at": when})
    assert await store.get("jobs", "j1") is None
    await store.put("jobs", "j1", {"seen_at": when.isoformat()})  # what callers do instead
    doc = await store.get("jobs", "j1")
    assert doc is not None
    assert datetime.fromisoformat(doc.data["seen_at"]) == when


async def test_expected_version_zero_means_must_not_exist(store: DocumentStore) -> None:
    assert await store.put("jobs", "j1", {"v": "first"}, expected_version=0) == 1
    with pytest.raises(VersionConflict):
        await store.put("jobs", "j1", {"v": "second"}, expected_version=0)
    doc = await store.get("jobs", "j1")
    assert doc is not None
    assert doc.data == {"v": "first"}


async def test_expected_version_must_match(store: DocumentStore) -> None:
    await store.put("jobs", "j1", {"v": 1})
    await store.put("jobs", "j1", {"v": 2})
    with pytest.raises(VersionConflict, match="expected version 1"):
        await store.put("jobs", "j1", {"v": "stale"}, expected_version=1)
    with pytest.raises(VersionConflict):
        await store.put("jobs", "missing", {"v": "stale"}, expected_version=3)
    assert await store.put("jobs", "j1", {"v": 3}, expected_version=2) == 3
    doc = await store.get("jobs", "j1")
    assert doc is not None
    assert (doc.version, doc.data) == (3, {"v": 3})
    assert await store.get("jobs", "missing") is None


async def _seed(store: DocumentStore) -> None:
    rows = [
        ("a", {"status": "ingested", "score": 3, "remote": True, "company": {"domain": "acme.io"}}),
        ("b", {"status": "failed", "score": 1, "remote": False, "company": {"domain": "beta.dev"}}),
        ("c", {"status": "ingested", "score": 2, "remote": True, "company": {"domain": "acme.io"}}),
        ("d", {"status": "cv_ready", "score": 2, "remote": False}),
    ]
    for key, data in rows:
        await store.put("jobs", key, data)


def _keys(docs: list[Document]) -> list[str]:
    return [d.key for d in docs]


async def test_find_filters_by_equality_dotted_fields_and_in(store: DocumentStore) -> None:
    await _seed(store)
    assert _keys(await store.find("jobs", {"status": "ingested"})) == ["a", "c"]
    assert _keys(await store.find("jobs", {"company.domain": "acme.io"})) == ["a", "c"]
    assert _keys(await store.find("jobs", {"status": {"$in": ["failed", "cv_ready"]}})) == [
        "b",
        "d",
    ]
    assert await store.find("jobs", {"status": {"$in": []}}) == []
    assert _keys(await store.find("jobs", {"remote": True})) == ["a", "c"]
    assert _keys(await store.find("jobs", {"company.domain": None})) == ["d"]
    assert _keys(await store.find("jobs", {"status": "ingested", "score": 2})) == ["c"]
    assert await store.count("jobs") == 4
    assert await store.count("jobs", {"status": "ingested"}) == 2
    assert await store.count("jobs", {"status": {"$in": ["failed"]}}) == 1
    assert await store.find("other") == []


async def test_find_sorts_then_pages(store: DocumentStore) -> None:
    await _seed(store)
    assert _keys(await store.find("jobs", sort=[("score", -1)])) == ["a", "c", "d", "b"]
    assert _keys(await store.find("jobs", sort=[("score", 1)])) == ["b", "c", "d", "a"]
    by_status_then_score = await store.find("jobs", sort=[("status", 1), ("score", -1)])
    assert _keys(by_status_then_score) == ["d", "b", "a", "c"]
    assert _keys(await store.find("jobs", sort=[("score", -1)], limit=2)) == ["a", "c"]
    assert _keys(await store.find("jobs", sort=[("score", -1)], limit=2, offset=2)) == ["d", "b"]
    assert _keys(await store.find("jobs", sort=[("score", -1)], offset=3)) == ["b"]
    assert await store.find("jobs", limit=0) == []


async def test_ensure_index_is_idempotent_and_queries_still_work(store: DocumentStore) -> None:
    await store.ensure_index("jobs", ["status"])
    await store.ensure_index("jobs", ["status"])
    await store.ensure_index("jobs", ["company.domain", "score"])
    await _seed(store)
    assert _keys(await store.find("jobs", {"company.domain": "acme.io"}, sort=[("score", 1)])) == [
        "c",
        "a",
    ]


async def test_bad_names_and_operators_are_refused_with_a_reason(store: DocumentStore) -> None:
    with pytest.raises(ValueError, match="invalid collection name"):
        await store.put("jobs; DROP TABLE x", "k", {})
    with pytest.raises(ValueError, match="invalid field name"):
        await store.find("jobs", {"status') OR 1=1 --": "x"})
    with pytest.raises(ValueError, match="invalid field name"):
        await store.find("jobs", sort=[("$where", 1)])
    with pytest.raises(ValueError, match="only \\$in is supported"):
        await store.find("jobs", {"score": {"$gt": 1}})


async def test_two_writers_with_the_same_expected_version_one_wins(connect: Connect) -> None:
    first, second = await connect(), await connect()
    await first.put("jobs", "j1", {"by": "nobody"})
    results = await asyncio.gather(
        first.put("jobs", "j1", {"by": "first"}, expected_version=1),
        second.put("jobs", "j1", {"by": "second"}, expected_version=1),
        return_exceptions=True,
    )
    wins = [r for r in results if r == 2]
    conflicts = [r for r in results if isinstance(r, VersionConflict)]
    assert (len(wins), len(conflicts)) == (1, 1), results
    winner = "first" if results[0] == 2 else "second"
    doc = await (await connect()).get("jobs", "j1")
    assert doc is not None
    assert (doc.version, doc.data) == (2, {"by": winner})


async def test_read_change_write_loops_on_two_connections_lose_no_update(
    connect: Connect,
) -> None:
    """Two replicas each counting with get + conditional put, many at once, on one store."""
    first, second = await connect(), await connect()

    async def increment(store: DocumentStore) -> None:
        while True:
            doc = await store.get("counters", "c")
            value = doc.data["n"] if doc else 0
            try:
                await store.put(
                    "counters", "c", {"n": value + 1}, expected_version=doc.version if doc else 0
                )
            except VersionConflict:
                continue
            return

    await asyncio.gather(*(increment(s) for _ in range(10) for s in (first, second)))
    doc = await first.get("counters", "c")
    assert doc is not None
    assert (doc.version, doc.data) == (20, {"n": 20})


async def test_two_creators_of_the_same_key_one_wins(connect: Connect) -> None:
    first, second = await connect(), await connect()
    results = await asyncio.gather(
        first.put("jobs", "new", {"by": "first"}, expected_version=0),
        second.put("jobs", "new", {"by": "second"}, expected_version=0),
        return_exceptions=True,
    )
    assert sorted(type(r).__name__ for r in results) == ["VersionConflict", "int"], results


async def test_concurrent_unconditional_writes_all_count(connect: Connect) -> None:
    """Writes without an expected version never fail and never lose a version bump."""
    first, second = await connect(), await connect()
    writes = [(first if i % 2 else second).put("jobs", "hot", {"i": i}) for i in range(20)]
    versions = await asyncio.gather(*writes)
    assert sorted(versions) == list(range(1, 21))
    doc = await first.get("jobs", "hot")
    assert doc is not None
    assert doc.version == 20


async def test_racing_writes_on_one_client_are_all_kept(connect: Connect) -> None:
    """A refused write must not take a concurrent good write down with it."""
    store = await connect()
    results = await asyncio.gather(
        store.put("jobs", "a", {"n": 1}, expected_version=0),
        store.put("jobs", "a", {"n": 2}, expected_version=0),
        *(store.put("jobs", f"k{i}", {"n": i}) for i in range(5)),
        return_exceptions=True,
    )
    assert sum(isinstance(r, VersionConflict) for r in results) == 1, results
    fresh = await connect()
    assert await fresh.count("jobs") == 6
    doc = await fresh.get("jobs", "a")
    assert doc is not None
    assert doc.version == 1


# ------------------------------------------------------------------ SQLite specifics


async def test_sqlite_keeps_data_across_reopen_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "svc.db"
    store = await open_store(f"sqlite:///{path}")
    await store.ensure_index("jobs", ["status"])
    await store.put("jobs", "j1", {"status": "ingested"})
    await store.put("jobs", "j1", {"status": "structured"})
    await store.close()

    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    reopened = await open_store(f"sqlite:///{path}")
    try:
        doc = await reopened.get("jobs", "j1")
        assert doc is not None
        assert (doc.version, doc.data) == (2, {"status": "structured"})
        assert _keys(await reopened.find("jobs", {"status": "structured"})) == ["j1"]
    finally:
        await reopened.close()


async def test_unknown_store_url_says_what_is_supported() -> None:
    with pytest.raises(ValueError, match="use sqlite:///"):
        await open_store("postgres://localhost/db")
