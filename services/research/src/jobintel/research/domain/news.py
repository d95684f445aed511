"""Recent news from a company's news or blog page: titles with dates and links."""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from jobintel.contracts import NewsItem

from .pages import PageKind, SitemapEntry, classify

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_ISO = re.compile(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b")
_MDY = re.compile(r"\b([A-Z][a-z]{2,8})\.? (\d{1,2}),? ((?:19|20)\d{2})\b")
_DMY = re.compile(r"\b(\d{1,2}) ([A-Z][a-z]{2,8})\.? ((?:19|20)\d{2})\b")


def find_date(text: str) -> date | None:
    """The first date written as ISO, `March 3, 2026` or `3 March 2026`."""
    if m := _ISO.search(text):
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _MDY.search(text):
        month = _MONTHS.get(m.group(1)[:3].lower())
        return _make(int(m.group(3)), month, int(m.group(2))) if month else None
    if m := _DMY.search(text):
        month = _MONTHS.get(m.group(2)[:3].lower())
        return _make(int(m.group(3)), month, int(m.group(1))) if month else None
    return None


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _node_date(node: LexborNode) -> date | None:
    for time in node.css("time"):
        stamp = time.attributes.get("datetime") or time.text()
        if stamp:
            try:
                return datetime.fromisoformat(stamp.strip()[:10]).date()
            except ValueError:
                if found := find_date(stamp):
                    return found
    return find_date(node.text(separator=" "))


def news_from_page(html: str, page_url: str, *, limit: int = 5) -> list[NewsItem]:
    """Items of a news/blog listing: each `article` (or list item) with a heading and a date."""
    tree = LexborHTMLParser(html)
    items: list[NewsItem] = []
    containers = tree.css("article") or tree.css("main li, li")
    for node in containers:
        heading = node.css_first("h1, h2, h3, h4, a")
        title = " ".join(heading.text(separator=" ").split()) if heading else ""
        when = _node_date(node)
        if not title or when is None or len(title) > 200:
            continue
        link = node.css_first("a[href]")
        href = link.attributes.get("href") if link else None
        summary_node = node.css_first("p")
        summary = " ".join(summary_node.text(separator=" ").split()) if summary_node else None
        items.append(
            NewsItem(
                title=title,
                date=when,
                source_url=urljoin(page_url, href) if href else page_url,
                summary=summary or None,
            )
        )
    return latest(items, limit)


def news_from_sitemap(entries: list[SitemapEntry], *, limit: int = 5) -> list[NewsItem]:
    """News pages listed in the sitemap with a `lastmod`, titled from their URL slug."""
    items: list[NewsItem] = []
    for entry in entries:
        if entry.lastmod is None or classify(entry.url) is not PageKind.NEWS:
            continue
        slug = entry.url.rstrip("/").rsplit("/", 1)[-1]
        if slug.lower() in ("news", "blog", "press", "newsroom"):
            continue
        title = re.sub(r"[-_]+", " ", slug).strip().capitalize()
        items.append(NewsItem(title=title, date=entry.lastmod, source_url=entry.url))
    return latest(items, limit)


def latest(items: list[NewsItem], limit: int) -> list[NewsItem]:
    seen: set[str] = set()
    unique = []
    for item in items:
        if item.source_url + item.title not in seen:
            seen.add(item.source_url + item.title)
            unique.append(item)
    unique.sort(key=lambda i: i.date or date.min, reverse=True)
    return unique[:limit]
