"""Who the employer of a posting is: never the job board or aggregator it was read on.

The rule, in order:

1. The source names it: an ATS board or posting object (its company), or a page's JSON-LD
   `hiringOrganization` (its `name`; its `sameAs`/`url` is the employer's site unless it is a
   board's own company page such as `builtin.com/company/larkspur`, which only gives a name).
2. A page on a job board or aggregator (`jobintel.runtime.web.BOARD_DOMAINS` and friends:
   Built In, LinkedIn, Indeed, Glassdoor, Welcome to the Jungle, Otta, Wellfound, StepStone,
   ZipRecruiter, Monster, hosted ATS boards) is a third-party listing; so is a page whose
   JSON-LD names an organisation other than the site's owner. The host of a listing is kept
   as `listing_site` and never becomes the company or its website.
3. Without structured data, the employer comes from the page's content: "X at Y" and
   "Y hiring X" titles, an "About Y" heading, a link to the board's page of the company, the
   company in a hosted board's path or subdomain. `og:site_name` names the employer only on a
   site that is not a board.
4. When none of that says, the employer is unknown and the posting carries a note saying how
   to name it, instead of a guess.
"""

from __future__ import annotations

import html as htmllib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from jobintel.contracts import Confidence
from jobintel.runtime.web import board_domain, name_key, registrable_domain

from .normalise import clean_text

# A hosted board's company in its path (`boards.greenhouse.io/acme/jobs/1`) or subdomain
# (`acme.wd5.myworkdayjobs.com`): (domain, where, index) with where = "path" or "host".
_SLUG_AT: dict[str, tuple[str, int]] = {
    "greenhouse.io": ("path", 0),
    "lever.co": ("path", 0),
    "ashbyhq.com": ("path", 0),
    "workable.com": ("path", 0),
    "smartrecruiters.com": ("path", 0),
    "myworkdayjobs.com": ("host", 0),
    "myworkdaysite.com": ("path", 2),
    "recruitee.com": ("host", 0),
    "personio.de": ("host", 0),
    "personio.com": ("host", 0),
    "teamtailor.com": ("host", 0),
    "bamboohr.com": ("host", 0),
    "breezy.hr": ("host", 0),
    "jobvite.com": ("path", 0),
    "pinpointhq.com": ("host", 0),
}
# Paths of a board's own page about a company: `builtin.com/company/larkspur-bank`.
_COMPANY_PAGE = re.compile(r"^/(?:company|companies|cmp|organization|overview)/([^/?#]+)", re.I)
_NOT_SLUGS = frozenset({
    "jobs", "job", "boards", "embed", "careers", "en", "en-us", "api", "v1", "apply", "www",
    "job-boards", "j", "o", "search", "postings", "posting-api", "job-board", "recruiting",
})  # fmt: skip

_DASHES = "|\u2013\u2014\u2022\u00b7"  # bar, en and em dash, bullet, middle dot
_AT = re.compile(
    r"^(?P<title>.{3,120}?)\s+(?:at|@|chez|bei)\s+(?P<company>[^" + _DASHES + r"]{2,80}?)$", re.I
)
_HIRING = re.compile(
    r"^(?P<company>.{2,80}?)\s+(?:is\s+)?hiring:?\s+(?:an?\s+)?(?P<title>.{3,120})$", re.I
)
_ABOUT = re.compile(
    r"^(?:about|über|a propos de|à propos de|acerca de|sobre)\s+(?P<company>.{2,80})$", re.I
)
_NOT_COMPANIES = re.compile(
    r"^(?:the\s+)?(?:role|job|position|team|us|you|company|opportunity|this\s+\w+|our\s+\w+|"
    r"the\s+\w+|uns|dich|nous|vous|le poste|la empresa|el puesto)$",
    re.I,
)
_SEPARATORS = re.compile(r"\s+[" + _DASHES + r"]\s+|\s+-\s+")


