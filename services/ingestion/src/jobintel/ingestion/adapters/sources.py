"""Source adapters: one interface, one per kind; each reads its source through the safe fetcher.

`base_url` replaces the provider's scheme and host (a proxy, or a local fixture server in tests);
the path stays the provider's documented one. `ADAPTERS` at the end is the one registry of
kinds; each kind's payloads are parsed by its module in `domain/` (`boards` for Greenhouse,
Lever, Ashby and feeds; `workday`, `smartrecruiters`, `workable`, `recruitee`, `personio`).

Paged APIs stop at a page cap with an error that says so; a page after the first that fails
keeps what came before. Every GET is conditional (the fetcher's ETag/Last-Modified cache); the
Workday list is a POST, so only its detail requests can be answered 304.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from jobintel.contracts import SourceKind, SourceSpec
from jobintel.runtime.errors import PermanentError, TransientError
from jobintel.runtime.fetch import Fetcher, FetchError, FetchResult

from ..domain import personio, recruitee, smartrecruiters, workable, workday
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
    SourceKind.SMARTRECRUITERS: "https://api.smartrecruiters.com",
    SourceKind.WORKABLE: "https://apply.workable.com",
}
LEVER_PAGE = 100
MAX_PAGES = 50
WORKDAY_MAX_PAGES = 50  # 20 a page: 1,000 postings, each one detail request
SMARTRECRUITERS_MAX_PAGES = 20  # 100 a page: 2,000 postings, each one detail request
DETAIL_CONCURRENCY = 4  # detail requests in flight at once (the fetcher also caps per host)
JSON = "application/json"


@dataclass
class SourceRead:
    parsed: Parsed
    urls: list[str] = field(default_factory=list)
    unchanged: bool = False  # every request was answered 304 Not Modified


class SourceAdapter(Protocol):
    async def read(self, spec: SourceSpec, fetcher: Fetcher) -> SourceRead:
        """Every posting the source has now; `FetchError`/`BadPayload` if none can be read."""


def endpoint(spec: SourceSpec, path: str, *, host: str | None = None) -> str:
    """`path` on the provider's `host` (its fixed API host unless given), or on `base_url`."""
    base = (spec.base_url or host or PROVIDER_HOSTS[spec.kind]).rstrip("/")
    return f"{base}{path}"


def _rebase(url: str, base_url: str | None) -> str:
    if not base_url:
        return url
    target, base = urlsplit(url), urlsplit(base_url)
    prefix = base.path.rstrip("/")
    return urlunsplit((base.scheme, base.netloc, prefix + target.path, target.query, ""))


T = TypeVar("T")


def _parse(url: str, parse: Callable[[], T]) -> T:
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


# ---------------------------------------------------------------- paged APIs with detail requests


@dataclass
class _Pages:
    items: list[Any] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    errors: list[tuple[str | None, str]] = field(default_factory=list)
    unchanged: bool = True


PageReader = Callable[[int], Awaitable[tuple[list[Any], int | None, FetchResult]]]


async def _offset_pages(
    url: str, read_page: PageReader, *, size: int, max_pages: int, key: str
) -> _Pages:
    """Every page of an offset-paged list, stopping at the declared total, a short page or a
    page with nothing new. A page after the first that cannot be read ends the listing with an
    error and keeps what came before; the page cap ends it with an error that says so.
    """
    pages = _Pages()
    seen: set[str] = set()
    total: int | None = None
    for number in range(max_pages):
        offset = number * size
        try:
            batch, declared, result = await read_page(offset)
        except (FetchError, BadPayload) as exc:
            if number == 0:
                raise
            pages.errors.append((url, f"stopped reading at offset {offset}: {exc}"))
            return pages
        pages.urls.append(result.url)
        pages.unchanged = pages.unchanged and result.from_cache
        if total is None and declared:  # only the first page says it on some APIs
            total = declared
        fresh = [i for i in batch if not (isinstance(i, dict) and str(i.get(key)) in seen)]
        seen.update(str(i.get(key)) for i in fresh if isinstance(i, dict))
        pages.items.extend(fresh)
        if not fresh or len(batch) < size or (total is not None and offset + len(batch) >= total):
            return pages
    pages.errors.append(
        (
            url,
            f"stopped after {max_pages} pages ({len(pages.items)} of "
            f"{total if total is not None else 'more'} postings); narrow the source with its "
            "options to read the rest",
        )
    )
    return pages


