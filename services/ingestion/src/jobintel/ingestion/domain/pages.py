"""A job from any web page: schema.org `JobPosting` (JSON-LD, then microdata), else main text.

JSON-LD is read by the runtime (`jobintel.runtime.web`) in every shape sites publish it, and
mapped by the one `JobPosting` mapper (`jobposting.py`).
A page with neither structured data nor text that reads like a job is not a job.
"""

from __future__ import annotations

import html as htmllib
import re
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from jobintel.contracts import Confidence, Posting
from jobintel.runtime.web import json_ld, registrable_domain

from .assemble import assemble
from .employer import (
    about_heading,
    from_content,
    is_board_name,
    listing_site_of,
    name_from_slug,
    split_title,
)
from .jobposting import from_job_posting, with_hints
from .normalise import FoundTitle, NotAPosting, clean_text, html_to_text, title_from_text

_JOB_SIGNALS = re.compile(
    r"\b(responsibilit\w*|requirements?|qualifications?|what you.ll do|you will|"
    r"we are looking for|we're looking for|about the role|the role|apply|experience with|"
    r"years of experience|benefits|salary|full[- ]time|part[- ]time|job description|"
    r"must have|nice to have|skills)\b",
    re.I,
)
MIN_MAIN_TEXT = 200
_NOISE = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "svg",
    "iframe",
    "button",
)


# ---------------------------------------------------------------- JSON-LD


def json_ld_postings(tree: LexborHTMLParser) -> list[dict[str, Any]]:
    return json_ld(tree, {"JobPosting"})


# ---------------------------------------------------------------- microdata


def _item_value(node: LexborNode) -> Any:
    if "itemscope" in node.attributes:
        return _item(node)
    tag = node.tag
    attrs = node.attributes
    if tag == "meta":
        return attrs.get("content")
    if tag in ("a", "link", "area") and attrs.get("href"):
        return attrs.get("href")
    if tag in ("img", "audio", "video", "source") and attrs.get("src"):
        return attrs.get("src")
    if tag == "time" and attrs.get("datetime"):
        return attrs.get("datetime")
    if tag in ("data", "meter") and attrs.get("value"):
        return attrs.get("value")
    if "content" in attrs:
        return attrs.get("content")
    if node.tag == "div" or node.css_first("p, li, br, ul"):
        return node.html  # a description with markup
    return node.text(deep=True).strip()


def _owner(node: LexborNode) -> LexborNode | None:
    parent = node.parent
    while parent is not None and "itemscope" not in parent.attributes:
        parent = parent.parent
    return parent


