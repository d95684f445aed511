"""Annotation's FastStream app: subscribers decode, call the use case, and return."""

from __future__ import annotations

from faststream import FastStream

from jobintel.contracts import ApplyAnnotations, JobIngested, StructureJob
from jobintel.runtime.llm import llm_from_settings
from jobintel.runtime.settings import Settings
from jobintel.runtime.worker import create_runtime

from . import SERVICE, service
from .llm_structurer import LlmStructurer
from .structurer import OfflineStructurer, Structurer, WithFallback


def create_app(
    settings: Settings | None = None, structurer: Structurer | None = None
) -> FastStream:
    rt = create_runtime(SERVICE, settings, indexes=service.INDEXES)
    llm = llm_from_settings(rt.settings) if structurer is None else None
    if structurer is None:
        offline = OfflineStructurer()
        structurer = (
            WithFallback(LlmStructurer(llm), offline, name="LLM-assisted") if llm else offline
        )

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

    @app.after_shutdown
    async def _close_llm() -> None:
        if llm is not None:
            await llm.aclose()

    return app
