"""The gateway's FastAPI app: the broker and the store live in the lifespan."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from nats.aio.msg import Msg

from jobintel.contracts import subjects
from jobintel.runtime.broker import ensure_streams, make_broker
from jobintel.runtime.llm import llm_from_settings
from jobintel.runtime.logs import configure_logging, get_logger
from jobintel.runtime.settings import Settings
from jobintel.runtime.store import open_store
from jobintel.runtime.telemetry import configure_tracing

from . import SERVICE, errors, subscriptions
from .adapters.llm_drafter import ClaudeDrafter
from .drafting import OfflineDrafter, WithFallback
from .readmodel import INDEXES
from .rebuild import replay_into_fresh_store
from .routes import include_routes
from .schemas import MAX_BODY_BYTES
from .security import ApiHeaders
from .state import GatewayState

log = get_logger(__name__)
STATIC_DIR = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(SERVICE, settings.log_level, settings.log_json)
    configure_tracing(SERVICE, settings.otlp_endpoint)
    broker, publisher = make_broker(settings, SERVICE, buffer_while_reconnecting=False)
    llm = llm_from_settings(settings)
    state = GatewayState(
        settings=settings,
        broker=broker,
        publisher=publisher,
        drafter=WithFallback(ClaudeDrafter(llm), OfflineDrafter(), name="Claude")
        if llm
        else OfflineDrafter(),
        llm=llm,
    )
    subscriptions.register(broker, settings, state)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        store = await open_store(settings.store_url_for(SERVICE))
        for collection, index_list in INDEXES.items():
            for fields in index_list:
                await store.ensure_index(collection, fields)
        state.attach(store)
        try:
            await broker.connect()
            # streams must exist before broker.start() creates the durable consumers
            js = broker.connection.jetstream()
            await ensure_streams(js)
            await replay_into_fresh_store(store, js, state.consumers)

            async def on_heartbeat(msg: Msg) -> None:
                state.presence.seen(msg.subject.rsplit(".", 1)[-1])

            beats = await broker.connection.subscribe(subjects.HEARTBEAT_ALL, cb=on_heartbeat)
            await broker.start()
            log.info("gateway started", nats=settings.nats_url)
            try:
                yield
            finally:
                with contextlib.suppress(Exception):
                    await beats.unsubscribe()
                await broker.stop()
        finally:
            state.attach(None)
            await store.close()
            if llm is not None:
                await llm.aclose()
            log.info("gateway stopped")

    app = FastAPI(
        title="jobintel gateway",
        version="0.1.0",
        description="Submit postings and a master CV, follow each job live, download tailored CVs.",
        lifespan=lifespan,
        max_body_size=MAX_BODY_BYTES,
    )
    app.state.gateway = state
    errors.install(app)
    app.add_middleware(ApiHeaders)
    include_routes(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
