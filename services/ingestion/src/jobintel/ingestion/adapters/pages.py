"""Reading one job page: FireCrawl when a key is configured, else (or when it fails) directly.

FireCrawl's recovery rules: the fetcher retries timeouts, 429 and 5xx with backoff; if FireCrawl
still fails, the page is fetched directly; if both fail, the error names both reasons.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from jobintel.runtime.errors import PermanentError
from jobintel.runtime.fetch import (
    Fetcher,
    FetchError,
    PermanentFetchError,
    TransientFetchError,
    check_url,
)

from ..config import IngestionSettings

ACCEPT_PAGE = "text/html, application/xhtml+xml, application/ld+json;q=0.9, */*;q=0.5"


@dataclass(frozen=True, slots=True)
class Page:
    url: str
    final_url: str
    content: bytes
    content_type: str
    via: str  # "direct" or "firecrawl"
    notes: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


class FireCrawlError(Exception):
    pass


async def firecrawl(url: str, fetcher: Fetcher, settings: IngestionSettings) -> Page:
    assert settings.firecrawl_api_key is not None
    endpoint = settings.firecrawl_base_url.rstrip("/") + "/v2/scrape"
    result = await fetcher.request(
        "POST",
        endpoint,
        headers={"Authorization": f"Bearer {settings.firecrawl_api_key.get_secret_value()}"},
        json={"url": url, "formats": ["rawHtml"], "onlyMainContent": False},
        accept="application/json",
        max_bytes=fetcher.limits.max_bytes * 3,  # JSON-escaped HTML
        use_cache=False,
    )
    try:
        body = json.loads(result.content)
    except ValueError as exc:
        raise FireCrawlError("FireCrawl answered with something that is not JSON") from exc
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(body, dict) or not body.get("success") or not isinstance(data, dict):
        reason = body.get("error") if isinstance(body, dict) else None
        raise FireCrawlError(f"FireCrawl could not scrape the page: {reason or 'no data'}")
    page_html = data.get("rawHtml") or data.get("html")
    if not isinstance(page_html, str) or not page_html.strip():
        raise FireCrawlError("FireCrawl returned no HTML for the page")
    metadata = data.get("metadata") or {}
    final = metadata.get("sourceURL") or metadata.get("url") or url
    return Page(url, str(final), page_html.encode(), "text/html", "firecrawl")


async def direct(url: str, fetcher: Fetcher) -> Page:
    result = await fetcher.get(url, accept=ACCEPT_PAGE, use_cache=False)
    return Page(url, result.final_url, result.content, result.content_type, "direct")


async def fetch_page(url: str, fetcher: Fetcher, settings: IngestionSettings) -> Page:
    check_url(url)
    if settings.firecrawl_api_key is None:
        return await direct(url, fetcher)
    try:
        return await firecrawl(url, fetcher, settings)
    except (FetchError, FireCrawlError) as exc:
        firecrawl_reason = str(exc)
    try:
        page = await direct(url, fetcher)
    except TransientFetchError as exc:
        raise TransientFetchError(
            f"FireCrawl failed ({firecrawl_reason}) and so did a direct fetch ({exc})",
            url=url,
            status=exc.status,
        ) from exc
    except PermanentError as exc:
        raise PermanentFetchError(
            f"FireCrawl failed ({firecrawl_reason}) and so did a direct fetch ({exc})",
            url=url,
            status=getattr(exc, "status", None),
        ) from exc
    return Page(
        page.url,
        page.final_url,
        page.content,
        page.content_type,
        page.via,
        notes=(f"FireCrawl failed, fetched directly: {firecrawl_reason}",),
    )
