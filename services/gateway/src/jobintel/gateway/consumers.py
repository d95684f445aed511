"""Names of the read model's durable consumers, shared or per gateway copy.

With MongoDB every gateway copy reads and writes the same store, so the copies share one
durable per subject and JetStream spreads the events between them. With SQLite each copy has
a store of its own: a shared durable would give each copy only part of the events, so each
copy has its own durables (suffixed with an instance id kept in its data directory, stable
across restarts) and folds every event into its own store. Copies that share a data
directory share the SQLite file and, through the same instance id, the durables too.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from faststream.nats import NatsBroker

from jobintel.contracts import Event
from jobintel.contracts.services import consumer_name
from jobintel.runtime.broker import durable_subscriber
from jobintel.runtime.settings import Settings

from . import SERVICE
from .state import GatewayState

Handler = Callable[[Any], Awaitable[None]]

INSTANCE_FILE = "gateway-instance-id"


def store_is_local(settings: Settings) -> bool:
    return settings.store_url_for(SERVICE).startswith("sqlite")


def instance_id(data_dir: Path) -> str:
    """This data directory's gateway id: made once, then read back on every start."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / INSTANCE_FILE
    with contextlib.suppress(FileExistsError), path.open("x") as fresh:  # first start wins
        fresh.write(uuid.uuid4().hex[:12])
    found = path.read_text().strip()
    if not found:  # a start that died between creating and writing the file
        found = uuid.uuid4().hex[:12]
        path.write_text(found)
    return found


def durable_name(event_type: type[Event], settings: Settings) -> str:
    base = consumer_name(SERVICE, event_type)
    if not store_is_local(settings):
        return base
    return f"{base}-{instance_id(settings.data_dir)}"


def read_model_subscriber(
    broker: NatsBroker, settings: Settings, state: GatewayState
) -> Callable[[type[Event]], Callable[[Handler], Handler]]:
    """Decorator factory for the read model's consumers; each is recorded on the state so a
    fresh-store rebuild can reset this copy's consumers."""

    def sub(event_type: type[Event]) -> Callable[[Handler], Handler]:
        durable = durable_name(event_type, settings)
        state.consumers.append((event_type.stream, durable))
        return durable_subscriber(  # type: ignore[no-any-return]
            broker,
            event_type,
            durable=durable,
            settings=settings,
            description=f"gateway read model: {event_type.subject}",
        )

    return sub
