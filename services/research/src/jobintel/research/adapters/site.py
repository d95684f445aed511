"""Reads a company's website politely through the runtime's one safe fetcher.

Whether a URL may be fetched is the fetcher's robots.txt verdict (`Fetcher.allowed`), the same
rule for every service; requests to one host are spaced by a minimum interval; nothing behind
a login is fetched (401/403 end the attempt); sitemaps are followed only on the company's own
site and only where robots.txt allows. Failures are collected as reasons a person can read,
never raised: research of a site that fails is partial, not lost.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urljoin, urlsplit

from protego import Protego

from jobintel.runtime.fetch import Fetcher, FetchError, TransientFetchError
from jobintel.runtime.web import normalise_url, same_site

from ..domain.pages import PageKind, SitemapEntry, choose_pages, links, sitemap
from ..domain.profile import PageContent, SiteVisit

HTML_TYPES = ("text/html", "application/xhtml+xml", "")
MAX_SITEMAPS = 4  # sitemap documents read per visit, children included
SITEMAP_BYTES = 2 * 1024 * 1024
ROBOTS_BYTES = 512 * 1024


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


class HostPacer:
    """Spaces the requests to each host by `interval` seconds (the per-domain rate limit)."""

    def __init__(
        self,
        interval: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._interval = interval
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def wait(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        lock = self._locks.setdefault(host, asyncio.Lock())
        async with lock:
            delay = self._next.get(host, 0.0) - self._clock()
            if delay > 0:
                await self._sleep(delay)
            self._next[host] = self._clock() + self._interval


class SiteReader:
    """One reader per process, over the process's fetcher (its caches and host limits) and pacer.

    A visit's findings live in the `SiteVisit` it returns, never in the reader.
    """

    def __init__(self, fetcher: Fetcher, pacer: HostPacer, *, max_pages: int) -> None:
        self._fetcher = fetcher
        self._pacer = pacer
        self._max_pages = max_pages
        self._robots_asked: set[str] = set()

    async def _allowed(self, url: str) -> bool:
        """The fetcher's robots.txt verdict; its first read of a site's robots.txt is paced."""
        origin = _origin(url)
        if origin not in self._robots_asked:
            self._robots_asked.add(origin)
            await self._pacer.wait(origin)
        return await self._fetcher.allowed(url)

    async def _robots_txt(self, origin: str) -> str:
        """robots.txt itself: for its `Sitemap:` lines, or to say why a site is closed to us."""
        await self._pacer.wait(origin)
        result = await self._fetcher.get(
            f"{origin}/robots.txt", accept="text/plain", max_bytes=ROBOTS_BYTES
        )
        return result.text

    async def _why_closed(self, url: str, visit: SiteVisit) -> None:
        """The homepage is not allowed: say whether robots.txt forbids it or cannot be read."""
        origin = _origin(url)
        try:
            await self._robots_txt(origin)
        except TransientFetchError as exc:
            visit.problems.append(f"{exc} (robots.txt could not be read, so nothing was fetched)")
            visit.retry_later.append(url)
        except FetchError as exc:
            visit.problems.append(f"{exc} (robots.txt could not be read, so nothing was fetched)")
        else:
            visit.problems.append(f"robots.txt of {origin} does not allow reading {url}")

    async def fetch(self, url: str, kind: PageKind, visit: SiteVisit) -> PageContent | None:
        if not await self._allowed(url):
            if kind is PageKind.HOME:
                await self._why_closed(url, visit)
            else:
                visit.skipped.append(f"{url} (disallowed by robots.txt)")
            return None
        try:
            await self._pacer.wait(url)
            result = await self._fetcher.get(url, accept="text/html,application/xhtml+xml")
        except TransientFetchError as exc:
            visit.problems.append(str(exc))
            visit.retry_later.append(url)
            return None
        except FetchError as exc:
            visit.problems.append(str(exc))
            return None
        if result.content_type not in HTML_TYPES:
            visit.problems.append(f"{url} is {result.content_type}, not a web page")
            return None
        return PageContent(url=normalise_url(result.final_url), kind=kind, html=result.text)

    async def visit(self, website: str) -> SiteVisit:
        """Homepage, sitemap.xml, then the about, team, news and careers pages they point to."""
        visit = SiteVisit()
        home = await self.fetch(website, PageKind.HOME, visit)
        if home is None:
            visit.reachable = False
            return visit
        visit.pages.append(home)
        visit.sitemap = await self._sitemap(home.url)
        chosen = choose_pages(
            home.url, links(home.html, home.url), visit.sitemap, limit=self._max_pages
        )
        visit.planned = chosen
        for url, kind in chosen.items():
            if page := await self.fetch(url, kind, visit):
                visit.pages.append(page)
        return visit

    async def read(self, urls: dict[str, PageKind]) -> SiteVisit:
        """Only the given pages (contact discovery on a cached profile)."""
        visit = SiteVisit()
        for url, kind in urls.items():
            if page := await self.fetch(url, kind, visit):
                visit.pages.append(page)
        visit.reachable = bool(visit.pages) or not visit.problems
        return visit

    async def _sitemap(self, home_url: str) -> list[SitemapEntry]:
        """Entries of the site's sitemaps: those robots.txt names, else `/sitemap.xml`.

        Only sitemaps on the company's own site (its registrable domain) are read, robots.txt
        permitting: a sitemap (or sitemap index) naming another host is not followed.
        """
        origin = _origin(home_url)
        listed: list[str]
        try:
            listed = list(Protego.parse(await self._robots_txt(origin)).sitemaps)
        except FetchError:
            listed = []  # the fetcher allowed the homepage, so robots.txt is simply absent
        queue = [urljoin(origin + "/", u) for u in listed] or [f"{origin}/sitemap.xml"]
        seen: set[str] = set()
        entries: list[SitemapEntry] = []
        while queue and len(seen) < MAX_SITEMAPS:
            url = queue.pop(0)
            if url in seen or not same_site(url, home_url) or not await self._allowed(url):
                continue
            seen.add(url)
            try:
                await self._pacer.wait(url)
                result = await self._fetcher.get(
                    url, accept="application/xml,text/xml", max_bytes=SITEMAP_BYTES
                )
            except FetchError:
                continue  # a sitemap is optional: links from the homepage will do
            found, children = sitemap(result.text)
            entries.extend(found)
            queue.extend(urljoin(url, child) for child in children)
        return entries[:500]
