"""The `jobintel` command: run the stack, submit the demo, export contracts, replay events."""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
import time
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer

from .settings import Settings

app = typer.Typer(help="jobintel: a self-hostable job application pipeline.", no_args_is_help=True)


@app.command()
def up(
    data_dir: Annotated[
        Path | None,
        typer.Option(help="Where jobs, CVs and NATS data live", envvar="JOBINTEL_DATA_DIR"),
    ] = None,
    port: Annotated[int | None, typer.Option(help="Gateway port", envvar="JOBINTEL_PORT")] = None,
    host: Annotated[
        str | None, typer.Option(help="Gateway address", envvar="JOBINTEL_HOST")
    ] = None,
    nats_port: Annotated[
        int, typer.Option(help="NATS port (0: pick a free one)", envvar="JOBINTEL_NATS_PORT")
    ] = 4222,
) -> None:
    """Start nats-server, every service and the gateway; Ctrl-C drains and stops them all."""
    from .supervisor import Stack

    settings = Settings()
    stack = Stack(
        data_dir=data_dir or settings.data_dir,
        host=host or settings.host,
        port=port or settings.port,
        nats_port=nats_port,
        graceful_timeout=settings.graceful_timeout_seconds,
        has_token=settings.api_token is not None,
    )
    raise typer.Exit(stack.run())


def _frontmatter(text: str) -> tuple[dict[str, str], str]:
    if not text.startswith("---\n"):
        return {}, text
    head, _, body = text[4:].partition("\n---\n")
    meta = {}
    for line in head.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip()] = value.strip()
    return meta, body


@app.command()
def demo(
    url: Annotated[
        str, typer.Option(help="Gateway URL", envvar="JOBINTEL_URL")
    ] = "http://127.0.0.1:8000",
    wait: Annotated[bool, typer.Option(help="Follow each job until its CV is ready")] = True,
) -> None:
    """Submit the sample master CV and postings to a running stack and follow them to a CV."""
    import httpx

    samples = resources.files("jobintel.runtime") / "samples"
    settings = Settings()
    headers = {}
    if settings.api_token:
        headers["Authorization"] = f"Bearer {settings.api_token.get_secret_value()}"
    with httpx.Client(base_url=url, headers=headers, timeout=30) as client:
        client.put(
            "/api/profile",
            content=(samples / "resume.json").read_bytes(),
            headers={"Content-Type": "application/json"},
        ).raise_for_status()
        persona = json.loads((samples / "persona.json").read_text())
        client.put("/api/profile/persona", json=persona).raise_for_status()
        typer.echo("profile: sample master CV (JSON Resume) and persona uploaded")
        jobs: list[tuple[str, str]] = []
        for entry in sorted((samples / "postings").iterdir(), key=lambda p: p.name):
            meta, body = _frontmatter(entry.read_text())
            resp = client.post("/api/jobs", json={"text": body, **meta})
            resp.raise_for_status()
            job_id = resp.json()["job_id"]
            jobs.append((job_id, meta.get("title", entry.name)))
            typer.echo(f"job {job_id}: {meta.get('title', entry.name)} submitted")
        if not wait:
            return
        deadline = time.monotonic() + 120
        pending = dict(jobs)
        while pending and time.monotonic() < deadline:
            for job_id in list(pending):
                view = client.get(f"/api/jobs/{job_id}").json()
                if view.get("status") in ("cv_ready", "failed", "discarded"):
                    title = pending.pop(job_id)
                    extra = (
                        f"{url}/api/jobs/{job_id}/cv?format=md"
                        if view["status"] == "cv_ready"
                        else view.get("failure", {})
                    )
                    typer.echo(f"job {job_id}: {title}: {view['status']} {extra}")
            time.sleep(0.5)
        if pending:
            typer.echo(f"still running after 120s: {', '.join(pending)}", err=True)
            raise typer.Exit(1)
        typer.echo(f"open {url} to see them")


