"""A tiny service built like every jobintel worker, for testing the delivery guarantees.

It consumes `cmd.structure` (`StructureJob`) and, per job, stores one outcome record and
publishes one derived `job.discarded`. Tests shape its behaviour with `behave(cmd, attempt)`.
Run as a script (`python probe_service.py`) it reads `JOBINTEL_*` settings, sleeps
`PROBE_DELAY` seconds per message and appends `<job_id> <attempt>` to `PROBE_LOG` on start.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

from faststream import FastStream
from faststream.nats.annotations import NatsMessage

from jobintel.contracts import JobDiscarded, StructureJob
from jobintel.runtime.logs import get_logger
from jobintel.runtime.settings import Settings
from jobintel.runtime.worker import ServiceRuntime, create_runtime, run

SERVICE = "probe"
OUTCOMES = "outcomes"

log = get_logger(__name__)

Behaviour = Callable[[StructureJob, int], Awaitable[None]]


def create_app(
    settings: Settings | None = None, behave: Behaviour | None = None
) -> tuple[FastStream, ServiceRuntime]:
    rt = create_runtime(SERVICE, settings)

    @rt.subscriber(StructureJob)
    async def on_structure(cmd: StructureJob, msg: NatsMessage) -> None:
        attempt = msg.raw_message.metadata.num_delivered
        if behave is not None:
            await behave(cmd, attempt)
        await rt.store.put(OUTCOMES, str(cmd.job_id), {"cause": str(cmd.event_id)})
        await rt.publisher.publish(
            JobDiscarded.caused_by(cmd, producer=SERVICE, stage=SERVICE, reason="probed")
        )
        log.info("probe handled", attempt=attempt)

    return rt.app(), rt


def _script_behaviour() -> Behaviour:
    delay = float(os.environ.get("PROBE_DELAY", "0"))
    log = Path(os.environ["PROBE_LOG"])

    def note(line: str) -> None:
        with log.open("a") as f:
            f.write(line)

    async def behave(cmd: StructureJob, attempt: int) -> None:
        await asyncio.to_thread(note, f"{cmd.job_id} {attempt}\n")
        await asyncio.sleep(delay)

    return behave


if __name__ == "__main__":
    app, _ = create_app(Settings(), _script_behaviour())
    run(app)
