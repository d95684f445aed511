"""URLs and domains as every service compares them: one company, one id.

The id of a company is the registrable domain of its own website when one is known (so
`careers.acme.com` and `www.acme.com` meet), else its normalised name. Job boards and ATS
hosts are never taken for a company's website.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import urldefrag, urlsplit

import tldextract

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
    "builtin.com", "stepstone.com", "simplyhired.com", "careerbuilder.com", "dice.com",
    "jobteaser.com", "jobs.ch", "xing.com", "hellowork.com", "reed.co.uk", "totaljobs.com",
    "workingnomads.com", "remotive.com", "himalayas.app", "jobright.ai", "talent.com",
    "adzuna.com", "jooble.org", "careerjet.com", "seek.com.au", "naukri.com", "cord.co",
    "workatastartup.com", "hired.com", "jazzhr.com", "jobscore.com", "successfactors.com",
    "taleo.net", "oraclecloud.com", "ultipro.com", "paylocity.com", "adp.com", "gem.com",
})  # fmt: skip

# Boards that run one site per country (`indeed.co.uk`, `stepstone.de`, `glassdoor.fr`) or per
# city (`builtinnyc.com`, `builtinla.com`): matched by the registrable domain's own label.
BOARD_LABELS = frozenset({
    "indeed", "glassdoor", "stepstone", "monster", "linkedin", "welcometothejungle", "otta",
    "ziprecruiter", "jobteaser", "adzuna", "careerjet", "jooble", "totaljobs",
})  # fmt: skip
BOARD_LABEL_PREFIXES = ("builtin",)

_LEGAL = frozenset({
    "inc", "incorporated", "llc", "ltd", "limited", "gmbh", "ag", "sa", "sas", "sarl", "bv",
    "nv", "plc", "corp", "corporation", "co", "company", "srl", "spa", "oy", "ab", "as", "aps",
    "kg", "pty", "pte", "lp", "llp", "se", "ug", "kk",
})  # fmt: skip

_OTHER_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:(?!//|\d)")  # mailto:, tel:, javascript:


def _split(url: str) -> tuple[str, str, int | None] | None:
    """(scheme, host, port) of a web URL, a bare host counting as https; None otherwise."""
    candidate = url.strip()
    if not candidate or _OTHER_SCHEME.match(candidate):
        return None
    if "://" not in candidate:
        candidate = "https://" + candidate.removeprefix("//")
    try:
        parts = urlsplit(candidate)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return parts.scheme.lower(), parts.hostname.rstrip(".").lower(), port


def name_key(name: str) -> str:
    """`Acme Robotics, Inc.` → `acme-robotics`: case, accents, punctuation, legal form ignored."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_name.lower().replace("&", " and "))
    while len(words) > 1 and words[-1] in _LEGAL:
        words.pop()
    return "-".join(words)


def registrable_domain(url: str | None) -> str | None:
    """`https://Careers.Acme.co.uk/jobs` → `acme.co.uk`; None for non-web or job-board URLs.

    Hosts without a public suffix (IP literals, `localhost`, `.example` test sites) keep
    their host, minus `www.`, and their port: the port is what tells local sites apart.
    """
    split = _split(url or "")
    if split is None:
        return None
    _, host, port = split
    ext = _EXTRACT(host)
    if ext.suffix and ext.domain:
        domain = f"{ext.domain}.{ext.suffix}"
    else:
        host = host.removeprefix("www.")
        domain = f"{host}:{port}" if port else host
    if is_board_domain(domain):
        return None
    return domain


def is_board_domain(domain: str) -> bool:
    """Whether a registrable domain is a job board's, aggregator's or ATS host's."""
    if domain in BOARD_DOMAINS or any(domain.endswith("." + b) for b in BOARD_DOMAINS):
        return True
    label = _EXTRACT(domain).domain
    return label in BOARD_LABELS or label.startswith(BOARD_LABEL_PREFIXES)


def board_domain(url: str | None) -> str | None:
    """The job board a URL belongs to (`builtin.com`, `greenhouse.io`), None for other sites."""
    split = _split(url or "")
    if split is None:
        return None
    ext = _EXTRACT(split[1])
    if not (ext.suffix and ext.domain):
        return None
    domain = f"{ext.domain}.{ext.suffix}"
    return domain if is_board_domain(domain) else None


def website_of(url: str) -> str:
    """Root of the site a URL belongs to (scheme, host and port kept)."""
    candidate = url.strip() if "://" in url else "https://" + url.strip()
    parts = urlsplit(candidate)
    return f"{parts.scheme}://{parts.netloc}/"


def site_root(url: str) -> str:
    """Where a company's main site most likely starts, given any page of it.

    `careers.acme.com/jobs/1` → `https://acme.com/`; a host with a port (local sites) is
    kept as it is, since that host is the one known to answer.
    """
    split = _split(url)
    domain = registrable_domain(url)
    if split is None or domain is None:
        return website_of(url)
    scheme, host, port = split
    if port is not None or host in (domain, f"www.{domain}"):
        return website_of(url)
    return f"{scheme}://{domain}/"


def same_site(url: str, website: str) -> bool:
    """Whether `url` belongs to `website` (any subdomain of its registrable domain)."""
    return registrable_domain(url) == registrable_domain(website) is not None


def normalise_url(url: str) -> str:
    """One spelling per page: fragment dropped, host lower-cased, no trailing slash."""
    clean, _ = urldefrag(url)
    parts = urlsplit(clean)
    path = parts.path or "/"
    if path != "/" and path.endswith("/"):
        path = path.rstrip("/")
    return parts._replace(path=path, netloc=parts.netloc.lower()).geturl()


def company_id(urls: Iterable[str | None], name: str | None = None) -> str | None:
    """The stable id of a company: the first of `urls` on its own site, else its name's key."""
    for url in urls:
        domain = registrable_domain(url)
        if domain:
            return domain
    key = name_key(name) if name else ""
    return key or None
