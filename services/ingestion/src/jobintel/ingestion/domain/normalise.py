"""Turn what a user pasted (text, HTML or a JSON object) into a normalised `Posting`."""

from __future__ import annotations

import hashlib
import re
import unicodedata

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
