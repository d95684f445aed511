"""Who the company behind a posting is, as a stable id every job of that company shares.

The id and the domain rules are the runtime's (`jobintel.runtime.web`), so every service
names a company the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobintel.contracts import Posting
from jobintel.runtime.web import company_id, name_key, registrable_domain, site_root, website_of

__all__ = ["CompanyIdentity", "identify", "name_key"]


@dataclass(frozen=True, slots=True)
class CompanyIdentity:
    company_id: str
    name: str
    domain: str | None
    website: str | None


def identify(posting: Posting, jd_company: str | None = None) -> CompanyIdentity | None:
    """The company of a posting, or None when neither a name nor a website is known.

    Preference: the posting's company URL, then the apply URL, then the posting URL, each
    only when it is not a job board's, nor the site that lists the posting for another
    employer (`listing_site`: its domain would file every employer it lists under one
    company). An apply or posting URL points at some page of the site, so research starts
    at the site's root.
    """
    name = (posting.company or jd_company or "").strip()
    lister = (
        registrable_domain(f"https://{posting.listing_site}/") if posting.listing_site else None
    )
    for url in (posting.company_url, posting.apply_url, posting.url):
        domain = registrable_domain(url)
        if domain and url and domain != lister:
            website = website_of(url) if url is posting.company_url else site_root(url)
            return CompanyIdentity(
                company_id=domain,
                name=name or _name_from_domain(domain),
                domain=domain,
                website=website,
            )
    key = company_id((), name)
    if key is None:
        return None
    return CompanyIdentity(company_id=key, name=name, domain=None, website=None)


def _name_from_domain(domain: str) -> str:
    label = domain.split(".")[0]
    return label.replace("-", " ").title()
