"""One place that turns extracted fields into a `Posting`: sanitising, text, fingerprint."""

from __future__ import annotations

from datetime import date

from jobintel.contracts import (
    Confidence,
    Posting,
    PostingDetails,
    RemoteType,
    Salary,
    SourceSection,
)
from jobintel.runtime.web import registrable_domain

from .employer import board_slug, listing_site_of, name_from_slug, unknown
from .fields import unescape_html, unique_places
from .normalise import (
    NotAPosting,
    clean_text,
    fingerprint,
    html_to_text,
    remote_type,
    sanitise_html,
)

MAX_TITLE = 300


def assemble(
    *,
    source: str,
    source_kind: str,
    title: str | None,
    description_html: str | None = None,
    description_text: str | None = None,
    external_id: str | None = None,
    company: str | None = None,
    company_url: str | None = None,
    locations: list[str] | None = None,
    remote: RemoteType | None = None,
    employment_type: str | None = None,
    salary: Salary | None = None,
    date_posted: date | None = None,
    valid_through: date | None = None,
    url: str | None = None,
    apply_url: str | None = None,
    sections: list[SourceSection] | None = None,
    language: str | None = None,
    confidence: Confidence = Confidence.HIGH,
    company_confidence: Confidence | None = None,
    listing_site: str | None = None,
    details: PostingDetails | None = None,
    notes: list[str] | None = None,
) -> Posting:
    """Raises `NotAPosting` when there is no title or no description to work with.

    A company the source names is as sure as the source (`company_confidence` defaults to
    high); without one, a hosted board's URL may name it (low); else the employer is unknown
    and a note says how to name it. A board's URL is never the company's website.
    """
    clean_title = clean_text(title or "")[:MAX_TITLE]
    if not clean_title:
        raise NotAPosting("the posting has no title")
    safe_html = sanitise_html(unescape_html(description_html)) if description_html else None
    text = clean_text(description_text) if description_text else ""
    if not text and safe_html:
        text = html_to_text(safe_html)
    if not text and sections:
        text = "\n\n".join(f"{s.heading}\n{s.text}" for s in sections)
    if not text:
        raise NotAPosting(f"the posting '{clean_title}' has no description")
    where = unique_places(locations or [])
    company_name = clean_text(company) if company else None
    given_company = company_name
    listing = listing_site or listing_site_of(url, apply_url)
    notes = list(notes or [])
    if company_name:
        company_confidence = company_confidence or Confidence.HIGH
    else:
        slug = next((s for s in (board_slug(u) for u in (url, apply_url)) if s), None)
        if slug:
            company_name, company_confidence = name_from_slug(slug), Confidence.LOW
        else:
            company_confidence = None
            note = unknown(listing).note
            if note and not any(n.startswith("employer unknown") for n in notes):
                notes.append(note)
    if registrable_domain(company_url) is None:
        company_url = None
    return Posting(
        source=source,
        source_kind=source_kind,
        external_id=external_id,
        title=clean_title,
        company=company_name or None,
        company_url=company_url,
        company_domain=registrable_domain(company_url),
        company_confidence=company_confidence,
        listing_site=listing,
        locations=where,
        remote=remote or remote_type(clean_title, " ".join(where), text[:3000]),
        employment_type=employment_type,
        salary=salary,
        date_posted=date_posted,
        valid_through=valid_through,
        description_html=safe_html,
        description_text=text,
        url=url,
        apply_url=apply_url,
        sections=sections or [],
        details=details or PostingDetails(),
        language=language,
        confidence=confidence,
        fingerprint=fingerprint(clean_title, given_company, text),
        notes=notes,
    )
