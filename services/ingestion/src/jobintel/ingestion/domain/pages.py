"""A job from any web page: schema.org `JobPosting` (JSON-LD, then microdata), else main text.

JSON-LD is read in every shape sites publish it: a single object, an array, inside `@graph`,
entity-escaped, with several `jobLocation`s, `TELECOMMUTE` with
`applicantLocationRequirements`, and salary as `MonetaryAmount` over `QuantitativeValue`.
A page with neither structured data nor text that reads like a job is not a job.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from collections.abc import Iterator
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from jobintel.contracts import Confidence, Posting, RemoteType, Salary

from .assemble import assemble
from .fields import employment_type, parse_date, salary
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


def _loads(raw: str) -> Any:
    raw = raw.strip().removeprefix("<!--").removesuffix("-->").strip()
    raw = raw.removeprefix("//<![CDATA[").removesuffix("//]]>").strip()
    try:
        return json.loads(raw, strict=False)
    except ValueError:
        pass
    try:  # some sites entity-escape the whole block
        return json.loads(htmllib.unescape(raw), strict=False)
    except ValueError:
        return None


def _types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    # "JobPosting", "https://schema.org/JobPosting", "schema:JobPosting"
    return {re.split(r"[/:#]", v)[-1] for v in values if isinstance(v, str)}


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _walk(item)
    elif isinstance(value, dict):
        yield value
        for key in ("@graph", "mainEntity", "itemListElement", "item"):
            if key in value:
                yield from _walk(value[key])


def json_ld_postings(tree: LexborHTMLParser) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    scripts = 'script[type="application/ld+json"], script[type="application/json+ld"]'
    for script in tree.css(scripts):
        data = _loads(script.text(deep=True))
        found.extend(node for node in _walk(data) if "JobPosting" in _types(node))
    return found


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


# ---------------------------------------------------------------- schema.org → Posting


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("value") or value.get("@value")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value.strip():
        return htmllib.unescape(value.strip())
    return None


def _country(value: Any) -> str | None:
    return _text(value)


def _place(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if not isinstance(value, dict):
        return None
    address = value.get("address", value)
    if isinstance(address, str):
        return address.strip() or None
    if isinstance(address, list):
        address = address[0] if address else {}
    if not isinstance(address, dict):
        return _text(value.get("name"))
    parts = [_text(address.get(k)) for k in ("addressLocality", "addressRegion")]
    parts.append(_country(address.get("addressCountry")))
    joined = ", ".join(p for p in parts if p)
    return joined or _text(value.get("name"))


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _salary(value: Any) -> Salary | None:
    value = _as_list(value)[0] if isinstance(value, list) and value else value
    if isinstance(value, int | float | str):
        return salary(value, value, None, None)
    if not isinstance(value, dict):
        return None
    amount = value.get("value")
    if isinstance(amount, dict):
        low = amount.get("minValue", amount.get("value"))
        high = amount.get("maxValue", amount.get("value"))
        unit = amount.get("unitText") or value.get("unitText")
    else:
        low = value.get("minValue", amount)
        high = value.get("maxValue", amount)
        unit = value.get("unitText")
    return salary(low, high, value.get("currency") or value.get("salaryCurrency"), unit)


def from_job_posting(
    node: dict[str, Any], *, page_url: str | None, source: str, source_kind: str = "page"
) -> Posting:
    """One schema.org `JobPosting` object (JSON-LD or microdata) as a `Posting`."""
    org = node.get("hiringOrganization")
    org = org[0] if isinstance(org, list) and org else org
    company = _text(org)
    company_url = None
    if isinstance(org, dict):
        same = org.get("sameAs") or org.get("url")
        company_url = _text(same[0] if isinstance(same, list) and same else same)
    locations = [p for p in (_place(loc) for loc in _as_list(node.get("jobLocation"))) if p]
    location_type = " ".join(str(t) for t in _as_list(node.get("jobLocationType"))).upper()
    remote: RemoteType | None = None
    if "TELECOMMUTE" in location_type:
        remote = RemoteType.HYBRID if locations else RemoteType.REMOTE
        for req in _as_list(node.get("applicantLocationRequirements")):
            name = _text(req)
            if name:
                locations.append(f"Remote ({name})")
        if not locations:
            locations.append("Remote")
    identifier = node.get("identifier")
    if isinstance(identifier, dict):  # PropertyValue: the id is its value, not its name
        identifier = identifier.get("value") or identifier.get("@id")
    external_id = _text(identifier) if identifier is not None else None
    url = _text(node.get("url")) or page_url
    description = node.get("description")
    description = description if isinstance(description, str) else _text(description)
    is_html = bool(description and re.search(r"</?[a-z][^>]*>|&lt;", description))
    return assemble(
        source=source,
        source_kind=source_kind,
        title=_text(node.get("title")) or _text(node.get("name")),
        description_html=description if is_html else None,
        description_text=None if is_html else description,
        external_id=external_id,
        company=company,
        company_url=company_url,
        locations=locations,
        remote=remote,
        employment_type=employment_type(node.get("employmentType")),
        salary=_salary(node.get("baseSalary") or node.get("estimatedSalary")),
        date_posted=parse_date(_text(node.get("datePosted"))),
        valid_through=parse_date(_text(node.get("validThrough"))),
        url=url,
        apply_url=_text(node.get("directApplyUrl")) or (url if node.get("directApply") else None),
        confidence=Confidence.HIGH,
    )


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