async def _details(
    items: list[dict[str, Any]], url_of: Callable[[dict[str, Any]], str], fetcher: Fetcher
) -> tuple[list[tuple[dict[str, Any], Any]], list[tuple[str | None, str]], bool]:
    """Each list entry with its detail answer; an entry whose detail fails is an error.

    Also says whether every detail was answered 304 Not Modified.
    """
    slots = asyncio.Semaphore(DETAIL_CONCURRENCY)

    async def one(item: dict[str, Any]) -> tuple[Any, str | None, bool]:
        url = url_of(item)
        async with slots:
            try:
                result = await fetcher.get(url, accept=JSON)
                return load_json(result.content, url), None, result.from_cache
            except (FetchError, BadPayload) as exc:
                return None, str(exc), False

    answers = await asyncio.gather(*(one(i) for i in items))
    read: list[tuple[dict[str, Any], Any]] = []
    errors: list[tuple[str | None, str]] = []
    for item, (detail, problem, _) in zip(items, answers, strict=True):
        if problem is None:
            read.append((item, detail))
        else:
            errors.append((url_of(item), f"skipped a posting, its details did not load: {problem}"))
    return read, errors, all(cached for _, _, cached in answers)


def _options_error(spec: SourceSpec, exc: ValueError) -> PermanentError:
    return PermanentError(f"the {spec.kind} source '{spec.name}' is not usable: {exc}")


_SUBDOMAIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


def _subdomain(spec: SourceSpec) -> str:
    """The board of a kind whose host is the company's subdomain (Recruitee, Personio)."""
    board = (spec.board or "").strip()
    if not _SUBDOMAIN.fullmatch(board):
        raise _options_error(
            spec,
            ValueError(
                f"its board is the company's subdomain (letters, digits and -), not {board!r}"
            ),
        )
    return board.lower()


class Workday:
    """POST the CXS jobs list 20 at a time, then GET each posting's details."""

    async def read(self, spec: SourceSpec, fetcher: Fetcher) -> SourceRead:
        try:
            site = workday.workday_site(spec.url or "")
            workday.page_request(0, spec.options)
        except ValueError as exc:
            raise _options_error(spec, exc) from exc
        jobs_url = endpoint(spec, site.jobs_path, host=site.origin)

        async def read_page(offset: int) -> tuple[list[Any], int | None, FetchResult]:
            body = workday.page_request(offset, spec.options)
            result = await fetcher.request("POST", jobs_url, accept=JSON, json=body)
            batch, total = _parse(
                jobs_url, lambda: workday.listing(load_json(result.content, jobs_url))
            )
            return batch, total, result

        pages = await _offset_pages(
            jobs_url,
            read_page,
            size=workday.PAGE_SIZE,
            max_pages=WORKDAY_MAX_PAGES,
            key="externalPath",
        )
        listed = [i for i in pages.items if isinstance(i, dict) and i.get("externalPath")]
        missing = len(pages.items) - len(listed)

        def detail_url(item: dict[str, Any]) -> str:
            path = site.detail_path(str(item["externalPath"]))
            return endpoint(spec, path, host=site.origin)

        read, errors, _ = await _details(listed, detail_url, fetcher)
        parsed = workday.workday(
            read, origin=_origin(spec), site=site, today=datetime.now(UTC).date()
        )
        parsed.errors[:0] = pages.errors + errors
        parsed.errors += [(jobs_url, "skipped a posting without 'externalPath'")] * missing
        return SourceRead(parsed, pages.urls, unchanged=False)  # the list is a POST: never a 304