@app.command()
def contracts(
    out: Annotated[Path, typer.Option(help="Output folder")] = Path("docs"),
) -> None:
    """Export a JSON Schema per event and each service's AsyncAPI document."""
    from faststream import FastStream
    from faststream.specification import AsyncAPI

    from jobintel.contracts import EVENT_TYPES

    from .supervisor import GATEWAY, WORKERS

    schemas = out / "schemas"
    schemas.mkdir(parents=True, exist_ok=True)
    for event in EVENT_TYPES:
        schema = event.model_json_schema()
        schema["x-subject"] = (
            event.subject if event.__name__ != "Progress" else "pipeline.progress.<job_id>"
        )
        schema["x-stream"] = event.stream
        (schemas / f"{event.subject.replace('.', '_')}.json").write_text(
            json.dumps(schema, indent=2, sort_keys=True) + "\n"
        )
    asyncapi = out / "asyncapi"
    asyncapi.mkdir(parents=True, exist_ok=True)
    for name, module in (*WORKERS, GATEWAY):
        try:
            factory = importlib.import_module(f"{module}.app").create_app
        except ImportError as exc:  # a deployment with only some services installed
            typer.echo(f"skipped {name}: {exc}", err=True)
            continue
        # the production shape (a shared store: shared durables), the same on every machine
        app = factory(Settings(store_url="mongodb://localhost/jobintel"))
        if not isinstance(app, FastStream):  # the gateway is a FastAPI app holding a broker
            spec = AsyncAPI(title=f"jobintel {name}", version="0.1.0")
            app = FastStream(app.state.gateway.broker, specification=spec)
        document = json.loads(app.schema.to_specification().to_json())
        # sorted, so the committed documents change only when the contracts do
        (asyncapi / f"{name}.json").write_text(
            json.dumps(document, indent=2, sort_keys=True) + "\n"
        )
    typer.echo(f"wrote {len(EVENT_TYPES)} event schemas and the AsyncAPI documents to {out}")


@app.command()
def replay(
    subject: Annotated[str, typer.Argument(help="Subject to replay, e.g. job.ingested")],
    since: Annotated[str | None, typer.Option(help="ISO time to start from")] = None,
    job_id: Annotated[str | None, typer.Option(help="Only this job")] = None,
) -> None:
    """Publish stored events again as new events, so every consumer reprocesses them."""
    count = asyncio.run(_replay(Settings(), subject, since, job_id))
    typer.echo(f"replayed {count} event(s) on {subject}")


async def _replay(settings: Settings, subject: str, since: str | None, job_id: str | None) -> int:
    from datetime import datetime

    import nats
    from nats.js.api import ConsumerConfig, DeliverPolicy

    from jobintel.contracts import EVENT_BY_SUBJECT

    from .broker import ensure_streams
    from .replay import replayed

    event_type = EVENT_BY_SUBJECT.get(subject)
    if event_type is None:
        raise typer.BadParameter(f"unknown subject {subject!r}; one of {sorted(EVENT_BY_SUBJECT)}")

    async def quiet(_: Exception) -> None:  # the failure is reported once, below
        return None

    try:
        # nats-py keeps retrying the first connect even with reconnects off: bound it
        nc = await asyncio.wait_for(
            nats.connect(settings.nats_url, connect_timeout=2, error_cb=quiet), timeout=6
        )
    except Exception as exc:
        typer.echo(
            f"jobintel: cannot reach NATS at {settings.nats_url} ({type(exc).__name__}); is the "
            "stack running (`jobintel up`)? Set JOBINTEL_NATS_URL to point at it.",
            err=True,
        )
        raise typer.Exit(2) from None
    js = nc.jetstream()
    await ensure_streams(js)
    kwargs: dict[str, Any] = {"deliver_policy": DeliverPolicy.ALL}
    if since:
        start = datetime.fromisoformat(since)
        kwargs = {
            "config": ConsumerConfig(
                deliver_policy=DeliverPolicy.BY_START_TIME, opt_start_time=start
            )
        }
    info = await js.stream_info(event_type.stream)
    last = info.state.last_seq
    sub = await js.subscribe(subject, ordered_consumer=True, **kwargs)
    stamp = str(time.time_ns())
    count = 0
    try:
        while True:
            try:
                msg = await sub.next_msg(timeout=2)
            except TimeoutError:
                break
            if msg.metadata.sequence.stream > last:
                break  # published after the replay began: our own copies among them
            original = event_type.model_validate_json(msg.data)
            if job_id is None or original.job_id == job_id:
                data, msg_id = replayed(msg.data, stamp)
                await js.publish(
                    subject, data, headers={"Nats-Msg-Id": msg_id}, stream=event_type.stream
                )
                count += 1
            if msg.metadata.sequence.stream >= last:
                break
    finally:
        await sub.unsubscribe()
        await nc.close()
    return count


def main() -> None:
    app(prog_name="jobintel")


if __name__ == "__main__":
    main()
    sys.exit(0)
