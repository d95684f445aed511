"""Ingestion's FastStream app: subscribers decode, call the use case, and return.

Besides its command handlers, the service runs the source scheduler: every tick it asks for
the runs of sources whose interval slot has come (`domain/schedule.py`).
"""

from __future__ import annotations

import asyncio
import contextlib
import time

from faststream import FastStream

from jobintel.contracts import DefineSource, IngestFile, IngestPosting, IngestRun, IngestUrl, utcnow
from jobintel.runtime.fetch import Fetcher
from jobintel.runtime.logs import get_logger
from jobintel.runtime.settings import Settings, service_settings
from jobintel.runtime.worker import ServiceRuntime, create_runtime

from . import SERVICE, service
from .adapters.fetch_cache import StoreFetchCache
from .config import IngestionSettings, load_sources
from .domain.schedule import due

log = get_logger(__name__)


def create_app(settings: Settings | None = None) -> FastStream:
    config = service_settings(settings, IngestionSettings)
    rt = create_runtime(SERVICE, config, indexes=service.INDEXES)
    fetcher = Fetcher(config, limits=config.fetch_limits(), cache=StoreFetchCache(lambda: rt.store))
    tasks: dict[str, asyncio.Task[None]] = {}

    @rt.subscriber(IngestPosting)  # type: ignore[untyped-decorator]
    async def on_ingest_posting(command: IngestPosting) -> None:
        await service.ingest_posting(command, store=rt.store, publisher=rt.publisher)

    @rt.subscriber(IngestFile)  # type: ignore[untyped-decorator]
    async def on_ingest_file(command: IngestFile) -> None:
        await service.ingest_file(command, store=rt.store, publisher=rt.publisher)

    @rt.subscriber(IngestUrl)  # type: ignore[untyped-decorator]
    async def on_ingest_url(command: IngestUrl) -> None:
        await service.ingest_url(
            command, store=rt.store, publisher=rt.publisher, fetcher=fetcher, settings=config
        )

    @rt.subscriber(DefineSource)  # type: ignore[untyped-decorator]
    async def on_define_source(command: DefineSource) -> None:
        await service.define_source(command, store=rt.store, publisher=rt.publisher)

    @rt.subscriber(IngestRun)  # type: ignore[untyped-decorator]
    async def on_ingest_run(command: IngestRun) -> None:
        await service.run_source(command, store=rt.store, publisher=rt.publisher, fetcher=fetcher)

    async def start(runtime: ServiceRuntime) -> None:
        await fetcher.__aenter__()
        if config.sources_file is not None:
            specs = load_sources(config.sources_file)
            await service.load_config_sources(specs, store=runtime.store)
            log.info("sources loaded", file=str(config.sources_file), count=len(specs))
        await service.announce_sources(store=runtime.store, publisher=runtime.publisher)

    app: FastStream = rt.app(on_startup=start)

    @app.after_startup  # type: ignore[untyped-decorator]
    async def _schedule() -> None:
        tasks["scheduler"] = asyncio.create_task(_scheduler(rt, config.schedule_tick_seconds))

    @app.on_shutdown  # type: ignore[untyped-decorator]
    async def _stop_scheduler() -> None:
        if task := tasks.pop("scheduler", None):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    @app.after_shutdown  # type: ignore[untyped-decorator]
    async def _close_fetcher() -> None:
        await fetcher.__aexit__(None, None, None)

    return app


async def _scheduler(rt: ServiceRuntime, tick: float) -> None:
    """Ask for the runs that are due; a failed tick is logged and the next one tries again."""
    asked: dict[str, int] = {}
    while True:
        try:
            specs = await service.list_sources(rt.store)
            for spec, run_id in due(specs, time.time(), asked):
                await rt.publisher.publish(service.scheduled_command(spec, run_id, utcnow()))
                log.info("scheduled run", source=spec.name, run_id=run_id)
        except Exception:
            log.exception("scheduler tick failed")
        await asyncio.sleep(tick)
