"""How every worker service is assembled and run (the composition root's building blocks).

FastStream handles SIGTERM/SIGINT: it stops fetching, waits up to `graceful_timeout` for
in-flight handlers, then closes the connection; unacked messages are redelivered elsewhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from faststream import FastStream
from faststream.nats import NatsBroker
from faststream.specification import AsyncAPI

from jobintel.contracts import Event, Heartbeat, subjects, utcnow
from jobintel.contracts.services import consumer_name

from .broker import durable_subscriber, ensure_streams, make_broker
from .logs import configure_logging, get_logger
from .publishing import EventPublisher
from .settings import Settings
from .store import DocumentStore, open_store
from .telemetry import configure_tracing

log = get_logger(__name__)

Hook = Callable[["ServiceRuntime"], Awaitable[None]]


def instance_id(service: str) -> str:
    return f"{service}@{socket.gethostname()}:{os.getpid()}"


@dataclass
class ServiceRuntime:
    """Settings, broker, publisher and store of one service process."""

    service: str
    settings: Settings
    broker: NatsBroker
    publisher: EventPublisher
    indexes: dict[str, Sequence[Sequence[str]]] = field(default_factory=dict)
    _store: DocumentStore | None = None

    @property
    def store(self) -> DocumentStore:
        if self._store is None:
            raise RuntimeError("the store opens when the service starts")
        return self._store

    def consumer_name(self, event_type: type[Event], version: int = 1) -> str:
        return consumer_name(self.service, event_type, version)

    def subscriber(
        self, event_type: type[Event], *, version: int = 1
    ) -> Callable[[Callable[..., Any]], Any]:
        return durable_subscriber(
            self.broker,
            event_type,
            durable=self.consumer_name(event_type, version),
            settings=self.settings,
        )

    async def open(self) -> None:
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        self._store = await open_store(self.settings.store_url_for(self.service))
        for collection, index_list in self.indexes.items():
            for fields in index_list:
                await self._store.ensure_index(collection, fields)

    async def close(self) -> None:
        if self._store is not None:
            await self._store.close()
            self._store = None

    def app(self, *, on_startup: Hook | None = None) -> FastStream:
        app = FastStream(
            self.broker,
            specification=AsyncAPI(title=f"jobintel {self.service}", version="0.1.0"),
        )
        tasks: dict[str, asyncio.Task[None]] = {}

        @app.on_startup
        async def _prepare() -> None:
            await self.open()
            # streams must exist before broker.start() creates the pull consumers
            await self.broker.connect()
            await ensure_streams(self.broker.connection.jetstream())
            if on_startup is not None:
                await on_startup(self)

        @app.after_startup
        async def _announce() -> None:
            tasks["heartbeat"] = asyncio.create_task(self._heartbeat())
            log.info("service started", nats=self.settings.nats_url)

        @app.on_shutdown
        async def _drain() -> None:
            log.info("service draining")
            if task := tasks.pop("heartbeat", None):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

        @app.after_shutdown
        async def _close() -> None:
            await self.close()
            log.info("service stopped")

        return app

    async def _heartbeat(self) -> None:
        beat = Heartbeat(
            service=self.service,
            instance=instance_id(self.service),
            started_at=utcnow().isoformat(),
        )
        while True:
            with contextlib.suppress(Exception):
                await self.broker.publish(beat, subject=subjects.heartbeat_subject(self.service))
            await asyncio.sleep(self.settings.heartbeat_seconds)


def create_runtime(
    service: str,
    settings: Settings | None = None,
    *,
    indexes: Mapping[str, Sequence[Sequence[str]]] | None = None,
) -> ServiceRuntime:
    settings = settings or Settings()
    configure_logging(service, settings.log_level, settings.log_json)
    configure_tracing(service, settings.otlp_endpoint)
    broker, publisher = make_broker(settings, service)
    return ServiceRuntime(service, settings, broker, publisher, dict(indexes or {}))


def run(app: FastStream) -> None:
    """Entry point of `python -m jobintel.<service>`."""
    asyncio.run(app.run())
