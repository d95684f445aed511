"""The one way jobintel fetches the web: safe against SSRF, bounded, polite, and retried.

Users hand the server URLs to fetch, so every outbound request goes through `Fetcher`:

- http and https only;
- the addresses a host name resolves to are checked when the connection is opened (in the
  transport's network backend), so neither a redirect nor DNS rebinding can reach a private,
  loopback, link-local, shared (100.64/10), cloud metadata, IPv4-mapped or NAT64 address;
  `Settings.fetch_allow_private_networks` lets private and loopback through (tests, local
  fixture servers), never the cloud metadata endpoints;
- redirects are followed by hand, each hop re-checked, at most `FetchLimits.max_redirects`;
  a hop to another origin drops the credentials (Authorization, Cookie, Proxy-Authorization)
  and the body, and 303 (or 301/302 after a POST) turns into a GET, as browsers do;
- bodies are streamed and cut at a byte cap, and every attempt has a time cap;
- timeouts, 429 and 5xx are retried with exponential backoff (honouring `Retry-After` up to a
  cap), at most `FetchLimits.per_host` requests run at once against one host;
- responses with an `ETag` or `Last-Modified` are cached, and later fetches are conditional, so
  an unchanged board costs a 304;
- failures raise `PermanentFetchError` or `TransientFetchError`, subclasses of the runtime's
  `PermanentError` / `TransientError`, with a message a person can act on.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

import anyio
import httpcore
import httpx
from protego import Protego
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
)

from jobintel.contracts import FailureKind

from .backoff import retry_delay
from .errors import PermanentError, PipelineError, TransientError
from .settings import Settings

ROBOTS_TTL_SECONDS = 24 * 3600.0  # RFC 9309: a robots.txt may be cached up to a day
ROBOTS_RETRY_SECONDS = 300.0  # an unreadable one blocks the site only this long

USER_AGENT = "jobintel/0.1 (+self-hosted job application pipeline)"

# Cloud metadata endpoints: refused even when private networks are allowed.
_METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254")
)
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
# Special-purpose ranges (IANA registries) that Python's `is_global` still calls global.
_NOT_PUBLIC = (
    (ipaddress.ip_network("fec0::/10"), "a deprecated site-local IPv6 address"),
    (ipaddress.ip_network("3fff::/20"), "a documentation address"),
    (ipaddress.ip_network("192.0.0.0/24"), "an IETF protocol assignment address"),
    (ipaddress.ip_network("192.88.99.0/24"), "a deprecated 6to4 relay anycast address"),
)
_RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524, 529})
_REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})


# ---------------------------------------------------------------- errors


class FetchError(PipelineError):
    """A fetch that did not give usable content; `url` is what was asked for."""

    def __init__(self, message: str, *, url: str, status: int | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.status = status


class PermanentFetchError(FetchError, PermanentError):
    """Asking again will not help: refused address, 404, too large, not http(s)."""

    def __init__(
        self,
        message: str,
        *,
        url: str,
        status: int | None = None,
        kind: FailureKind = FailureKind.INVALID_INPUT,
    ) -> None:
        super().__init__(message, url=url, status=status)
        self.kind = kind


class TransientFetchError(FetchError, TransientError):
    """May work later: timeouts, 429, 5xx, connection failures (after the fetcher's retries)."""

    def __init__(
        self,
        message: str,
        *,
        url: str,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, url=url, status=status)
        self.kind = FailureKind.EXHAUSTED
        self.retry_after = retry_after


class BlockedAddressError(PermanentFetchError):
    """The host resolves to an address the fetcher must not reach."""


# ---------------------------------------------------------------- address policy


def address_refusal(address: str, *, allow_private: bool) -> str | None:
    """Why `address` may not be connected to, or None when it may."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip in _METADATA:
        return "a cloud metadata endpoint"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return "an IPv4-mapped IPv6 address"
        if any(ip in net for net in _NAT64):
            return "a NAT64 IPv6 address"
        if ip.sixtofour is not None or ip.teredo is not None:
            return "a tunnelled (6to4/Teredo) IPv6 address"
    if ip.is_unspecified or ip.is_multicast or (ip.is_reserved and not ip.is_loopback):
        return "a reserved, multicast or unspecified address"
    for network, reason in _NOT_PUBLIC:
        if ip.version == network.version and ip in network:
            return reason
    if ip.is_global:
        return None
    if allow_private and (ip.is_private or ip.is_loopback or ip.is_link_local):
        return None
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if isinstance(ip, ipaddress.IPv4Address) and ip in ipaddress.ip_network("100.64.0.0/10"):
        return "a shared (carrier-grade NAT) address"
    if ip.is_private:
        return "a private network address"
    return "a reserved, multicast or unspecified address"


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves the host itself, checks every address, then connects to a checked IP.

    TLS still verifies and sends SNI for the original host name (httpcore takes it from the
    request's origin), so only the TCP connection is pinned to the address that was checked.
    """

    def __init__(self, allow_private: bool) -> None:
        self._allow_private = allow_private
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            with anyio.fail_after(timeout):
                infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise _ResolveError(host) from exc
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from exc
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        for address in addresses:
            reason = address_refusal(address, allow_private=self._allow_private)
            if reason is not None:
                raise _BlockedConnect(host, address, reason)
        last: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        raise last or httpcore.ConnectError(f"{host} has no address")

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await anyio.sleep(seconds)


class _BlockedConnect(Exception):
    def __init__(self, host: str, address: str, reason: str) -> None:
        super().__init__(f"{host} resolves to {address}, {reason}")
        self.host = host
        self.address = address
        self.reason = reason


class _ResolveError(Exception):
    def __init__(self, host: str) -> None:
        super().__init__(host)
        self.host = host


class _GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport with its connection pool swapped for one on the guarded backend."""

    def __init__(self, *, allow_private: bool, limits: httpx.Limits) -> None:
        super().__init__(trust_env=False, limits=limits)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_GuardedBackend(allow_private),
        )


# ---------------------------------------------------------------- cache


@dataclass(frozen=True, slots=True)
class CachedResponse:
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    etag: str | None = None
    last_modified: str | None = None


class FetchCache(Protocol):
    """Where validators and bodies of earlier responses are kept (per requested URL)."""

    async def get(self, url: str) -> CachedResponse | None: ...

    async def put(self, url: str, response: CachedResponse) -> None: ...


class MemoryFetchCache:
    """A bounded in-process cache, the default: least recently used entries go first."""

    def __init__(self, max_entries: int = 512, max_bytes: int = 64 * 1024 * 1024) -> None:
        self._entries: OrderedDict[str, CachedResponse] = OrderedDict()
        self._max_entries = max_entries
        self._max_bytes = max_bytes
        self._bytes = 0

    async def get(self, url: str) -> CachedResponse | None:
        entry = self._entries.get(url)
        if entry is not None:
            self._entries.move_to_end(url)
        return entry

    async def put(self, url: str, response: CachedResponse) -> None:
        if len(response.content) > self._max_bytes:
            return
        if (old := self._entries.pop(url, None)) is not None:
            self._bytes -= len(old.content)
        self._entries[url] = response
        self._bytes += len(response.content)
        while len(self._entries) > self._max_entries or self._bytes > self._max_bytes:
            _, evicted = self._entries.popitem(last=False)
            self._bytes -= len(evicted.content)


# ---------------------------------------------------------------- results and limits


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """Caps of one fetcher; the defaults suit job pages and board APIs."""

    max_bytes: int = 10 * 1024 * 1024
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 45.0  # one attempt, redirects included
    attempts: int = 3
    backoff_base: float = 0.5
    backoff_max: float = 8.0
    retry_after_max: float = 30.0
    max_redirects: int = 5
    per_host: int = 4
    max_connections: int = 32
    user_agent: str = USER_AGENT


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str
    final_url: str
    status: int
    headers: Mapping[str, str]
    content: bytes
    from_cache: bool = False
    encoding: str | None = None
    redirects: tuple[str, ...] = field(default=())

    @property
    def text(self) -> str:
        return self.content.decode(self.encoding or "utf-8", errors="replace")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """`Retry-After` as seconds from now (delta-seconds or an HTTP date), None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def check_url(url: str) -> httpx.URL:
    """Parse `url`, refusing anything that is not an absolute http(s) URL."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise PermanentFetchError(f"not a valid URL: {url!r} ({exc})", url=url) from exc
    if parsed.scheme not in ("http", "https"):
        raise PermanentFetchError(
            f"only http and https URLs can be fetched, not {parsed.scheme or 'a relative'!s}:"
            f" {url}",
            url=url,
        )
    if not parsed.host:
        raise PermanentFetchError(f"the URL has no host: {url}", url=url)
    if parsed.userinfo:
        raise PermanentFetchError(f"URLs with a user name or password are refused: {url}", url=url)
    return parsed


# ---------------------------------------------------------------- redirects

# Headers that carry credentials: never sent on to another origin (what browsers do).
_CREDENTIAL_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization"})


def redirected_method(status: int, method: str, json: Any) -> tuple[str, Any]:
    """The method and body to use after a redirect `status`, as browsers do.

    303 turns anything but HEAD into a body-less GET; 301 and 302 turn a POST into a GET
    (the historical behaviour every browser has); 307 and 308 keep both.
    """
    if (status == 303 and method != "HEAD") or (status in (301, 302) and method == "POST"):
        return "GET", None
    return method, json


def without_credentials(headers: Mapping[str, str]) -> dict[str, str]:
    """`headers` minus the ones that would hand a key or a session to another site."""
    return {k: v for k, v in headers.items() if k.lower() not in _CREDENTIAL_HEADERS}


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port


# ---------------------------------------------------------------- the fetcher


class Fetcher:
    """One fetcher per process (or per use case); use as `async with Fetcher(settings) as f`."""

    def __init__(
        self,
        settings: Settings,
        *,
        limits: FetchLimits | None = None,
        cache: FetchCache | None = None,
    ) -> None:
        self.limits = limits or FetchLimits()
        self.cache: FetchCache = cache if cache is not None else MemoryFetchCache()
        self._allow_private = settings.fetch_allow_private_networks
        self._client: httpx.AsyncClient | None = None
        self._hosts: dict[str, asyncio.Semaphore] = {}
        # origin → (rules or None when unreadable, monotonic time the verdict expires)
        self._robots: dict[str, tuple[Protego | None, float]] = {}
        self._clock = time.monotonic

    async def __aenter__(self) -> Fetcher:
        limits = httpx.Limits(
            max_connections=self.limits.max_connections, max_keepalive_connections=16
        )
        self._client = httpx.AsyncClient(
            transport=_GuardedTransport(allow_private=self._allow_private, limits=limits),
            follow_redirects=False,
            trust_env=False,
            timeout=httpx.Timeout(self.limits.read_timeout, connect=self.limits.connect_timeout),
            headers={"User-Agent": self.limits.user_agent},
        )
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def get(
        self,
        url: str,
        *,
        accept: str | None = None,
        max_bytes: int | None = None,
        headers: Mapping[str, str] | None = None,
        use_cache: bool = True,
    ) -> FetchResult:
        """GET `url` following checked redirects; raises `FetchError` unless the answer is 2xx."""
        return await self.request(
            "GET", url, accept=accept, max_bytes=max_bytes, headers=headers, use_cache=use_cache
        )

    async def request(
        self,
        method: str,
        url: str,
        *,
        accept: str | None = None,
        max_bytes: int | None = None,
        headers: Mapping[str, str] | None = None,
        json: Any = None,
        use_cache: bool = True,
    ) -> FetchResult:
        """Any method (POST for APIs such as FireCrawl); only GETs use the conditional cache."""
        check_url(url)
        request_headers = dict(headers or {})
        if accept:
            request_headers["Accept"] = accept
        cacheable = use_cache and method == "GET" and json is None
        cached = await self.cache.get(url) if cacheable else None
        if cached is not None:
            if cached.etag:
                request_headers["If-None-Match"] = cached.etag
            if cached.last_modified:
                request_headers["If-Modified-Since"] = cached.last_modified
        cap = max_bytes or self.limits.max_bytes

        async def attempt() -> FetchResult:
            return await self._attempt(method, url, request_headers, json, cap, cached)

        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.limits.attempts),
            retry=retry_if_exception_type(TransientFetchError),
            wait=self._wait,
            reraise=True,
        )
        result: FetchResult = await retrying(attempt)
        if cacheable and not result.from_cache:
            etag = result.headers.get("etag")
            last_modified = result.headers.get("last-modified")
            if etag or last_modified:
                await self.cache.put(
                    url,
                    CachedResponse(
                        final_url=result.final_url,
                        status=result.status,
                        headers=dict(result.headers),
                        content=result.content,
                        etag=etag,
                        last_modified=last_modified,
                    ),
                )
        return result

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, TransientFetchError) and exc.retry_after is not None:
            return min(exc.retry_after, self.limits.retry_after_max)
        return retry_delay(state.attempt_number, self.limits.backoff_base, self.limits.backoff_max)

    def _host_slot(self, host: str) -> asyncio.Semaphore:
        if host not in self._hosts:
            self._hosts[host] = asyncio.Semaphore(self.limits.per_host)
        return self._hosts[host]

    async def _attempt(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        json: Any,
        cap: int,
        cached: CachedResponse | None,
    ) -> FetchResult:
        try:
            async with asyncio.timeout(self.limits.total_timeout):
                return await self._follow(method, url, headers, json, cap, cached)
        except TimeoutError as exc:
            raise TransientFetchError(
                f"{url} did not answer within {self.limits.total_timeout:.0f}s; try again later",
                url=url,
            ) from exc

    async def _follow(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        json: Any,
        cap: int,
        cached: CachedResponse | None,
    ) -> FetchResult:
        assert self._client is not None, "use the fetcher inside `async with`"
        current = url
        hops: list[str] = []
        origin: tuple[str, str, int | None] | None = None
        for _ in range(self.limits.max_redirects + 1):
            target = check_url(current)
            if origin is not None and _origin(target) != origin:
                headers = without_credentials(headers)  # another site: no keys, no body
                json = None
            origin = _origin(target)
            async with self._host_slot(target.host):
                try:
                    async with self._client.stream(
                        method, target, headers=headers, json=json
                    ) as response:
                        if response.status_code in _REDIRECT_STATUS:
                            location = response.headers.get("location")
                            if not location:
                                raise PermanentFetchError(
                                    f"{current} redirects without saying where",
                                    url=url,
                                    status=response.status_code,
                                )
                            hops.append(current)
                            try:
                                current = urljoin(current, location)
                            except ValueError as exc:
                                raise PermanentFetchError(
                                    f"{current} redirects to {location!r}, not a valid URL",
                                    url=url,
                                    status=response.status_code,
                                ) from exc
                            method, json = redirected_method(response.status_code, method, json)
                            continue
                        if response.status_code == 304 and cached is not None:
                            return FetchResult(
                                url=url,
                                final_url=cached.final_url,
                                status=cached.status,
                                headers=cached.headers,
                                content=cached.content,
                                from_cache=True,
                                redirects=tuple(hops),
                            )
                        self._raise_for_status(url, current, response)
                        content = await self._read_capped(url, response, cap)
                        return FetchResult(
                            url=url,
                            final_url=str(response.url),
                            status=response.status_code,
                            headers={k.lower(): v for k, v in response.headers.items()},
                            content=content,
                            encoding=response.charset_encoding,
                            redirects=tuple(hops),
                        )
                except _BlockedConnect as exc:
                    via = f" (reached through a redirect from {url})" if hops else ""
                    raise BlockedAddressError(
                        f"refused to fetch {current}: {exc}{via}. Addresses inside private "
                        "networks are not fetched; set JOBINTEL_FETCH_ALLOW_PRIVATE_NETWORKS=true"
                        " only if this server should reach them.",
                        url=url,
                    ) from exc
                except _ResolveError as exc:
                    raise PermanentFetchError(
                        f"the host {exc.host} does not resolve: check the URL {current}", url=url
                    ) from exc
                except httpx.TimeoutException as exc:
                    raise TransientFetchError(
                        f"{current} timed out ({type(exc).__name__}); try again later", url=url
                    ) from exc
                except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError) as exc:
                    raise TransientFetchError(
                        f"could not connect to {target.host}: {exc or type(exc).__name__}",
                        url=url,
                    ) from exc
                except httpx.HTTPError as exc:
                    raise PermanentFetchError(
                        f"fetching {current} failed: {exc or type(exc).__name__}", url=url
                    ) from exc
        raise PermanentFetchError(
            f"{url} redirected more than {self.limits.max_redirects} times; last hop {current}",
            url=url,
        )

    @staticmethod
    def _raise_for_status(url: str, current: str, response: httpx.Response) -> None:
        status = response.status_code
        if 200 <= status < 300:
            return
        if status in _RETRY_STATUS:
            raise TransientFetchError(
                f"{current} answered {status} {response.reason_phrase}; try again later",
                url=url,
                status=status,
                retry_after=retry_after_seconds(response.headers.get("retry-after")),
            )
        hint = {
            401: "it needs a login, which jobintel does not do",
            403: "the site refuses automated access",
            404: "the page does not exist (check the URL, or the posting was taken down)",
            410: "the page was removed for good",
        }.get(status, "check the URL")
        raise PermanentFetchError(
            f"{current} answered {status} {response.reason_phrase}: {hint}",
            url=url,
            status=status,
            kind=FailureKind.UNSUPPORTED if status in (401, 403) else FailureKind.INVALID_INPUT,
        )

    @staticmethod
    async def _read_capped(url: str, response: httpx.Response, cap: int) -> bytes:
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise PermanentFetchError(
                f"{url} is {int(declared):,} bytes, over the {cap:,} byte limit",
                url=url,
                status=response.status_code,
            )
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > cap:
                raise PermanentFetchError(
                    f"{url} is larger than the {cap:,} byte limit; stopped reading",
                    url=url,
                    status=response.status_code,
                )
            chunks.append(chunk)
        return b"".join(chunks)

    # ------------------------------------------------------------ robots.txt

    async def allowed(self, url: str, user_agent: str | None = None) -> bool:
        """Whether robots.txt of `url`'s site lets `user_agent` fetch it (RFC 9309 rules).

        An absent robots.txt (4xx) allows everything; one that cannot be fetched (5xx,
        unreachable) disallows everything until it can be read: that verdict is asked again
        after a few minutes, a readable one after a day (RFC 9309 caching).
        """
        parts = urlsplit(str(check_url(url)))
        origin = f"{parts.scheme}://{parts.netloc}"
        cached = self._robots.get(origin)
        if cached is None or cached[1] <= self._clock():
            loaded = await self._load_robots(origin)
            ttl = ROBOTS_TTL_SECONDS if loaded is not None else ROBOTS_RETRY_SECONDS
            cached = self._robots[origin] = (loaded, self._clock() + ttl)
        rules = cached[0]
        if rules is None:
            return False
        return bool(rules.can_fetch(url, user_agent or self.limits.user_agent))

    async def _load_robots(self, origin: str) -> Protego | None:
        robots_url = f"{origin}/robots.txt"
        try:
            result = await self.get(robots_url, max_bytes=512 * 1024, accept="text/plain")
        except PermanentFetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                return Protego.parse("")
            return None
        except TransientFetchError:
            return None
        return Protego.parse(result.text)
