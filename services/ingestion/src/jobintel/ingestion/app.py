"""Ingestion's FastStream app: subscribers decode, call the use case, and return."""

from __future__ import annotations

from faststream import FastStream

from jobintel.contracts import IngestPosting
from jobintel.runtime.settings import Settings
from jobintel.runtime.worker import create_runtime

from . import SERVICE, service


def create_app(settings: Settings | None = None) -> FastStream:
    rt = create_runtime(SERVICE, settings, indexes=service.INDEXES)

    @rt.subscriber(IngestPosting)
    async def on_ingest_posting(command: IngestPosting) -> None:
        await service.ingest_posting(command, store=rt.store, publisher=rt.publisher)

    return rt.app()
