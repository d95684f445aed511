"""Source adapters: one interface, one per kind; each reads its source through the safe fetcher.

`base_url` replaces the provider's scheme and host (a proxy, or a local fixture server in tests);
the path stays the provider's documented one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import quote, urlsplit, urlunsplit

from jobintel.contracts import SourceKind, SourceSpec
from jobintel.runtime.errors import PermanentError, TransientError
from jobintel.runtime.fetch import Fetcher, FetchResult

from ..domain.boards import (
    BadPayload,
    Origin,
    Parsed,
    ashby,
    feed,
    greenhouse,
    lever,
    lever_error,
    load_json,
)
from ..domain.jobspy_rows import jobspy

PROVIDER_HOSTS = {
    SourceKind.GREENHOUSE: "https://boards-api.greenhouse.io",
    SourceKind.LEVER: "https://api.lever.co",
    SourceKind.ASHBY: "https://api.ashbyhq.com",
}
LEVER_PAGE = 100
MAX_PAGES = 50
JSON = "application/json"


@dataclass
class SourceRead:
    parsed: Parsed
    urls: list[str] = field(default_factory=list)
    unchanged: bool = False  # every request was answered 304 Not Modified


class SourceAdapter(Protocol):
    async def read(self, spec: SourceSpec, fetcher: Fetcher) -> SourceRead:
        """Every posting the source has now; `FetchError`/`BadPayload` if none can be read."""


def endpoint(spec: SourceSpec, path: str) -> str:
    base = (spec.base_url or PROVIDER_HOSTS[spec.kind]).rstrip("/")
    return f"{base}{path}"


def _rebase(url: str, base_url: str | None) -> str:
    if not base_url:
        return url
    target, base = urlsplit(url), urlsplit(base_url)
    prefix = base.path.rstrip("/")
    return urlunsplit((base.scheme, base.netloc, prefix + target.path, target.query, ""))


def _parse(url: str, parse: Callable[[], Parsed]) -> Parsed:
    """Run a parser, naming the URL in a `BadPayload` it raises."""
    try:
        return parse()
    except BadPayload as exc:
        exc.url = exc.url or url
        raise


def _origin(spec: SourceSpec) -> Origin:
    return Origin(source=spec.name, company=spec.company)


class Greenhouse:
    async def read(self, spec: SourceSpec, fetcher: Fetcher) -> SourceRead:
        board = quote(spec.board or "", safe="")
        jobs_url = endpoint(spec, f"/v1/boards/{board}/jobs?content=true")
        result = await fetcher.get(jobs_url, accept=JSON)
        name = spec.company or await self._board_name(spec, fetcher, board)
        parsed = _parse(
            jobs_url,
            lambda: greenhouse(load_json(result.content, jobs_url), _origin(spec), board_name=name),
        )
        return SourceRead(parsed, [jobs_url], unchanged=result.from_cache)

    @staticmethod
    async def _board_name(spec: SourceSpec, fetcher: Fetcher, board: str) -> str | None:
        """The company's name from the board itself; optional, so failures are ignored."""
        try:
            result = await fetcher.get(endpoint(spec, f"/v1/boards/{board}"), accept=JSON)
            data = load_json(result.content, "board")
        except Exception:  # an optional call: go on without the name, whatever went wrong
            return None
        name = data.get("name") if isinstance(data, dict) else None
        return name if isinstance(name, str) and name.strip() else None


class Lever:
    """Lever pages with `skip` and `limit`; stop at a short page or a page with nothing new."""

    async def read(self, spec: SourceSpec, fetcher: Fetcher) -> SourceRead:
        company = quote(spec.board or "", safe="")
        jobs: list[Any] = []
        seen: set[str] = set()
        urls: list[str] = []
        unchanged = True
        for page in range(MAX_PAGES):
            url = endpoint(
                spec,
                f"/v0/postings/{company}?mode=json&skip={page * LEVER_PAGE}&limit={LEVER_PAGE}",
            )
            result: FetchResult = await fetcher.get(url, accept=JSON)
            urls.append(url)
            unchanged = unchanged and result.from_cache
            data = load_json(result.content, url)
            if not isinstance(data, list):  # Lever's error object: raise with its message
                raise BadPayload(lever_error(data), url=url)
            fresh = [j for j in data if not (isinstance(j, dict) and str(j.get("id")) in seen)]
            seen.update(str(j.get("id")) for j in fresh if isinstance(j, dict))
            jobs.extend(fresh)
            if len(data) < LEVER_PAGE or not fresh:
                break
        return SourceRead(lever(jobs, _origin(spec)), urls, unchanged=unchanged)


class Ashby:
    async def read(self, spec: SourceSpec, fetcher: Fetcher) -> SourceRead:
        board = quote(spec.board or "", safe="")
        url = endpoint(spec, f"/posting-api/job-board/{board}?includeCompensation=true")
        result = await fetcher.get(url, accept=JSON)
        parsed = _parse(url, lambda: ashby(load_json(result.content, url), _origin(spec)))
        return SourceRead(parsed, [url], unchanged=result.from_cache)


class Feed:
    async def read(self, spec: SourceSpec, fetcher: Fetcher) -> SourceRead:
        url = _rebase(spec.url or "", spec.base_url)
        result = await fetcher.get(
            url,
            accept="application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
        )
        parsed = _parse(url, lambda: feed(result.content, _origin(spec), feed_url=url))
        return SourceRead(parsed, [url], unchanged=result.from_cache)


class JobSpy:
    """The optional `python-jobspy` extra; it does its own requests to the big boards."""

    async def read(self, spec: SourceSpec, fetcher: Fetcher) -> SourceRead:
        try:
            from jobspy import scrape_jobs  # type: ignore[import-not-found]
        except ImportError as exc:
            raise PermanentError(
                "the jobspy source needs the optional extra: "
                "uv sync --package jobintel-ingestion --extra jobspy"
            ) from exc
        try:
            frame = await asyncio.to_thread(scrape_jobs, **spec.options)
        except TypeError as exc:
            raise PermanentError(f"the jobspy options are not valid: {exc}") from exc
        except Exception as exc:  # the boards it scrapes fail in many ways; try again later
            raise TransientError(f"jobspy could not read the boards: {exc}") from exc
        rows: list[dict[str, Any]] = frame.to_dict("records")
        return SourceRead(jobspy(rows, _origin(spec)), [f"jobspy:{spec.options}"])


ADAPTERS: dict[SourceKind, SourceAdapter] = {
    SourceKind.GREENHOUSE: Greenhouse(),
    SourceKind.LEVER: Lever(),
    SourceKind.ASHBY: Ashby(),
    SourceKind.FEED: Feed(),
    SourceKind.JOBSPY: JobSpy(),
}