def _item(scope: LexborNode) -> dict[str, Any]:
    item: dict[str, Any] = {}
    itemtype = scope.attributes.get("itemtype") or ""
    if itemtype:
        item["@type"] = [t.rsplit("/", 1)[-1] for t in itemtype.split()]
    for prop in scope.css("[itemprop]"):
        owner = _owner(prop)
        if owner is None or owner.mem_id != scope.mem_id or prop.mem_id == scope.mem_id:
            continue
        for name in (prop.attributes.get("itemprop") or "").split():
            value = _item_value(prop)
            if name in item:
                existing = item[name]
                item[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
            else:
                item[name] = value
    return item


def microdata_postings(tree: LexborHTMLParser) -> list[dict[str, Any]]:
    return [_item(n) for n in tree.css("[itemscope][itemtype*='JobPosting']")]


# ---------------------------------------------------------------- main text


def _canonical(tree: LexborHTMLParser, page_url: str | None) -> str | None:
    link = tree.css_first('link[rel="canonical"]')
    href = link.attributes.get("href") if link else None
    return href or page_url


def _meta(tree: LexborHTMLParser, *names: str) -> str | None:
    for name in names:
        node = tree.css_first(f'meta[property="{name}"], meta[name="{name}"]')
        content = node.attributes.get("content") if node else None
        if content and content.strip():
            return htmllib.unescape(content.strip())
    return None


_NOISE_WORDS = frozenset({
    "breadcrumb", "breadcrumbs", "nav", "navbar", "navigation", "menu", "cookie", "cookies",
    "consent", "banner", "share", "sharing", "social", "related", "similar", "recommended",
    "recommendations", "newsletter", "signup", "footer", "header", "sidebar", "pagination",
    "modal", "popup", "toolbar", "skip", "subnav", "topbar", "masthead",
})  # fmt: skip
_NOISE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
_CONTENT_MARKS = re.compile(
    r"job.?description|description|job.?details|job.?body|posting|jobad|job.?ad\b|vacanc|"
    r"job.?content|job.?post",
    re.I,
)
_NAME_MARKS = re.compile(r"company.?name|employer.?name|hiring.?company|^company$|^employer$", re.I)


def _marks(node: LexborNode) -> str:
    attrs = node.attributes
    return " ".join(str(attrs.get(k) or "") for k in ("class", "id", "aria-label", "data-testid"))


def _is_noise(node: LexborNode) -> bool:
    if (node.attributes.get("role") or "").lower() in _NOISE_ROLES:
        return True
    marks = _marks(node)
    if not marks.strip() or _CONTENT_MARKS.search(marks):
        return False
    for token in re.split(r"\s+", marks.strip()):
        words = re.split(r"[-_]|(?<=[a-z])(?=[A-Z])", token)
        if any(w.lower() in _NOISE_WORDS for w in words):
            return True
    return False


def _strip_noise(tree: LexborHTMLParser) -> None:
    """Navigation, breadcrumbs, menus, cookie banners, share bars and "similar jobs" lists."""
    for tag in _NOISE:
        for node in tree.css(tag):
            node.decompose()
    body = tree.body
    if body is None:
        return
    for node in body.css("[class], [id], [role], [aria-label], [data-testid]"):
        if _is_noise(node):
            node.decompose()


def _text_length(node: LexborNode) -> int:
    text = len(node.text(deep=True, separator=" ").strip())
    links = sum(len(a.text(deep=True).strip()) for a in node.css("a"))
    return text - links


def _densest(tree: LexborHTMLParser) -> LexborNode | None:
    """The container whose paragraphs and list items hold the most text (not link text)."""
    scores: dict[int, tuple[float, LexborNode]] = {}
    for block in tree.css("p, li, h2, h3, h4, td, pre, dd"):
        length = _text_length(block)
        if length < 25:
            continue
        weight = 1.0
        parent = block.parent
        while parent is not None and weight >= 0.25 and parent.tag not in ("html", "body"):
            if parent.tag not in ("ul", "ol", "li", "strong", "b", "em", "span", "a"):
                score, _ = scores.get(parent.mem_id, (0.0, parent))
                scores[parent.mem_id] = (score + length * weight, parent)
                weight /= 2
            parent = parent.parent
    if not scores:
        return None
    return max(scores.values(), key=lambda pair: pair[0])[1]


def _main_node(tree: LexborHTMLParser) -> LexborNode | None:
    """The posting's own text: a container named for the job description, else `<main>` or
    `<article>`, else the densest block of prose, else the body."""
    marked = [
        n
        for n in tree.css("[class], [id]")
        if _CONTENT_MARKS.search(_marks(n)) and _text_length(n) >= MIN_MAIN_TEXT
    ]
    if marked:
        return max(marked, key=_text_length)
    for selector in ("main", "[role=main]", "article", "#content", ".content"):
        node = tree.css_first(selector)
        if node is not None and len(node.text(deep=True).strip()) >= MIN_MAIN_TEXT:
            return node
    densest = _densest(tree)
    if densest is not None and _text_length(densest) >= MIN_MAIN_TEXT:
        return densest
    return tree.body


def _short_text(node: LexborNode | None) -> str | None:
    text = clean_text(node.text(deep=True, separator=" ")) if node is not None else ""
    return text if 2 <= len(text) <= 80 else None


def _employer_clues(tree: LexborHTMLParser, site_names: list[str]) -> list[str | None]:
    """Who the page's content says is hiring, one clue per place it can say so."""
    clues: list[str | None] = []
    for text in (_meta(tree, "og:title", "twitter:title"), _tag_text(tree, "title")):
        if text:
            clues.append(split_title(text, site_names=site_names)[1])
    for link in tree.css("a[href]"):
        href = link.attributes.get("href") or ""
        if re.search(r"/(?:company|companies|cmp)/[^/?#]+", href):
            slug = re.search(r"/(?:company|companies|cmp)/([^/?#]+)", href)
            clues.append(_short_text(link) or (name_from_slug(slug[1]) if slug else None))
            break
    for node in tree.css("[itemprop=hiringOrganization], [data-company], [class], [id]"):
        if node.attributes.get("itemprop") == "hiringOrganization" or (
            "data-company" in node.attributes
            or _NAME_MARKS.search(node.attributes.get("class") or "")
            or _NAME_MARKS.search(node.attributes.get("id") or "")
        ):
            name = node.css_first("[itemprop=name]") or node
            clues.append(node.attributes.get("data-company") or _short_text(name))
            break
    for heading in tree.css("h2, h3, h4, strong, b"):
        text = _short_text(heading)
        if text and (company := about_heading(text)):
            clues.append(company)
            break
    return clues


def _tag_text(tree: LexborHTMLParser, tag: str) -> str | None:
    node = tree.css_first(tag)
    text = node.text(deep=True).strip() if node is not None else ""
    return text or None


def from_main_text(tree: LexborHTMLParser, *, page_url: str | None, source: str) -> Posting:
    """The page's main text, flagged LOW confidence; raises `NotAPosting` if it is no job.

    On a job board or aggregator the employer comes from the page's content (never the
    board's name); when nothing there names it, the posting says the employer is unknown.
    """
    canonical = _canonical(tree, page_url)
    site_name = _meta(tree, "og:site_name", "application-name")
    listing = listing_site_of(page_url, canonical, _meta(tree, "og:url"))
    if listing is None and site_name and is_board_name(site_name):
        listing = registrable_domain(canonical) or site_name
    site_names = [n for n in (site_name,) if n]
    title = None
    h1 = tree.css_first("h1")
    if h1 is not None and h1.text(deep=True).strip():
        title = h1.text(deep=True).strip()
    for text in (_meta(tree, "og:title", "twitter:title"), _tag_text(tree, "title")):
        if not title and text:
            title = split_title(text, site_names=site_names)[0]
    clues = _employer_clues(tree, site_names)
    if listing is None and site_name:
        clues.append(site_name)
    employer = from_content(clues, listing_site=listing)
    _strip_noise(tree)
    main = _main_node(tree)
    main_html = main.html if main is not None else ""
    text = html_to_text(main_html or "")
    signals = {m.lower() for m in _JOB_SIGNALS.findall(text)}
    if len(text) < MIN_MAIN_TEXT or len(signals) < 2:
        raise NotAPosting(
            "no job posting found on the page: it has no schema.org JobPosting data and its "
            "text does not read like a job description"
        )
    found = FoundTitle(clean_text(title)[:300]) if title else title_from_text(text)
    notes = [n for n in (found.note, employer.note) if n]
    return assemble(
        source=source,
        source_kind="page",
        title=found.title,
        description_html=main_html,
        description_text=text,
        company=employer.name or found.company,
        company_confidence=employer.confidence or (Confidence.LOW if found.company else None),
        listing_site=listing,
        url=canonical,
        notes=notes,
        confidence=Confidence.LOW,
    )


def extract_job(page_html: str, *, page_url: str | None, source: str = "url") -> Posting:
    """The job on a page: JSON-LD first, then microdata, then the main text."""
    tree = LexborHTMLParser(page_html)
    posting = _structured(tree, page_url=page_url, source=source)
    return posting or from_main_text(tree, page_url=page_url, source=source)


def structured_job(
    page_html: str,
    *,
    page_url: str | None,
    source: str,
    title: str | None = None,
    company: str | None = None,
) -> Posting | None:
    """The schema.org `JobPosting` of a saved or pasted page, or None when it has none.

    What the user said (`title`, `company`) wins over what the page says.
    """
    tree = LexborHTMLParser(page_html)
    return _structured(tree, page_url=page_url, source=source, title=title, company=company)


def _structured(
    tree: LexborHTMLParser,
    *,
    page_url: str | None,
    source: str,
    title: str | None = None,
    company: str | None = None,
) -> Posting | None:
    canonical = _canonical(tree, page_url)
    site_name = _meta(tree, "og:site_name", "application-name")
    for node in json_ld_postings(tree) + microdata_postings(tree):
        try:
            posting = from_job_posting(
                with_hints(node, title=title, company=company, url=None),
                page_url=page_url,
                source=source,
                page_urls=[page_url, canonical, _meta(tree, "og:url")],
                site_owner=site_name,
            )
        except NotAPosting:
            continue
        if posting.url is None:
            posting = posting.model_copy(update={"url": canonical})
        if posting.company_confidence in (None, Confidence.LOW):
            posting = _employer_from_page(posting, tree, site_name)
        return posting
    return None


def _employer_from_page(posting: Posting, tree: LexborHTMLParser, site_name: str | None) -> Posting:
    """A JSON-LD posting that names no employer (or only a board's page of it): the page's
    content may; the structured data's guess counts as one clue among them."""
    clues = [posting.company, *_employer_clues(tree, [site_name] if site_name else [])]
    if posting.listing_site is None and site_name:
        clues.append(site_name)
    employer = from_content(clues, listing_site=posting.listing_site)
    unknown_note = [n for n in posting.notes if not n.startswith("employer ")]
    if employer.name is None:
        return posting.model_copy(update={"notes": [*unknown_note, *filter(None, [employer.note])]})
    return posting.model_copy(
        update={
            "company": employer.name,
            "company_confidence": employer.confidence,
            "notes": [*unknown_note, *filter(None, [employer.note])],
        }
    )
