"""The broker every process builds the same way: streams, delivery policy, telemetry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from faststream import AckPolicy
from faststream.nats import JStream, NatsBroker, PullSub
from faststream.nats.opentelemetry import NatsTelemetryMiddleware
from nats.js import JetStreamContext
from nats.js.api import (
    AckPolicy as JsAckPolicy,
)
from nats.js.api import (
    ConsumerConfig,
    DeliverPolicy,
    StorageType,
    StreamConfig,
)
from nats.js.errors import BadRequestError, NotFoundError
from nats.js.object_store import ObjectStore

from jobintel.contracts import Event, streams
from jobintel.contracts.streams import StreamSpec

from .delivery import DeliveryPolicy
from .publishing import EventPublisher
from .settings import Settings


def stream_config(spec: StreamSpec) -> StreamConfig:
    return StreamConfig(
        name=spec.name,
        description=spec.description,
        subjects=list(spec.subjects),
        storage=StorageType.FILE if spec.file_storage else StorageType.MEMORY,
        max_age=spec.max_age_seconds,
        duplicate_window=spec.duplicate_window_seconds,
    )


async def ensure_streams(js: JetStreamContext) -> None:
    """Create or update every stream of the contracts, and the CV files bucket."""
    for spec in streams.ALL_STREAMS:
        config = stream_config(spec)
        try:
            await js.stream_info(spec.name)
        except NotFoundError:
            try:
                await js.add_stream(config)
            except BadRequestError:  # another process created it meanwhile
                await js.update_stream(config)
        else:
            await js.update_stream(config)
    await cv_files(js)


async def cv_files(js: JetStreamContext) -> ObjectStore:
    from nats.js.api import ObjectStoreConfig

    try:
        return await js.object_store(streams.CV_FILES_BUCKET)
    except NotFoundError:
        return await js.create_object_store(
            streams.CV_FILES_BUCKET,
            config=ObjectStoreConfig(description="Rendered CVs", storage=StorageType.FILE),
        )


def make_broker(
    settings: Settings, service: str, *, buffer_while_reconnecting: bool = True
) -> tuple[NatsBroker, EventPublisher]:
    """The service's broker and publisher.

    `buffer_while_reconnecting=False` makes a publish fail at once while NATS is away instead
    of waiting in the client's buffer: the gateway answers an HTTP request "503, nothing was
    created", which would be a lie if the buffered command went out on reconnect. Workers keep
    the buffer; their input is not acked until their output is, so either way nothing is lost.
    """
    policy = DeliveryPolicy(settings, service)
    options: dict[str, Any] = {} if buffer_while_reconnecting else {"pending_size": 0}
    broker = NatsBroker(
        settings.nats_url,
        name=service,
        graceful_timeout=settings.graceful_timeout_seconds,
        middlewares=(NatsTelemetryMiddleware(), policy),
        max_reconnect_attempts=-1,
        reconnect_time_wait=1,
        **options,
    )
    publisher = EventPublisher(broker)
    policy.publisher = publisher
    return broker, publisher


def durable_subscriber(
    broker: NatsBroker,
    event_type: type[Event],
    *,
    durable: str,
    settings: Settings,
    description: str | None = None,
) -> Callable[[Callable[..., Any]], Any]:
    """A durable pull consumer shared by every replica: the work is spread between them.

    Durable names carry a version suffix: JetStream never updates an existing consumer's
    config, so a config change needs a new name.
    """
    return broker.subscriber(  # type: ignore[no-any-return,call-overload]
        event_type.subject,
        stream=JStream(name=event_type.stream, declare=False),
        durable=durable,
        pull_sub=PullSub(batch_size=settings.concurrency, timeout=5.0),
        max_workers=settings.concurrency,
        config=ConsumerConfig(
            durable_name=durable,
            ack_policy=JsAckPolicy.EXPLICIT,
            deliver_policy=DeliverPolicy.ALL,
            ack_wait=settings.ack_wait_seconds,
            # Unlimited: the delivery policy counts attempts and dead-letters after
            # `settings.max_deliver`. A server-side limit would drop a message silently when
            # its failure could not be recorded on the last delivery.
            max_deliver=-1,
            filter_subject=event_type.subject,
        ),
        ack_policy=AckPolicy.MANUAL,
        title=f"{durable}:{event_type.subject}",
        description=description or (event_type.__doc__ or "").strip() or None,
    )
