"""One place that turns extracted fields into a `Posting`: sanitising, text, fingerprint."""

from __future__ import annotations

from datetime import date

from jobintel.contracts import Confidence, Posting, RemoteType, Salary, SourceSection
from jobintel.runtime.web import registrable_domain

from .fields import unescape_html, unique
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
) -> Posting:
    """Raises `NotAPosting` when there is no title or no description to work with."""
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
    where = unique(locations or [])
    company_name = clean_text(company) if company else None
    return Posting(
        source=source,
        source_kind=source_kind,
        external_id=external_id,
        title=clean_title,
        company=company_name or None,
        company_url=company_url,
        company_domain=registrable_domain(company_url),
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
        language=language,
        confidence=confidence,
        fingerprint=fingerprint(clean_title, company_name, text),
    )