# What boards and aggregators call themselves (`og:site_name`), by name key.
BOARD_NAMES = frozenset({
    "built-in", "builtin", "linkedin", "indeed", "indeed-com", "glassdoor", "otta",
    "welcome-to-the-jungle", "wellfound", "angellist", "stepstone", "ziprecruiter", "monster",
    "greenhouse", "lever", "ashby", "workable", "smartrecruiters", "workday", "recruitee",
    "personio", "teamtailor", "simplyhired", "dice", "xing", "jobteaser", "hellowork",
})  # fmt: skip


def is_board_name(name: str) -> bool:
    key = name_key(name)
    return key in BOARD_NAMES or key.removeprefix("built-in-") != key


@dataclass(frozen=True, slots=True)
class Employer:
    name: str | None = None
    url: str | None = None  # the employer's own website, never a board's
    confidence: Confidence | None = None
    listing_site: str | None = None  # the board or aggregator the posting was read on
    note: str | None = None


def board_slug(url: str | None) -> str | None:
    """The company a hosted board or a board's company page names in its URL, if any."""
    board = board_domain(url)
    if board is None or url is None:
        return None
    parts = urlsplit(url if "://" in url else "https://" + url)
    segments = [s for s in parts.path.split("/") if s]
    company_page = _COMPANY_PAGE.match(parts.path)
    if company_page:
        return company_page.group(1)
    where = next((v for k, v in _SLUG_AT.items() if board == k or board.endswith("." + k)), None)
    if where is None:
        return None
    kind, index = where
    if kind == "host":
        labels = (parts.hostname or "").split(".")
        candidates = labels[: max(0, len(labels) - len(board.split(".")))]
        slug = candidates[index] if len(candidates) > index else None
    else:
        useful = [s for s in segments if s.lower() not in _NOT_SLUGS]
        slug = useful[index] if len(useful) > index else None
    if not slug or slug.lower() in _NOT_SLUGS or slug.isdigit():
        return None
    return slug


def name_from_slug(slug: str) -> str:
    """`larkspur-bank` → `Larkspur Bank` (a guess: its confidence is low)."""
    words = [w for w in re.split(r"[-_+.\s]+", slug) if w]
    return " ".join(w if w.isupper() else w.capitalize() for w in words)


