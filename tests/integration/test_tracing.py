"""One trace follows a job across NATS hops: the context travels in the message headers."""

from __future__ import annotations

import uuid

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from jobintel.annotation.app import create_app as annotation_app
from jobintel.contracts import IngestPosting, JdStructured, subjects
from jobintel.ingestion.app import create_app as ingestion_app
from jobintel.runtime.settings import Settings
from jobintel.runtime.telemetry import configure_tracing
from jobintel.testkit.jetstream import collect, jetstream, publish, running

pytestmark = pytest.mark.integration

TEXT = "Data Engineer\n\nWe build pipelines.\n\nRequirements:\n- Python and SQL\n- dbt\n"


async def test_a_job_keeps_one_trace_from_ingestion_to_annotation(settings: Settings) -> None:
    configure_tracing("test", None)
    provider = trace.get_tracer_provider()
    assert isinstance(provider, TracerProvider)
    exporter = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    job_id = str(uuid.uuid4())
    try:
        async with (
            running(ingestion_app(settings)),
            running(annotation_app(settings)),
            jetstream(settings.nats_url) as (_, js),
        ):
            await publish(js, IngestPosting(job_id=job_id, producer="test", text=TEXT))
            await collect(js, subjects.JD_STRUCTURED, JdStructured, until=lambda e: len(e) >= 1)
    finally:
        exporter.shutdown()
    traces: dict[str, set[int]] = {}
    for span in exporter.get_finished_spans():
        if span.context is not None:
            traces.setdefault(span.name, set()).add(span.context.trace_id)
    hops = [
        f"{subjects.CMD_INGEST_POSTING} process",  # ingestion handles the command
        f"{subjects.JOB_INGESTED} publish",  # and announces the job
        f"{subjects.JOB_INGESTED} process",  # annotation picks it up
        f"{subjects.JD_STRUCTURED} publish",  # and publishes the structured JD
    ]
    missing = [hop for hop in hops if hop not in traces]
    assert not missing, f"no span for {missing}; spans: {sorted(traces)}"
    shared = set.intersection(*(traces[hop] for hop in hops))
    assert len(shared) == 1, {hop: traces[hop] for hop in hops}
