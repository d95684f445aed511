"""Company websites for research tests: small sites this suite owns, each on its own port.

Every request is counted per site, so a test can assert that the cache made none. Sites are
plain files under `sites/`, plus behaviours no file can express: a site that is down, one that
blocks automated clients, one that redirects to a cloud metadata address, and paths that fail
on demand. Files carry an `ETag` and answer a matching `If-None-Match` with 304, as real sites
do, and `BASE` in a file is the site's own address (other placeholders per site).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from jobintel.research.settings import ResearchSettings
from jobintel.runtime.settings import Settings

SITES = Path(__file__).parent / "sites"
METADATA_URL = "http://169.254.169.254/latest/meta-data/"


@dataclass
class Site:
    name: str
    requests: list[str] = field(default_factory=list)
    failing: set[str] = field(default_factory=set)  # paths answering 503 for now
    not_modified: list[str] = field(default_factory=list)  # paths answered 304
    substitutions: dict[str, str] = field(default_factory=dict)  # placeholder → text in files
    host: str = "127.0.0.1"
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            site.requests.append(path)
            if site.name == "initech" or path in site.failing:
                self._send(503 if path in site.failing else 500, b"down", "text/plain")
                return
            if site.name == "wonka":  # blocks automated clients
                self._send(403, b"no robots please", "text/plain")
                return
            if site.name == "umbrella" and path != "/robots.txt":
                self.send_response(302)
                self.send_header("Location", METADATA_URL)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            name = "index.html" if path == "/" else path.strip("/")
            root = SITES / site.name
            for candidate in (root / name, root / f"{name}.html"):
                if candidate.is_file() and root in candidate.resolve().parents:
                    body = candidate.read_bytes().replace(
                        b"BASE", f"http://{site.host}:{site.port}".encode()
                    )
                    for placeholder, text in site.substitutions.items():
                        body = body.replace(placeholder.encode(), text.encode())
                    kind = {".xml": "application/xml", ".txt": "text/plain"}.get(
                        candidate.suffix, "text/html; charset=utf-8"
                    )
                    etag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
                    if self.headers.get("If-None-Match") == etag:
                        site.not_modified.append(path)
                        self._send(304, b"", kind, etag)
                        return
                    self._send(200, body, kind, etag)
                    return
            self._send(404, b"not found", "text/plain")

        def _send(self, status: int, body: bytes, kind: str, etag: str | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            if etag:
                self.send_header("ETag", etag)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

    return Handler


class SiteFarm:
    def __init__(self) -> None:
        self.sites: dict[str, Site] = {}
        self._servers: list[tuple[ThreadingHTTPServer, threading.Thread]] = []

    def start(self, name: str, host: str = "127.0.0.1") -> Site:
        site = Site(name=name, host=host)
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
        server.daemon_threads = True
        site.port = server.server_address[1]
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        self._servers.append((server, thread))
        self.sites[name] = site
        return site

    def __getitem__(self, name: str) -> Site:
        return self.sites[name]

    def close(self) -> None:
        for server, thread in self._servers:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)


@pytest.fixture
def farm() -> Iterator[SiteFarm]:
    """Every fixture company's website, started fresh for one test."""
    sites = SiteFarm()
    for name in ("acme", "globex", "hooli", "initech", "umbrella", "wonka"):
        sites.start(name)
    try:
        yield sites
    finally:
        sites.close()


def fast_settings(settings: Settings, **overrides: object) -> ResearchSettings:
    """Research settings for tests: no pause between requests to one host."""
    values = {**settings.model_dump(), "research_min_interval_seconds": 0.0, **overrides}
    return ResearchSettings(**values)