class SmartRecruiters:
    """GET the postings 100 at a time, then each posting's job ad."""

    async def read(self, spec: SourceSpec, fetcher: Fetcher) -> SourceRead:
        company = spec.board or ""
        base = f"/v1/companies/{quote(company, safe='')}/postings"
        query = {
            k: spec.options[o]
            for o, k in (("query", "q"), ("country", "country"))
            if spec.options.get(o)
        }
        list_url = endpoint(spec, base)

        async def read_page(offset: int) -> tuple[list[Any], int | None, FetchResult]:
            params = urlencode({**query, "limit": smartrecruiters.PAGE_SIZE, "offset": offset})
            url = f"{list_url}?{params}"
            result = await fetcher.get(url, accept=JSON)
            batch, total = _parse(url, lambda: smartrecruiters.page(load_json(result.content, url)))
            return batch, total, result

        pages = await _offset_pages(
            list_url,
            read_page,
            size=smartrecruiters.PAGE_SIZE,
            max_pages=SMARTRECRUITERS_MAX_PAGES,
            key="id",
        )
        listed = [i for i in pages.items if isinstance(i, dict) and i.get("id")]
        missing = len(pages.items) - len(listed)

        def detail_url(item: dict[str, Any]) -> str:
            return endpoint(spec, f"{base}/{quote(str(item['id']), safe='')}")

        read, errors, cached = await _details(listed, detail_url, fetcher)
        parsed = smartrecruiters.smartrecruiters(read, origin=_origin(spec), company_id=company)
        parsed.errors[:0] = pages.errors + errors
        parsed.errors += [(list_url, "skipped a posting without 'id'")] * missing
        return SourceRead(parsed, pages.urls, unchanged=pages.unchanged and cached)


# ---------------------------------------------------------------- whole boards in one answer


class Workable:
    async def read(self, spec: SourceSpec, fetcher: Fetcher) -> SourceRead:
        account = spec.board or ""
        url = endpoint(spec, f"/api/v1/widget/accounts/{quote(account, safe='')}?details=true")
        result = await fetcher.get(url, accept=JSON)
        parsed = _parse(
            url,
            lambda: workable.workable(
                load_json(result.content, url), _origin(spec), account=account
            ),
        )
        return SourceRead(parsed, [url], unchanged=result.from_cache)


class Recruitee:
    async def read(self, spec: SourceSpec, fetcher: Fetcher) -> SourceRead:
        host = f"https://{_subdomain(spec)}.recruitee.com"
        url = endpoint(spec, "/api/offers/", host=host)
        result = await fetcher.get(url, accept=JSON)
        parsed = _parse(
            url, lambda: recruitee.recruitee(load_json(result.content, url), _origin(spec))
        )
        return SourceRead(parsed, [url], unchanged=result.from_cache)


class Personio:
    async def read(self, spec: SourceSpec, fetcher: Fetcher) -> SourceRead:
        tld = spec.options.get("tld", "de")
        language = spec.options.get("language")
        if tld not in ("de", "com"):
            raise _options_error(spec, ValueError('options.tld must be "de" or "com"'))
        if language is not None and not (isinstance(language, str) and language.isalpha()):
            raise _options_error(spec, ValueError('options.language must be a code such as "en"'))
        host = f"{_subdomain(spec)}.jobs.personio.{tld}"
        url = endpoint(
            spec, f"/xml{f'?language={language}' if language else ''}", host=f"https://{host}"
        )
        result = await fetcher.get(url, accept="application/xml, text/xml;q=0.9, */*;q=0.5")
        parsed = _parse(
            url,
            lambda: personio.personio(result.content, _origin(spec), host=host, language=language),
        )
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
    SourceKind.WORKDAY: Workday(),
    SourceKind.SMARTRECRUITERS: SmartRecruiters(),
    SourceKind.WORKABLE: Workable(),
    SourceKind.RECRUITEE: Recruitee(),
    SourceKind.PERSONIO: Personio(),
    SourceKind.FEED: Feed(),
    SourceKind.JOBSPY: JobSpy(),
}
