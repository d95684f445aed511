"""The gateway's read model of ingestion: sources and run history, built from events only.

`source.updated` keeps one record per source; `ingest.run.finished` one per run, so
`GET /api/ingest/history/{source}` is a single sorted query. Both upsert by natural key, so a
redelivered event changes nothing twice.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from datetime import datetime

from faststream.nats import NatsBroker
from pydantic import BaseModel

from jobintel.contracts import (
    IngestRunFinished,
    IngestRunRecord,
    SourceOrigin,
    SourceSpec,
    SourceUpdated,
)
from jobintel.runtime.settings import Settings
from jobintel.runtime.store import DocumentStore

from .consumers import read_model_subscriber
from .state import GatewayState

SOURCES = "ingest_sources"
RUNS = "ingest_runs"
INDEXES: dict[str, Sequence[Sequence[str]]] = {RUNS: (("source", "started_at"),)}
HISTORY_LIMIT = 50
_indexed: weakref.WeakSet[DocumentStore] = weakref.WeakSet()  # stores already indexed


class SourceView(BaseModel):
    source: SourceSpec
    origin: SourceOrigin
    confirmed: bool = False  # ingestion has announced it (source.updated), not just accepted
    updated_at: datetime
    last_run: IngestRunRecord | None = None


async def _ensure_indexes(store: DocumentStore) -> None:
    if store in _indexed:
        return
    for collection, index_list in INDEXES.items():
        for fields in index_list:
            await store.ensure_index(collection, fields)
    _indexed.add(store)


async def accept_source(store: DocumentStore, spec: SourceSpec, at: datetime) -> SourceView:
    """Show a source at once after `POST /api/sources`; `source.updated` confirms it later."""
    doc = await store.get(SOURCES, spec.name)
    view = SourceView.model_validate(doc.data) if doc else None
    new = SourceView(
        source=spec,
        origin=SourceOrigin.API,
        updated_at=at,
        last_run=view.last_run if view else None,
    )
    await store.put(SOURCES, spec.name, new.model_dump(mode="json"))
    return new


async def project_source(store: DocumentStore, event: SourceUpdated) -> None:
    doc = await store.get(SOURCES, event.source.name)
    view = SourceView.model_validate(doc.data) if doc else None
    if view is not None and view.confirmed and view.updated_at > event.occurred_at:
        return  # an older definition delivered late
    await store.put(
        SOURCES,
        event.source.name,
        SourceView(
            source=event.source,
            origin=event.origin,
            confirmed=True,
            updated_at=event.occurred_at,
            last_run=view.last_run if view else None,
        ).model_dump(mode="json"),
    )


async def project_run(store: DocumentStore, event: IngestRunFinished) -> None:
    await _ensure_indexes(store)
    run = event.run
    await store.put(RUNS, run.run_id, run.model_dump(mode="json"))
    doc = await store.get(SOURCES, run.source)
    if doc is None:
        return
    view = SourceView.model_validate(doc.data)
    if view.last_run is None or view.last_run.started_at <= run.started_at:
        view.last_run = run
        await store.put(SOURCES, run.source, view.model_dump(mode="json"))


async def get_source(store: DocumentStore, name: str) -> SourceView | None:
    doc = await store.get(SOURCES, name)
    return SourceView.model_validate(doc.data) if doc else None


async def list_sources(store: DocumentStore) -> list[SourceView]:
    docs = await store.find(SOURCES, sort=[("source.name", 1)])
    return [SourceView.model_validate(d.data) for d in docs]


async def run_history(store: DocumentStore, source: str) -> list[IngestRunRecord]:
    """The last 50 runs of a source, newest first."""
    await _ensure_indexes(store)
    docs = await store.find(
        RUNS, {"source": source}, sort=[("started_at", -1)], limit=HISTORY_LIMIT
    )
    return [IngestRunRecord.model_validate(d.data) for d in docs]


def register(broker: NatsBroker, settings: Settings, state: GatewayState) -> None:
    """Durable subscribers that keep this read model (one per fact)."""

    sub = read_model_subscriber(broker, settings, state)

    @sub(SourceUpdated)
    async def on_source_updated(event: SourceUpdated) -> None:
        await project_source(state.store, event)

    @sub(IngestRunFinished)
    async def on_run_finished(event: IngestRunFinished) -> None:
        await project_run(state.store, event)
