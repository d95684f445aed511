"""The safe fetcher against real HTTP servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from jobintel.runtime.errors import PermanentError, TransientError
from jobintel.runtime.fetch import (
    ROBOTS_RETRY_SECONDS,
    ROBOTS_TTL_SECONDS,
    BlockedAddressError,
    Fetcher,
    FetchLimits,
    PermanentFetchError,
    TransientFetchError,
)
from jobintel.runtime.settings import Settings

pytestmark = pytest.mark.integration

FAST = FetchLimits(backoff_base=0.05, backoff_max=0.2, read_timeout=2.0, total_timeout=5.0)


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    length: bool = True  # send Content-Length (else the body ends when the connection closes)


Route = Callable[["Handler"], Reply]


class Handler(BaseHTTPRequestHandler):
    routes: dict[str, Route]
    hits: dict[str, int]
    seen_headers: list[dict[str, str]]
    seen_requests: list[tuple[str, str, bytes]]
    lock: threading.Lock
    active: list[int]

    def do_POST(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        size = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(size) if size else b""
        with self.lock:
            self.hits[path] = self.hits.get(path, 0) + 1
            self.seen_headers.append({k.lower(): v for k, v in self.headers.items()})
            self.seen_requests.append((self.command, path, body))
            self.active[0] += 1
            self.active[1] = max(self.active[1], self.active[0])
        try:
            route = self.routes.get(path)
            reply = route(self) if route else Reply(404, b"not here")
            if reply.delay:
                time.sleep(reply.delay)
            self.send_response(reply.status)
            for key, value in reply.headers.items():
                self.send_header(key, value)
            if reply.length:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            with self.lock:
                self.active[0] -= 1

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        return


@dataclass
class Site:
    base: str
    routes: dict[str, Route]
    hits: dict[str, int]
    seen_headers: list[dict[str, str]]
    active: list[int]
    seen_requests: list[tuple[str, str, bytes]]  # (method, path, body)

    def url(self, path: str) -> str:
        return self.base + path


@contextmanager
def serve() -> Iterator[Site]:
    routes: dict[str, Route] = {}
    hits: dict[str, int] = {}
    seen: list[dict[str, str]] = []
    requests: list[tuple[str, str, bytes]] = []
    active = [0, 0]
    handler = type(
        "H",
        (Handler,),
        {
            "routes": routes,
            "hits": hits,
            "seen_headers": seen,
            "seen_requests": requests,
            "lock": threading.Lock(),
            "active": active,
        },
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        yield Site(base, routes, hits, seen, active, requests)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as served:
        yield served


@pytest.fixture
def other_site() -> Iterator[Site]:
    """A second server: another port, so another origin."""
    with serve() as served:
        yield served


def open_settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, fetch_allow_private_networks=True)


def strict_settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, fetch_allow_private_networks=False)


async def test_fetches_a_page(site: Site, tmp_path: Path) -> None:
    page = "<h1>Engineer, café</h1>"
    site.routes["/job"] = lambda h: Reply(
        body=page.encode(), headers={"Content-Type": "text/html; charset=utf-8"}
    )
    async with Fetcher(open_settings(tmp_path), limits=FAST) as fetcher:
        result = await fetcher.get(site.url("/job"), accept="text/html")
    assert result.status == 200
    assert result.text == page
    assert result.content_type == "text/html"
    assert not result.from_cache
    assert site.seen_headers[0]["accept"] == "text/html"
    assert site.seen_headers[0]["user-agent"].startswith("jobintel/")


async def test_loopback_is_refused_by_default(site: Site, tmp_path: Path) -> None:
    site.routes["/job"] = lambda h: Reply(body=b"secret")
    async with Fetcher(strict_settings(tmp_path), limits=FAST) as fetcher:
        with pytest.raises(BlockedAddressError, match="loopback") as caught:
            await fetcher.get(site.url("/job"))
        # a host name is checked by what it resolves to, not by how it is spelled
        with pytest.raises(BlockedAddressError, match=r"localhost resolves to .*loopback"):
            await fetcher.get(site.url("/job").replace("127.0.0.1", "localhost"))
    assert isinstance(caught.value, PermanentError)
    assert "JOBINTEL_FETCH_ALLOW_PRIVATE_NETWORKS" in str(caught.value)
    assert site.hits == {}, "no request may reach a refused address"


async def test_redirect_to_metadata_address_is_refused(site: Site, tmp_path: Path) -> None:
    site.routes["/go"] = lambda h: Reply(
        302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    async with Fetcher(open_settings(tmp_path), limits=FAST) as fetcher:
        with pytest.raises(BlockedAddressError, match="cloud metadata") as caught:
            await fetcher.get(site.url("/go"))
    assert "redirect" in str(caught.value)
    assert site.hits == {"/go": 1}


async def test_redirect_to_another_scheme_is_refused(site: Site, tmp_path: Path) -> None:
    site.routes["/go"] = lambda h: Reply(302, headers={"Location": "file:///etc/passwd"})
    async with Fetcher(open_settings(tmp_path), limits=FAST) as fetcher:
        with pytest.raises(PermanentFetchError, match="only http and https"):
            await fetcher.get(site.url("/go"))


async def test_redirects_are_followed_and_capped(site: Site, tmp_path: Path) -> None:
    site.routes["/a"] = lambda h: Reply(301, headers={"Location": "/b"})
    site.routes["/b"] = lambda h: Reply(200, b"landed")
    site.routes["/loop"] = lambda h: Reply(302, headers={"Location": "/loop"})
    async with Fetcher(open_settings(tmp_path), limits=FAST) as fetcher:
        result = await fetcher.get(site.url("/a"))
        with pytest.raises(PermanentFetchError, match="redirected more than 5 times"):
            await fetcher.get(site.url("/loop"))
    assert result.content == b"landed"
    assert result.final_url == site.url("/b")
    assert result.redirects == (site.url("/a"),)
    assert site.hits["/loop"] == 6


async def test_size_cap_stops_reading(site: Site, tmp_path: Path) -> None:
    big = b"x" * 50_000
    site.routes["/declared"] = lambda h: Reply(body=big)
    site.routes["/streamed"] = lambda h: Reply(body=big, length=False)
    async with Fetcher(open_settings(tmp_path), limits=FAST) as fetcher:
        with pytest.raises(PermanentFetchError, match="over the 10,000 byte limit"):
            await fetcher.get(site.url("/declared"), max_bytes=10_000)
        with pytest.raises(PermanentFetchError, match="larger than the 10,000 byte limit"):
            await fetcher.get(site.url("/streamed"), max_bytes=10_000)
        small = await fetcher.get(site.url("/streamed"), max_bytes=60_000)
    assert small.content == big


async def test_503_is_retried_then_succeeds(site: Site, tmp_path: Path) -> None:
    site.routes["/flaky"] = lambda h: (
        Reply(503, b"busy") if h.hits["/flaky"] < 3 else Reply(200, b"ok")
    )
    async with Fetcher(open_settings(tmp_path), limits=FAST) as fetcher:
        result = await fetcher.get(site.url("/flaky"))
    assert result.content == b"ok"
    assert site.hits["/flaky"] == 3


async def test_429_retry_after_is_honoured(site: Site, tmp_path: Path) -> None:
    site.routes["/rate"] = lambda h: (
        Reply(429, headers={"Retry-After": "1"}) if h.hits["/rate"] == 1 else Reply(200, b"ok")
    )
    async with Fetcher(open_settings(tmp_path), limits=FAST) as fetcher:
        started = time.monotonic()
        result = await fetcher.get(site.url("/rate"))
        waited = time.monotonic() - started
    assert result.content == b"ok"
    assert waited >= 0.9, "the fetcher must wait as long as Retry-After asks"


async def test_persistent_5xx_gives_a_transient_error(site: Site, tmp_path: Path) -> None:
    site.routes["/down"] = lambda h: Reply(502, b"bad gateway")
    async with Fetcher(open_settings(tmp_path), limits=FAST) as fetcher:
        with pytest.raises(TransientFetchError, match="502") as caught:
            await fetcher.get(site.url("/down"))
    assert isinstance(caught.value, TransientError)
    assert caught.value.status == 502
    assert site.hits["/down"] == FAST.attempts


async def test_404_is_permanent_and_not_retried(site: Site, tmp_path: Path) -> None:
    async with Fetcher(open_settings(tmp_path), limits=FAST) as fetcher:
        with pytest.raises(PermanentFetchError, match="404") as caught:
            await fetcher.get(site.url("/gone"))
    assert caught.value.status == 404
    assert "does not exist" in str(caught.value)
    assert site.hits["/gone"] == 1


async def test_slow_server_times_out(site: Site, tmp_path: Path) -> None:
    site.routes["/slow"] = lambda h: Reply(200, b"late", delay=1.5)
    limits = FetchLimits(read_timeout=0.3, attempts=2, backoff_base=0.05)
    async with Fetcher(open_settings(tmp_path), limits=limits) as fetcher:
        with pytest.raises(TransientFetchError, match="timed out"):
            await fetcher.get(site.url("/slow"))
    assert site.hits["/slow"] == 2


async def test_unchanged_page_is_served_from_a_304(site: Site, tmp_path: Path) -> None:
    def board(h: BaseHTTPRequestHandler) -> Reply:
        if h.headers.get("If-None-Match") == '"v1"':
            return Reply(304)
        return Reply(200, b'{"jobs": []}', headers={"ETag": '"v1"'})

    site.routes["/board"] = board
    async with Fetcher(open_settings(tmp_path), limits=FAST) as fetcher:
        first = await fetcher.get(site.url("/board"))
        second = await fetcher.get(site.url("/board"))
    assert not first.from_cache
    assert second.from_cache
    assert second.content == b'{"jobs": []}'
    assert site.seen_headers[1]["if-none-match"] == '"v1"'


async def test_last_modified_is_sent_back(site: Site, tmp_path: Path) -> None:
    stamp = "Tue, 24 Nov 2026 06:00:00 GMT"

    def feed(h: BaseHTTPRequestHandler) -> Reply:
        if h.headers.get("If-Modified-Since") == stamp:
            return Reply(304)
        return Reply(200, b"<rss/>", headers={"Last-Modified": stamp})

    site.routes["/feed"] = feed
    async with Fetcher(open_settings(tmp_path), limits=FAST) as fetcher:
        await fetcher.get(site.url("/feed"))
        again = await fetcher.get(site.url("/feed"))
    assert again.from_cache
    assert again.content == b"<rss/>"


async def test_requests_to_one_host_are_limited(site: Site, tmp_path: Path) -> None:
    site.routes["/slowish"] = lambda h: Reply(200, b"ok", delay=0.3)
    limits = FetchLimits(per_host=2)
    async with Fetcher(open_settings(tmp_path), limits=limits) as fetcher:
        results = await asyncio.gather(*(fetcher.get(site.url("/slowish")) for _ in range(6)))
    assert all(r.content == b"ok" for r in results)
    assert site.active[1] == 2


async def test_robots_txt_is_respected(site: Site, tmp_path: Path) -> None:
    site.routes["/robots.txt"] = lambda h: Reply(
        200, b"User-agent: *\nDisallow: /private\n\nUser-agent: nosy\nDisallow: /\n"
    )
    async with Fetcher(open_settings(tmp_path), limits=FAST) as fetcher:
        assert await fetcher.allowed(site.url("/about"), "jobintel")
        assert not await fetcher.allowed(site.url("/private/team"), "jobintel")
        assert not await fetcher.allowed(site.url("/about"), "nosy")
    assert site.hits["/robots.txt"] == 1, "robots.txt is read once per site"


async def test_missing_robots_txt_allows_everything(site: Site, tmp_path: Path) -> None:
    async with Fetcher(open_settings(tmp_path), limits=FAST) as fetcher:
        assert await fetcher.allowed(site.url("/team"), "jobintel")


async def test_an_unreadable_robots_txt_blocks_only_for_a_while(site: Site, tmp_path: Path) -> None:
    down = [True]
    site.routes["/robots.txt"] = lambda h: (
        Reply(500, b"down") if down[0] else Reply(200, b"User-agent: *\nDisallow: /private\n")
    )
    now = [1000.0]
    async with Fetcher(open_settings(tmp_path), limits=FAST) as fetcher:
        fetcher._clock = lambda: now[0]
        assert not await fetcher.allowed(site.url("/about"), "jobintel")
        tries = site.hits["/robots.txt"]  # the fetcher's own retries of a 5xx included
        down[0] = False
        now[0] += 60  # within the retry delay: the verdict stands, no new request
        assert not await fetcher.allowed(site.url("/about"), "jobintel")
        assert site.hits["/robots.txt"] == tries
        now[0] += ROBOTS_RETRY_SECONDS
        assert await fetcher.allowed(site.url("/about"), "jobintel")
        assert not await fetcher.allowed(site.url("/private/x"), "jobintel")
        now[0] += ROBOTS_TTL_SECONDS - 1  # a readable robots.txt is kept for a day
        assert await fetcher.allowed(site.url("/about"), "jobintel")
    assert site.hits["/robots.txt"] == tries + 1


async def test_bad_urls_are_refused_with_a_reason(tmp_path: Path) -> None:
    async with Fetcher(open_settings(tmp_path), limits=FAST) as fetcher:
        with pytest.raises(PermanentFetchError, match="only http and https"):
            await fetcher.get("ftp://example.org/file")
        with pytest.raises(PermanentFetchError, match="user name or password"):
            await fetcher.get("http://user:pw@example.org/")
        with pytest.raises(PermanentFetchError, match="does not resolve"):
            await fetcher.get("http://no-such-host.invalid/job")


def redirect_to(url: str, status: int = 302) -> Route:
    return lambda h: Reply(status, headers={"Location": url})


async def test_credentials_and_body_stay_behind_on_a_redirect_to_another_origin(
    site: Site, other_site: Site, tmp_path: Path
) -> None:
    site.routes["/api"] = redirect_to(other_site.url("/landing"), 307)
    other_site.routes["/landing"] = lambda h: Reply(200, b"elsewhere")
    secret = {"Authorization": "Bearer sk-secret", "Cookie": "s=1", "X-Trace": "t1"}
    async with Fetcher(open_settings(tmp_path), limits=FAST) as fetcher:
        result = await fetcher.request(
            "POST", site.url("/api"), headers=secret, json={"key": "sk-secret"}
        )
    assert result.content == b"elsewhere"
    assert site.seen_headers[0]["authorization"] == "Bearer sk-secret"
    assert site.seen_requests[0][2] == b'{"key":"sk-secret"}'
    landed = other_site.seen_headers[0]
    assert "authorization" not in landed
    assert "cookie" not in landed
    assert landed["x-trace"] == "t1"  # harmless headers still go along
    assert other_site.seen_requests[0][2] == b""


async def test_same_origin_redirect_keeps_credentials(site: Site, tmp_path: Path) -> None:
    site.routes["/old"] = redirect_to(site.url("/new"), 308)
    site.routes["/new"] = lambda h: Reply(200, b"ok")
    async with Fetcher(open_settings(tmp_path), limits=FAST) as fetcher:
        await fetcher.get(site.url("/old"), headers={"Authorization": "Bearer k"})
    assert [h.get("authorization") for h in site.seen_headers] == ["Bearer k", "Bearer k"]


@pytest.mark.parametrize(
    ("status", "method_after"), [(301, "GET"), (302, "GET"), (303, "GET"), (307, "POST")]
)
async def test_post_redirects_change_method_as_browsers_do(
    site: Site, tmp_path: Path, status: int, method_after: str
) -> None:
    site.routes["/submit"] = redirect_to(site.url("/done"), status)
    site.routes["/done"] = lambda h: Reply(200, b"done")
    async with Fetcher(open_settings(tmp_path), limits=FAST) as fetcher:
        await fetcher.request("POST", site.url("/submit"), json={"a": 1})
    method, path, body = site.seen_requests[1]
    assert (method, path) == (method_after, "/done")
    assert body == (b'{"a":1}' if method_after == "POST" else b"")


async def test_a_redirect_to_a_broken_url_says_so(site: Site, tmp_path: Path) -> None:
    site.routes["/api"] = redirect_to("http://[not-a-host/x", 307)
    async with Fetcher(open_settings(tmp_path), limits=FAST) as fetcher:
        with pytest.raises(PermanentFetchError, match="not a valid URL"):
            await fetcher.request("POST", site.url("/api"), headers={"Authorization": "k"})
