"""Ingestion of a 1,000-posting Greenhouse board: postings per second and peak memory.

The board is served by a local HTTP server; the ingestion service runs on a real nats-server
and publishes one `job.ingested` (plus its progress) per posting, storing each in SQLite.
"""

from __future__ import annotations

import asyncio
import json
import resource
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from jobintel.contracts import DefineSource, IngestRun, IngestRunFinished, SourceSpec, subjects
from jobintel.ingestion.app import create_app
from jobintel.ingestion.domain.boards import Origin, greenhouse
from jobintel.runtime.settings import Settings
from jobintel.testkit.jetstream import collect, jetstream, publish, running

POSTINGS = 1_000


def board(count: int) -> dict[str, Any]:
    jobs = []
    for i in range(count):
        content = (
            f"&lt;h3&gt;About the role&lt;/h3&gt;&lt;p&gt;Role {i}: you will run part {i} of our "
            "logistics platform and work with planners every day.&lt;/p&gt;"
            "&lt;h3&gt;Requirements&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;Python and SQL&lt;/li&gt;"
            "&lt;li&gt;Three years of backend work&lt;/li&gt;&lt;/ul&gt;"
        )
        jobs.append(
            {
                "id": 900_000 + i,
                "title": f"Software Engineer {i}",
                "absolute_url": f"https://jobs.example.test/bench/{i}",
                "location": {"name": ["Berlin", "Lisbon", "Remote"][i % 3]},
                "company_name": "Benchmark Freight",
                "updated_at": "2026-11-01T10:00:00Z",
                "content": content,
            }
        )
    return {"jobs": jobs, "meta": {"total": count}}


@pytest.fixture(scope="module")
def payload() -> bytes:
    return json.dumps(board(POSTINGS)).encode()


@pytest.fixture
def board_url(payload: bytes) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            found = self.path.startswith("/v1/boards/bench/jobs")
            body = payload if found else b"{}"
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


async def _ingest(settings: Settings, base_url: str) -> dict[str, Any]:
    spec = SourceSpec(name="bench", kind="greenhouse", board="bench", base_url=base_url)
    async with running(create_app(settings)), jetstream(settings.nats_url) as (_, js):
        await publish(js, DefineSource(producer="bench", source=spec))
        await asyncio.sleep(0.3)
        run_id = str(uuid.uuid4())
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        await publish(js, IngestRun(producer="bench", source="bench", run_id=run_id))
        [finished] = await collect(
            js,
            subjects.INGEST_RUN_FINISHED,
            IngestRunFinished,
            until=lambda e: len(e) >= 1,
            timeout=600,
        )
        rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    run = finished.run
    return {
        "postings": run.new,
        "seconds": run.duration_seconds,
        "postings_per_second": run.new / run.duration_seconds,
        "peak_rss_mib": rss_peak / 1024,  # ru_maxrss is in KiB on Linux
        "rss_growth_mib": (rss_peak - rss_before) / 1024,
    }


@pytest.mark.integration
def test_ingest_a_board_of_1000_postings(
    benchmark: Any, settings: Settings, board_url: str
) -> None:
    result = benchmark.pedantic(
        lambda: asyncio.run(_ingest(settings, board_url)), rounds=1, iterations=1
    )
    benchmark.extra_info.update(result)
    print(
        f"\ningestion: {result['postings']} postings in {result['seconds']:.1f}s = "
        f"{result['postings_per_second']:.0f} postings/s; peak RSS {result['peak_rss_mib']:.0f} MiB"
        f" (+{result['rss_growth_mib']:.0f} MiB during the run; service and test in one process)"
    )
    assert result["postings"] == POSTINGS


@pytest.mark.unit
def test_parse_a_board_of_1000_postings(benchmark: Any, payload: bytes) -> None:
    """Parsing and normalising alone (no NATS, no store): the CPU cost per board."""
    data = json.loads(payload)
    parsed = benchmark(greenhouse, data, Origin("bench"))
    assert len(parsed.postings) == POSTINGS
