"""Reading a company's pages: links, sitemap entries, main text. Pure, no I/O.

URL normalisation, same-site checks and JSON-LD are the runtime's (`jobintel.runtime.web`);
they are re-exported here for the modules that read pages.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from urllib.parse import urljoin, urlsplit

import trafilatura
from selectolax.lexbor import LexborHTMLParser

from jobintel.runtime.web import json_ld, normalise_url, same_site

__all__ = [
    "Link",
    "PageKind",
    "SitemapEntry",
    "choose_pages",
    "classify",
    "json_ld",
    "links",
    "main_text",
    "meta_description",
    "normalise_url",
    "same_site",
    "sitemap",
    "title",
]


class PageKind(StrEnum):
    HOME = "home"
    ABOUT = "about"
    TEAM = "team"
    CAREERS = "careers"
    NEWS = "news"
    OTHER = "other"


# Path words and link texts that say what a page is; the first kind that matches wins.
_KIND_WORDS: tuple[tuple[PageKind, tuple[str, ...]], ...] = (
    (
        PageKind.TEAM,
        (
            "team",
            "leadership",
            "people",
            "founders",
            "management",
            "who-we-are",
            "our-team",
            "meet",
        ),
    ),
    (PageKind.NEWS, ("news", "blog", "press", "newsroom", "updates", "announcements", "stories")),
    (PageKind.CAREERS, ("careers", "jobs", "join", "work-with-us", "hiring")),
    (PageKind.ABOUT, ("about", "company", "mission", "values", "story", "culture")),
)
_SKIP_EXT = re.compile(r"\.(pdf|jpe?g|png|gif|svg|webp|zip|mp4|mp3|css|js|xml|ico)$", re.I)


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    text: str


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    url: str
    lastmod: date | None


def parse(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(html)


def links(html: str, base_url: str) -> list[Link]:
    """Links of a page to other pages of the same site, first occurrence of each URL."""
    tree = parse(html)
    found: dict[str, Link] = {}
    for node in tree.css("a[href]"):
        href = (node.attributes.get("href") or "").strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        url = normalise_url(urljoin(base_url, href))
        if urlsplit(url).scheme not in ("http", "https") or _SKIP_EXT.search(urlsplit(url).path):
            continue
        if not same_site(url, base_url) or url in found:
            continue
        found[url] = Link(url, " ".join(node.text(separator=" ").split()))
    return list(found.values())


def classify(url: str, text: str = "") -> PageKind:
    path = urlsplit(url).path.lower().strip("/")
    if not path:
        return PageKind.HOME
    words = f"{path.replace('_', '-')} {text.lower()}"
    for kind, keys in _KIND_WORDS:
        if any(re.search(rf"(^|[/\- ]){re.escape(k)}($|[/\- s])", words) for k in keys):
            return kind
    return PageKind.OTHER


_SITEMAP_URL = re.compile(r"<url>(.*?)</url>", re.S | re.I)
_LOC = re.compile(r"<loc>\s*(.*?)\s*</loc>", re.S | re.I)
_LASTMOD = re.compile(r"<lastmod>\s*(\d{4}-\d{2}-\d{2})", re.I)
_SITEMAP_CHILD = re.compile(r"<sitemap>.*?<loc>\s*(.*?)\s*</loc>.*?</sitemap>", re.S | re.I)


def sitemap(xml: str) -> tuple[list[SitemapEntry], list[str]]:
    """Entries of a sitemap and the child sitemaps of a sitemap index.

    Read with patterns rather than an XML parser: only `<loc>`/`<lastmod>` matter, and no
    entity is ever expanded.
    """
    entries: list[SitemapEntry] = []
    for block in _SITEMAP_URL.findall(xml):
        loc = _LOC.search(block)
        if not loc:
            continue
        mod = _LASTMOD.search(block)
        entries.append(
            SitemapEntry(html_lib.unescape(loc.group(1)), _date(mod.group(1)) if mod else None)
        )
    children = [html_lib.unescape(u) for u in _SITEMAP_CHILD.findall(xml)]
    return entries, children


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def choose_pages(
    website: str, found: list[Link], entries: list[SitemapEntry], *, limit: int
) -> dict[str, PageKind]:
    """The pages worth reading, by kind: about, team and news first, then careers.

    At most two pages of each kind, `limit` in all, homepage not included.
    """
    candidates: dict[str, PageKind] = {}
    for link in found:
        candidates.setdefault(link.url, classify(link.url, link.text))
    for entry in entries:
        url = normalise_url(entry.url)
        if same_site(url, website):
            candidates.setdefault(url, classify(url))
    home = normalise_url(website)
    order = (PageKind.ABOUT, PageKind.TEAM, PageKind.NEWS, PageKind.CAREERS)
    chosen: dict[str, PageKind] = {}
    for kind in order:
        urls = [u for u, k in candidates.items() if k is kind and u != home]
        urls.sort(key=lambda u: (u.count("/"), len(u)))  # section roots before deep pages
        for url in urls[:2]:
            if len(chosen) < limit:
                chosen[url] = kind
    return chosen


def main_text(html: str, url: str) -> str | None:
    """The page's main text, boilerplate (menus, footers) left out; None when there is none."""
    text = trafilatura.extract(
        html, url=url, include_comments=False, include_tables=False, favor_precision=True
    )
    if text and len(text.split()) >= 8:
        return text
    return None


def title(html: str) -> str | None:
    node = parse(html).css_first("title")
    text = " ".join(node.text().split()) if node else ""
    return text or None


def meta_description(html: str) -> str | None:
    tree = parse(html)
    for selector in ('meta[name="description"]', 'meta[property="og:description"]'):
        node = tree.css_first(selector)
        content = " ".join((node.attributes.get("content") or "").split()) if node else ""
        if content:
            return content
    return None
