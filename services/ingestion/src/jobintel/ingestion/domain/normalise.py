"""Turn what a user pasted (text, HTML or a JSON object) into a normalised `Posting`."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

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


UNTITLED = "untitled"
UNTITLED_NOTE = (
    "no title found in the posting: it is filed as 'untitled'; give the title "
    "(the 'title' field when you submit the job again)"
)
_ARTICLE = r"(?:(?:an?|the|our|one|une?|ein(?:e|en)?|eine?/n|un[ae]?)\s+)?"
_ADJ = r"(?:(?:new|next|first|talented|experienced|passionate|motivated|skilled)\s+)*"
# Where a role's name ends inside a sentence: "a Data Engineer to build ...", "... who ...".
_TAIL = (
    r"(?:\s+(?:(?:to|who|that|with|for|in|on|based|at|joining|f[üu]r|pour|para|"
    r"and\s+(?:help|build|work|shape|lead|grow|make|join|be|drive|own))\b|@|"
    r"\(?[mwfhd]/[mwfhd](?:/[mwfhd])?\)?).*)?"
)
_TITLE_SENTENCES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.I)
    for p in (
        r"^(?:we(?:'re|\u2019re| are)|(?P<company>[A-Z][\w&.' -]{1,60}?) is)\s+(?:currently\s+)?"
        r"(?:hiring|looking for|seeking|recruiting|searching for)(?:\s+for)?:?\s+"
        + _ARTICLE
        + _ADJ
        + r"(?P<title>[^.,;:!?()]{3,80}?)"
        + _TAIL
        + r"$",
        r"^join\s+(?:us|our team|the team|(?P<company>[A-Z][\w&.' -]{1,60}?))\s+as\s+"
        + _ARTICLE
        + _ADJ
        + r"(?P<title>[^.,;:!?()]{3,80}?)"
        + _TAIL
        + r"$",
        r"^(?:wir suchen|nous recherchons|buscamos|estamos buscando)\s+(?:dich als\s+)?"
        + _ARTICLE
        + r"(?P<title>[^.,;:!?()]{3,80}?)"
        + _TAIL
        + r"$",
        r"^(?P<title>[A-Z][^.,;:!?]{2,80}?)\s+(?:at|@)\s+(?P<company>[A-Z][\w&.' -]{1,60}?)$",
    )
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'“(])")
_MAX_TITLE_WORDS = 12
_LIST_ITEM = re.compile(r"^\s*(?:[-*\u2022\u00b7\u25aa\u2013]|\d{1,2}[.)])\s+")


@dataclass(frozen=True, slots=True)
class FoundTitle:
    title: str
    company: str | None = None  # the company the title's sentence names ("X at Y")
    note: str | None = None  # set when no title could be found


def _sentences(line: str) -> list[str]:
    return [s.strip().rstrip(".!") for s in _SENTENCE_END.split(line) if s.strip()]


def _from_sentence(sentence: str) -> FoundTitle | None:
    for pattern in _TITLE_SENTENCES:
        if m := pattern.match(sentence):
            title = m["title"].strip(" -\u2013\u2014")
            if len(title) >= 3 and len(title.split()) <= _MAX_TITLE_WORDS:
                company = m.groupdict().get("company")
                return FoundTitle(title, company.strip() if company else None)
    return None


def title_from_text(text: str, *, first_line: bool = True) -> FoundTitle:
    """The title of a posting given as text, or `untitled` with a note asking for one.

    A short first line is the title, as people paste postings ("Data Engineer" then the
    text); else the first sentences are read for "X at Y", "We are hiring a X", "We're
    looking for a X", "Join us as X" (and their French, German and Spanish forms).
    `first_line=False` reads only those sentences (a description whose title is elsewhere).
    """
    raw = [line for line in text.split("\n") if line.strip(" -#*\t")]
    if raw and _LIST_ITEM.match(raw[0]):
        first_line = False  # a posting pasted from its first bullet: an item is no title
    lines = [line.strip(" -#*\t") for line in raw]
    first = lines[0] if lines else ""
    sentences = _sentences(first)
    if first_line and len(sentences) == 1 and 3 <= len(first) <= 120 and len(first.split()) <= 14:
        return _from_sentence(sentences[0]) or FoundTitle(first)
    for sentence in sentences[:3]:
        if found := _from_sentence(sentence):
            return found
    if first_line and sentences and 3 <= len(sentences[0]) <= 80 and len(sentences[0].split()) <= 8:
        return FoundTitle(sentences[0])
    return FoundTitle(UNTITLED, note=UNTITLED_NOTE)


def title_line_apart(body: str) -> str:
    """A one-paragraph posting whose first sentence is its title ("Data Engineer at Larkspur
    Bank. We are hiring ...") gets that sentence as a line of its own, as a title line is;
    the text is otherwise unchanged."""
    first, _, rest = body.partition("\n")
    parts = _SENTENCE_END.split(first, maxsplit=1)
    if len(parts) == 2 and _from_sentence(parts[0].rstrip(".!")) is not None:
        return "\n\n".join(p for p in (parts[0], parts[1] + ("\n" + rest if rest else "")) if p)
    return body


def from_text(
    text: str, *, title: str | None, company: str | None, url: str | None, source: str
) -> Posting:
    body = clean_text(text)
    if len(body) < 40:
        raise NotAPosting(
            "the posting text is too short to be a job description (under 40 characters)"
        )
    found = FoundTitle(clean_text(title)) if title else title_from_text(body)
    if not title:
        body = title_line_apart(body)
    final_company = clean_text(company) if company else found.company
    company_confidence = Confidence.HIGH if company else Confidence.LOW if found.company else None
    notes = [found.note] if found.note else []
    if final_company is None:
        notes.append(
            "employer unknown: the text does not say who is hiring; give the company "
            "(the 'company' field when you submit the job again) so research and the CV name it"
        )
    return Posting(
        source=source,
        title=found.title,
        company=final_company,
        company_confidence=company_confidence,
        description_text=body,
        url=url,
        remote=remote_type(body),
        confidence=Confidence.MEDIUM if title else Confidence.LOW,
        fingerprint=fingerprint(found.title, company, body),
        notes=notes,
    )


def from_html(
    html: str, *, title: str | None, company: str | None, url: str | None, source: str
) -> Posting:
    safe = sanitise_html(html)
    posting = from_text(html_to_text(safe), title=title, company=company, url=url, source=source)
    return posting.model_copy(update={"description_html": safe})
