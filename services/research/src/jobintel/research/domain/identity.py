"""Who the company behind a posting is, as a stable id every job of that company shares.

The id is the registrable domain of the company's own website when one is known (so
`careers.acme.com` and `www.acme.com` meet), else the normalised name. Job boards and ATS
hosts are never taken for the company's website.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

import tldextract

from jobintel.contracts import Posting

# Offline: the bundled public suffix snapshot, never a download.
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

# Hosts that carry other companies' postings: their domain says nothing about the employer.
BOARD_DOMAINS = frozenset({
    "greenhouse.io", "lever.co", "myworkdayjobs.com", "workday.com", "ashbyhq.com",
    "smartrecruiters.com", "workable.com", "linkedin.com", "indeed.com", "glassdoor.com",
    "bamboohr.com", "recruitee.com", "personio.de", "personio.com", "teamtailor.com",
    "jobvite.com", "icims.com", "breezy.hr", "join.com", "welcometothejungle.com",
    "wellfound.com", "angel.co", "ycombinator.com", "stackoverflow.com", "remoteok.com",
    "weworkremotely.com", "monster.com", "ziprecruiter.com", "otta.com", "jobs.lever.co",
    "applytojob.com", "recruiterbox.com", "pinpointhq.com", "rippling.com", "dover.com",
})

_LEGAL = frozenset({
    "inc", "incorporated", "llc", "ltd", "limited", "gmbh", "ag", "sa", "sas", "sarl", "bv",
    "nv", "plc", "corp", "corporation", "co", "company", "srl", "spa", "oy", "ab", "as", "aps",
    "kg", "pty", "pte", "lp", "llp", "se", "ug", "kk",
})


@dataclass(frozen=True, slots=True)
class CompanyIdentity:
    company_id: str
    name: str
    domain: str | None
    website: str | None


def name_key(name: str) -> str:
    """`Acme Robotics, Inc.` → `acme-robotics`: case, accents, punctuation, legal form ignored."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_name.lower().replace("&", " and "))
    while len(words) > 1 and words[-1] in _LEGAL:
        words.pop()
    return "-".join(words)


def registrable_domain(url: str | None) -> str | None:
    """`https://Careers.Acme.co.uk/jobs` → `acme.co.uk`; None for non-web or board URLs."""
    if not url:
        return None
    candidate = url.strip()
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:(?!//|\d)", candidate):
        return None  # mailto:, tel:, javascript: ...
    if "://" not in candidate:
        candidate = "https://" + candidate
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.rstrip(".").lower()
    ext = _EXTRACT(host)
    if ext.suffix and ext.domain:
        domain = f"{ext.domain}.{ext.suffix}"
    else:
        # IP literals, single-label and unknown-suffix hosts (local sites, tests): the port
        # tells sites apart there, so it is part of the identity.
        domain = f"{host}:{parts.port}" if parts.port else host
    if domain in BOARD_DOMAINS or any(domain.endswith("." + b) for b in BOARD_DOMAINS):
        return None
    return domain


def website_of(url: str) -> str:
    """Root of the site a URL belongs to (scheme, host and port kept)."""
    candidate = url.strip() if "://" in url else "https://" + url.strip()
    parts = urlsplit(candidate)
    return f"{parts.scheme}://{parts.netloc}/"


def identify(posting: Posting, jd_company: str | None = None) -> CompanyIdentity | None:
    """The company of a posting, or None when neither a name nor a website is known.

    Preference: the posting's company URL, then the apply URL, then the posting URL, each
    only when it is not a job board's.
    """
    name = (posting.company or jd_company or "").strip()
    for url in (posting.company_url, posting.apply_url, posting.url):
        domain = registrable_domain(url)
        if domain and url:
            website = website_of(url)
            if url is not posting.company_url:
                website = _site_root_for(url, domain)
            return CompanyIdentity(
                company_id=domain, name=name or _name_from_domain(domain),
                domain=domain, website=website,
            )
    key = name_key(name) if name else ""
    if not key:
        return None
    return CompanyIdentity(company_id=key, name=name, domain=None, website=None)


def _site_root_for(url: str, domain: str) -> str:
    """An apply/posting URL points at some page of the site; research starts at its root."""
    parts = urlsplit(url if "://" in url else "https://" + url)
    host = parts.hostname or domain
    # careers.acme.com/jobs/1 → the company's main site is most likely the registrable domain,
    # but keep the host we know answers when it carries a port (local sites, tests).
    if parts.port is not None:
        return f"{parts.scheme}://{parts.netloc}/"
    return f"{parts.scheme}://{host}/" if host == domain or host == f"www.{domain}" else (
        f"{parts.scheme}://{domain}/"
    )


def _name_from_domain(domain: str) -> str:
    label = domain.split(".")[0]
    return label.replace("-", " ").title()
