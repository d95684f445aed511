"""What one gateway process holds while it runs: settings, broker, publisher, store, presence."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from faststream.nats import NatsBroker
from nats.js import JetStreamContext

from jobintel.runtime.llm import LLM
from jobintel.runtime.publishing import EventPublisher
from jobintel.runtime.settings import Settings
from jobintel.runtime.store import DocumentStore

from .drafting import CvDrafter, OfflineDrafter
from .throttle import FailedAuth

WORKERS: tuple[str, ...] = ("ingestion", "annotation", "research", "cv-generator")


@dataclass
class Presence:
    """When each service last said it was alive (monotonic clock; core NATS heartbeats)."""

    last_seen: dict[str, float] = field(default_factory=dict)

    def seen(self, service: str) -> None:
        self.last_seen[service] = time.monotonic()

    def missing(self, services: tuple[str, ...], within: float) -> list[str]:
        now = time.monotonic()
        return [s for s in services if now - self.last_seen.get(s, -1e18) > within]


@dataclass
class GatewayState:
    settings: Settings
    broker: NatsBroker
    publisher: EventPublisher
    presence: Presence = field(default_factory=Presence)
    auth_failures: FailedAuth = field(default_factory=FailedAuth)
    drafter: CvDrafter = field(default_factory=OfflineDrafter)  # CV files into draft resumes
    llm: LLM | None = None
    _store: DocumentStore | None = None
    # (stream, durable) of each read-model consumer, so a rebuild resets only this copy's
    consumers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def store(self) -> DocumentStore:
        if self._store is None:
            raise RuntimeError("the store opens when the gateway starts")
        return self._store

    def attach(self, store: DocumentStore | None) -> None:
        """The lifespan hands over the store it opened (None once it is closed)."""
        self._store = store

    @property
    def js(self) -> JetStreamContext:
        return self.broker.connection.jetstream()

    @property
    def nats_connected(self) -> bool:
        try:
            return bool(self.broker.connection.is_connected)
        except Exception:  # not connected yet
            return False
