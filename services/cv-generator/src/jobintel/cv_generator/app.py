"""cv-generator's FastStream app: subscribers decode, call the use case, and return."""

from __future__ import annotations

from faststream import FastStream

from jobintel.contracts import CompanyResearched, GenerateCv, ProfileUpdated
from jobintel.runtime.broker import cv_files
from jobintel.runtime.llm import llm_from_settings
from jobintel.runtime.settings import Settings
from jobintel.runtime.worker import ServiceRuntime, create_runtime

from . import SERVICE, service
from .adapters.llm_letter import LlmLetterWriter
from .adapters.llm_rewriter import BatchingRewriter, LlmRewriter
from .adapters.object_store import ObjectStoreSink
from .domain.letter import LetterWriter, TemplateWriter
from .domain.rewriting import OfflineRewriter, Rewriter


def create_app(settings: Settings | None = None) -> FastStream:
    rt = create_runtime(SERVICE, settings, indexes=service.INDEXES)
    sinks: dict[str, ObjectStoreSink] = {}
    llm = llm_from_settings(rt.settings)
    rewriter: Rewriter = OfflineRewriter()
    letter_writer: LetterWriter = TemplateWriter()
    if llm is not None:  # jobs handled side by side share a half-price batch
        rewriter = BatchingRewriter(llm) if rt.settings.concurrency > 1 else LlmRewriter(llm)
        letter_writer = LlmLetterWriter(llm)

    async def open_bucket(runtime: ServiceRuntime) -> None:
        sinks["files"] = ObjectStoreSink(await cv_files(runtime.broker.connection.jetstream()))

    @rt.subscriber(ProfileUpdated)
    async def on_profile_updated(event: ProfileUpdated) -> None:
        await service.store_profile(event, store=rt.store)

    @rt.subscriber(CompanyResearched)
    async def on_company_researched(event: CompanyResearched) -> None:
        await service.generate_for_job(
            event,
            store=rt.store,
            publisher=rt.publisher,
            files=sinks["files"],
            rewriter=rewriter,
            letter_writer=letter_writer,
        )

    @rt.subscriber(GenerateCv)
    async def on_generate_cv(command: GenerateCv) -> None:
        await service.regenerate(
            command,
            store=rt.store,
            publisher=rt.publisher,
            files=sinks["files"],
            rewriter=rewriter,
            letter_writer=letter_writer,
        )

    app: FastStream = rt.app(on_startup=open_bucket)

    @app.after_shutdown
    async def _close_llm() -> None:
        if llm is not None:
            await llm.aclose()

    return app
