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
from jobintel.runtime.web import json_ld

from .assemble import assemble
from .jobposting import from_job_posting
from .normalise import NotAPosting, clean_text, html_to_text

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


def _main_node(tree: LexborHTMLParser) -> LexborNode | None:
    for selector in ("main", "[role=main]", "article", "#content", ".content", "body"):
        node = tree.css_first(selector)
        if node is not None and len(node.text(deep=True).strip()) >= MIN_MAIN_TEXT:
            return node
    return tree.body


def from_main_text(tree: LexborHTMLParser, *, page_url: str | None, source: str) -> Posting:
    """The page's main text, flagged LOW confidence; raises `NotAPosting` if it is no job."""
    title = _meta(tree, "og:title", "twitter:title")
    h1 = tree.css_first("h1")
    if h1 is not None and h1.text(deep=True).strip():
        title = h1.text(deep=True).strip()
    if not title:
        node = tree.css_first("title")
        title = node.text(deep=True).strip() if node else None
    for tag in _NOISE:
        for node in tree.css(tag):
            node.decompose()
    main = _main_node(tree)
    main_html = main.html if main is not None else ""
    text = html_to_text(main_html or "")
    signals = {m.lower() for m in _JOB_SIGNALS.findall(text)}
    if len(text) < MIN_MAIN_TEXT or len(signals) < 2:
        raise NotAPosting(
            "no job posting found on the page: it has no schema.org JobPosting data and its "
            "text does not read like a job description"
        )
    return assemble(
        source=source,
        source_kind="page",
        title=clean_text(title or "")[:300] or text.split("\n", 1)[0],
        description_html=main_html,
        description_text=text,
        company=_meta(tree, "og:site_name"),
        url=_canonical(tree, page_url),
        confidence=Confidence.LOW,
    )


def extract_job(page_html: str, *, page_url: str | None, source: str = "url") -> Posting:
    """The job on a page: JSON-LD first, then microdata, then the main text."""
    tree = LexborHTMLParser(page_html)
    for node in json_ld_postings(tree) + microdata_postings(tree):
        try:
            posting = from_job_posting(node, page_url=page_url, source=source)
        except NotAPosting:
            continue
        if posting.url is None:
            posting = posting.model_copy(update={"url": _canonical(tree, page_url)})
        return posting
    return from_main_text(tree, page_url=page_url, source=source)
