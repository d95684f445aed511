"""Turn what a user pasted (text, HTML or a JSON object) into a normalised `Posting`."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

import nh3
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from jobintel.contracts import Confidence, Posting, RemoteType

_WS = re.compile(r"[ \t\f\v]+")
_BLANKS = re.compile(r"\n{3,}")
_BLOCKS = ("p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "section")
_REMOTE = re.compile(
    r"\b(fully[- ]remote|remote[- ]first|100% remote|work from home|remote)\b", re.I
)
_HYBRID = re.compile(r"\bhybrid\b", re.I)
_ONSITE = re.compile(r"\b(on[- ]?site|in[- ]office)\b", re.I)


class NotAPosting(ValueError):
    """The input holds no job posting we can use."""


def clean_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_WS.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def sanitise_html(html: str) -> str:
    return nh3.clean(html)


def html_to_text(html: str) -> str:
    """Plain text that keeps block structure (one line per paragraph or list item)."""
    tree = HTMLParser(html)
    for tag in ("script", "style", "noscript", "template"):
        for node in tree.css(tag):
            node.decompose()
    for node in tree.css(", ".join(_BLOCKS)):
        prefix = "\n- " if node.tag == "li" else "\n"
        node.insert_before(prefix)
        node.insert_after("\n")
    root = tree.body or tree.root
    return clean_text(root.text(separator="") if root else "")


def remote_type(*texts: str | None) -> RemoteType:
    joined = " ".join(t for t in texts if t)
    if _HYBRID.search(joined):
        return RemoteType.HYBRID
    if _REMOTE.search(joined):
        return RemoteType.REMOTE
    if _ONSITE.search(joined):
        return RemoteType.ONSITE
    return RemoteType.UNKNOWN


def fingerprint(title: str, company: str | None, text: str) -> str:
    """Same job through two sources → same fingerprint (case, spacing and markup ignored)."""
    norm = " ".join(re.findall(r"\w+", f"{title} {company or ''} {text[:2000]}".lower()))
    return hashlib.sha256(norm.encode()).hexdigest()[:32]


def _title_from_text(text: str) -> str:
    for line in text.split("\n"):
        line = line.strip(" -#*\t")
        if 3 <= len(line) <= 120:
            return line
    raise NotAPosting("could not find a title: give one, or start the text with it")


def from_text(
    text: str, *, title: str | None, company: str | None, url: str | None, source: str
) -> Posting:
    body = clean_text(text)
    if len(body) < 40:
        raise NotAPosting(
            "the posting text is too short to be a job description (under 40 characters)"
        )
    final_title = clean_text(title) if title else _title_from_text(body)
    return Posting(
        source=source,
        title=final_title,
        company=clean_text(company) if company else None,
        description_text=body,
        url=url,
        remote=remote_type(body),
        confidence=Confidence.MEDIUM if title else Confidence.LOW,
        fingerprint=fingerprint(final_title, company, body),
    )


def from_html(
    html: str, *, title: str | None, company: str | None, url: str | None, source: str
) -> Posting:
    safe = sanitise_html(html)
    posting = from_text(html_to_text(safe), title=title, company=company, url=url, source=source)
    return posting.model_copy(update={"description_html": safe})


def _first_str(data: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, dict):
            name = value.get("name")
            if isinstance(name, str) and name.strip():
                return name.strip()
    return None


def _locations(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if isinstance(item, str) and item.strip():
            out.append(item.strip())
        elif isinstance(item, dict):
            address = item.get("address", item)
            if isinstance(address, dict):
                parts = [
                    address.get(k) for k in ("addressLocality", "addressRegion", "addressCountry")
                ]
                text = ", ".join(p for p in parts if isinstance(p, str) and p)
                if text:
                    out.append(text)
            elif isinstance(item.get("name"), str):
                out.append(item["name"])
    return out


def from_data(
    data: dict[str, Any], *, title: str | None, company: str | None, url: str | None, source: str
) -> Posting:
    """A posting given as a JSON object: plain keys or schema.org `JobPosting` names."""
    found_title = title or _first_str(data, "title", "name")
    if not found_title:
        raise NotAPosting("the JSON object has no 'title'")
    found_company = company or _first_str(data, "company", "hiringOrganization", "organization")
    description = _first_str(data, "description", "text", "content")
    if not description:
        raise NotAPosting("the JSON object has no 'description'")
    is_html = "<" in description and ">" in description
    safe = sanitise_html(description) if is_html else None
    text = html_to_text(safe) if safe else clean_text(description)
    locations = _locations(data.get("locations") or data.get("location") or data.get("jobLocation"))
    remote = remote_type(text, " ".join(locations), str(data.get("jobLocationType", "")))
    if str(data.get("jobLocationType", "")).upper() == "TELECOMMUTE":
        remote = RemoteType.REMOTE
    return Posting(
        source=source,
        external_id=_first_str(data, "id", "identifier"),
        title=clean_text(found_title),
        company=found_company,
        locations=locations,
        remote=remote,
        employment_type=_first_str(data, "employment_type", "employmentType"),
        description_html=safe,
        description_text=text,
        url=url or _first_str(data, "url"),
        apply_url=_first_str(data, "apply_url", "applyUrl"),
        confidence=Confidence.HIGH,
        fingerprint=fingerprint(found_title, found_company, text),
    )
