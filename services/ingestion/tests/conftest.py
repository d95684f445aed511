"""A local fixture HTTP server that plays job boards, job pages and FireCrawl in tests."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


Route = Callable[[Request], Reply]


class FixtureSite:
    """Routes by path; every request is recorded so tests can check what was asked."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self.lock = threading.Lock()
        self.base = ""

    def url(self, path: str) -> str:
        return self.base + path

    def file(
        self, path: str, fixture: str, content_type: str = "application/json", status: int = 200
    ) -> None:
        body = (FIXTURES / fixture).read_bytes()
        self.routes[path] = lambda _: Reply(status, body, content_type)

    def json(self, path: str, data: Any, status: int = 200) -> None:
        body = json.dumps(data).encode()
        self.routes[path] = lambda _: Reply(status, body)

    @staticmethod
    def reply(
        status: int = 200,
        body: bytes = b"",
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> Reply:
        return Reply(status, body, content_type, headers or {})

    def hits(self, path: str) -> int:
        return sum(1 for r in self.requests if r.path == path)


def _handler(site: FixtureSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            request = Request(
                method=self.command,
                path=parts.path,
                query={k: v[0] for k, v in parse_qs(parts.query).items()},
                headers={k.lower(): v for k, v in self.headers.items()},
                body=self.rfile.read(length) if length else b"",
            )
            with site.lock:
                site.requests.append(request)
            route = site.routes.get(parts.path)
            reply = route(request) if route else Reply(404, b'{"error": "not found"}')
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            for key, value in reply.headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(reply.body)

        do_GET = _serve
        do_POST = _serve

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


@pytest.fixture
def site() -> Iterator[FixtureSite]:
    fixture_site = FixtureSite()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fixture_site))
    server.daemon_threads = True
    fixture_site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fixture_site
    finally:
        server.shutdown()
        server.server_close()
