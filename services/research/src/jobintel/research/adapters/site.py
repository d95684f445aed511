"""Reads a company's website politely through the runtime's one safe fetcher.

robots.txt is read first and obeyed; requests to one host are spaced by a minimum interval;
nothing behind a login is fetched (401/403 end the attempt). Failures are collected as
reasons a person can read, never raised: research of a site that fails is partial, not lost.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urljoin, urlsplit

from protego import Protego

from jobintel.runtime.fetch import (
    USER_AGENT,
    Fetcher,
    FetchError,
    PermanentFetchError,
    TransientFetchError,
)

from ..domain.pages import PageKind, SitemapEntry, choose_pages, links, normalise_url, sitemap
from ..domain.profile import PageContent, SiteVisit

HTML_TYPES = ("text/html", "application/xhtml+xml", "")


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
    """One reader per research job; shares the process's fetcher and pacer."""

    def __init__(self, fetcher: Fetcher, pacer: HostPacer, *, max_pages: int) -> None:
        self._fetcher = fetcher
        self._pacer = pacer
        self._max_pages = max_pages
        self._robots: dict[str, Protego | None] = {}

    async def _robots_for(self, url: str, visit: SiteVisit) -> Protego | None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin in self._robots:
            return self._robots[origin]
        rules: Protego | None
        try:
            await self._pacer.wait(origin)
            result = await self._fetcher.get(f"{origin}/robots.txt", accept="text/plain",
                                             max_bytes=512 * 1024)
            rules = Protego.parse(result.text)
        except PermanentFetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                rules = Protego.parse("")  # no robots.txt: everything is allowed
            else:
                visit.problems.append(str(exc))
                visit.reachable = False
                rules = None
        except TransientFetchError as exc:
            visit.problems.append(f"{exc} (robots.txt could not be read, so nothing was fetched)")
            visit.retry_later.append(url)
            visit.reachable = False
            rules = None
        self._robots[origin] = rules
        return rules

    async def fetch(self, url: str, kind: PageKind, visit: SiteVisit) -> PageContent | None:
        rules = await self._robots_for(url, visit)
        if rules is None:
            return None
        if not rules.can_fetch(url, USER_AGENT):
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
        visit.sitemap = await self._sitemap(home.url, visit)
        chosen = choose_pages(home.url, links(home.html, home.url), visit.sitemap,
                              limit=self._max_pages)
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

    async def _sitemap(self, home_url: str, visit: SiteVisit) -> list[SitemapEntry]:
        parts = urlsplit(home_url)
        origin = f"{parts.scheme}://{parts.netloc}"
        rules = self._robots.get(origin)
        candidates = ([urljoin(origin + "/", u) for u in rules.sitemaps]
                      if rules is not None else [])
        candidates = candidates or [f"{origin}/sitemap.xml"]
        entries: list[SitemapEntry] = []
        for url in candidates[:2]:
            try:
                await self._pacer.wait(url)
                result = await self._fetcher.get(url, accept="application/xml,text/xml",
                                                 max_bytes=2 * 1024 * 1024)
            except FetchError:
                continue  # a sitemap is optional: links from the homepage will do
            found, children = sitemap(result.text)
            entries.extend(found)
            for child in children[:2]:
                try:
                    await self._pacer.wait(child)
                    sub = await self._fetcher.get(child, max_bytes=2 * 1024 * 1024)
                except FetchError:
                    continue
                entries.extend(sitemap(sub.text)[0])
        return entries[:500]