def _urls(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [v.strip() for v in values if isinstance(v, str) and v.strip()]


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("legalName")
    if isinstance(value, str) and clean_text(value):
        return clean_text(htmllib.unescape(value))
    return None


def owns_site(name: str, url: str | None) -> bool:
    """Whether a site's domain is plausibly the named organisation's own (`larkspur.com`)."""
    domain = registrable_domain(url)
    if not domain or not name:
        return False
    label = domain.split(".")[0].replace("-", "")
    key = name_key(name).replace("-", "")
    first = name_key(name).split("-")[0] if name_key(name) else ""
    return bool(key) and (label in (key, first) or label in key or key in label)


def listing_site_of(*urls: str | None) -> str | None:
    """The first job board among the page's URLs (its address, canonical link, og:url)."""
    return next((b for b in (board_domain(u) for u in urls) if b), None)


def from_organization(
    org: Any,
    *,
    page_urls: Iterable[str | None] = (),
    site_owner: str | None = None,
) -> Employer:
    """The employer a JSON-LD `hiringOrganization` names, on a page at `page_urls`.

    `site_owner` is who the page says it belongs to (its `og:site_name`, a `WebSite`
    publisher), used to tell a company's own careers page from a third-party listing.
    """
    org = org[0] if isinstance(org, list) and org else org
    urls = _urls(org.get("sameAs")) + _urls(org.get("url")) if isinstance(org, dict) else []
    name = _text(org)
    own = next((u for u in urls if registrable_domain(u)), None)
    slug = next((s for s in (board_slug(u) for u in urls) if s), None)
    pages = [u for u in page_urls if u]
    listing = listing_site_of(*pages)
    if listing is None and pages:
        listing = _third_party(pages[-1], name, own, site_owner)
    if name:
        return Employer(name, own, Confidence.HIGH, listing)
    if slug:
        return Employer(name_from_slug(slug), own, Confidence.LOW, listing)
    if own:
        label = (registrable_domain(own) or "").split(".")[0]
        return Employer(name_from_slug(label), own, Confidence.LOW, listing)
    return unknown(listing)


def _same_site(a: str, b: str) -> bool:
    return a == b or a.endswith("." + b) or b.endswith("." + a)


def _third_party(
    page: str, name: str | None, own: str | None, site_owner: str | None
) -> str | None:
    """The page's domain when the organisation it names is not the site's owner, else None."""
    page_domain = registrable_domain(page)
    if page_domain is None:
        return None
    if own is not None:
        own_domain = registrable_domain(own) or ""
        same = _same_site(own_domain, page_domain) or bool(name and owns_site(name, page))
        return None if same else page_domain
    foreign_owner = bool(
        name
        and site_owner
        and not owns_site(name, page)
        and name_key(site_owner) != name_key(name)
        and not owns_site(name, site_owner)
    )
    return page_domain if foreign_owner else None


def unknown(listing_site: str | None) -> Employer:
    where = f"a listing on {listing_site}" if listing_site else "the posting"
    note = (
        f"employer unknown: {where} does not say who is hiring; give the company "
        "(the 'company' field when you submit the job again) so research and the CV name it"
    )
    return Employer(listing_site=listing_site, note=note)


def split_title(text: str, *, site_names: Iterable[str] = ()) -> tuple[str, str | None]:
    """A page title as (job title, company): "Data Engineer at Larkspur Bank | Built In",
    "Larkspur Bank hiring Data Engineer in London | LinkedIn", "Data Engineer - Larkspur Bank".

    `site_names` are names of the site itself (its `og:site_name`), dropped from the end.
    """
    drop = {name_key(n) for n in site_names if n}
    parts = [p.strip() for p in _SEPARATORS.split(clean_text(text)) if p.strip()]
    while len(parts) > 1 and (name_key(parts[-1]) in drop or board_domain(parts[-1])):
        parts.pop()
    if not parts:
        return clean_text(text), None
    head = parts[0]
    if m := _AT.match(head):
        return m["title"].strip(), m["company"].strip()
    if m := _HIRING.match(head):
        title = re.split(r"\s+in\s+", m["title"], maxsplit=1)[0]
        return title.strip(), m["company"].strip()
    if len(parts) >= 2 and not _looks_like_place(parts[1]):
        return head, parts[1]
    return head, None


_PLACE_WORDS = re.compile(r"\b(remote|hybrid|on-?site|\d{4,}|[A-Z]{2})\b")


def _looks_like_place(text: str) -> bool:
    return bool(_PLACE_WORDS.search(text)) or "," in text


def about_heading(text: str) -> str | None:
    """ "About Larkspur Bank" → "Larkspur Bank"; "About the role", "About us" → None."""
    m = _ABOUT.match(clean_text(text).rstrip(":!. "))
    if not m:
        return None
    company = m["company"].strip()
    return None if _NOT_COMPANIES.match(company) else company


def from_content(candidates: Iterable[str | None], *, listing_site: str | None) -> Employer:
    """The employer named by the page's content: the name most of its clues agree on.

    Two clues that agree are medium confidence; one is low; none is an unknown employer.
    """
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for candidate in candidates:
        if not candidate or board_domain(candidate) or is_board_name(candidate):
            continue
        key = name_key(candidate)
        if not key or (listing_site and key == name_key(listing_site.split(".")[0])):
            continue
        counts[key] += 1
        spelling.setdefault(key, clean_text(candidate))
    if not counts:
        return unknown(listing_site)
    key, votes = counts.most_common(1)[0]
    confidence = Confidence.MEDIUM if votes >= 2 else Confidence.LOW
    note = None
    if confidence is Confidence.LOW:
        note = (
            f"employer read from the page's text ('{spelling[key]}'), not from structured "
            "data: check it, and give the company when you submit the job again if it is wrong"
        )
    return Employer(spelling[key], None, confidence, listing_site, note)
