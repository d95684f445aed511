"""Annotation's FastStream app: subscribers decode, call the use case, and return."""

from __future__ import annotations

from faststream import FastStream

from jobintel.contracts import ApplyAnnotations, JobIngested, StructureJob
from jobintel.runtime.settings import Settings
from jobintel.runtime.worker import create_runtime

from . import SERVICE, service
from .structurer import OfflineStructurer, Structurer


def create_app(
    settings: Settings | None = None, structurer: Structurer | None = None
) -> FastStream:
    rt = create_runtime(SERVICE, settings, indexes=service.INDEXES)
    structurer = structurer or OfflineStructurer()

    @rt.subscriber(JobIngested)  # type: ignore[untyped-decorator]
    async def on_job_ingested(event: JobIngested) -> None:
        await service.structure_ingested(
            event, store=rt.store, publisher=rt.publisher, structurer=structurer
        )

    @rt.subscriber(ApplyAnnotations)  # type: ignore[untyped-decorator]
    async def on_apply_annotations(command: ApplyAnnotations) -> None:
        await service.apply_annotations(command, store=rt.store, publisher=rt.publisher)

    @rt.subscriber(StructureJob)  # type: ignore[untyped-decorator]
    async def on_structure(command: StructureJob) -> None:
        await service.restructure(
            command, store=rt.store, publisher=rt.publisher, structurer=structurer
        )

    app: FastStream = rt.app()
    return app
