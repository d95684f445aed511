"""SmartRecruiters' public Posting API. Pure.

- `GET /v1/companies/{company}/postings?limit=&offset=` → `offset`, `limit`, `totalFound` and
  `content[]` with `id`, `name`, `releasedDate`, `company{identifier,name}`,
  `location{city,region,country,remote,hybrid,fullLocation}`, `typeOfEmployment{label}`, `ref`;
- `GET /v1/companies/{company}/postings/{id}` → the same plus `postingUrl`, `applyUrl` and
  `jobAd.sections.{companyDescription,jobDescription,qualifications,additionalInformation}`
  each `{title, text}` (HTML).

The list has no description, so every posting costs one detail request.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from jobintel.contracts import Posting

from .assemble import assemble
from .ats_parts import clean_place, place, remote_from_flags, titled_body
from .boards import BadPayload, Origin, Parsed, _collect
from .fields import employment_type, parse_date

PAGE_SIZE = 100  # the most the API hands out per request
PUBLIC_HOST = "https://jobs.smartrecruiters.com"
SECTIONS = (  # the order the job ad shows them in
    ("companyDescription", "Company Description"),
    ("jobDescription", "Job Description"),
    ("qualifications", "Qualifications"),
    ("additionalInformation", "Additional Information"),
)


def page(data: Any) -> tuple[list[Any], int | None]:
    """One page of postings and the total the API declares."""
    if not isinstance(data, dict) or not isinstance(data.get("content"), list):
        message = data.get("message") if isinstance(data, dict) else None
        detail = f": {message}" if isinstance(message, str) else ""
        raise BadPayload(f"the SmartRecruiters postings answer has no 'content' list{detail}")
    total = data.get("totalFound")
    declared = total if isinstance(total, int) and not isinstance(total, bool) else None
    return list(data["content"]), declared


def _label(value: Any) -> Any:
    return value.get("label") if isinstance(value, dict) else None


def _ad_parts(detail: Mapping[str, Any]) -> list[tuple[str | None, Any]]:
    sections = (detail.get("jobAd") or {}).get("sections")
    if isinstance(sections, list):  # a list of {title, text} in some answers
        return [(s.get("title"), s.get("text")) for s in sections if isinstance(s, dict)]
    if not isinstance(sections, dict):
        return []
    parts: list[tuple[str | None, Any]] = []
    for key, default in SECTIONS:
        section = sections.get(key)
        if isinstance(section, dict):
            parts.append((section.get("title") or default, section.get("text")))
    return parts


def smartrecruiters_posting(
    item: Mapping[str, Any], detail: Any, *, origin: Origin, company_id: str
) -> Posting:
    """A list entry and its detail answer → a posting."""
    if not isinstance(detail, dict):
        raise BadPayload("the SmartRecruiters posting answer is not a JSON object")
    posting_id = str(item["id"])
    where = detail.get("location") or item.get("location") or {}
    if not isinstance(where, dict):
        where = {}
    country = where.get("country")
    location = clean_place(where.get("fullLocation")) or place(
        where.get("city"),
        where.get("region"),
        country.upper() if isinstance(country, str) else None,
    )
    body, sections = titled_body(_ad_parts(detail))
    company = item.get("company") or detail.get("company") or {}
    name = company.get("name") if isinstance(company, dict) else None
    url = detail.get("postingUrl") or f"{PUBLIC_HOST}/{quote(company_id)}/{quote(posting_id)}"
    return assemble(
        source=origin.source,
        source_kind="smartrecruiters",
        title=detail.get("name") or item.get("name"),
        description_html=body,
        external_id=posting_id,
        company=name if isinstance(name, str) and name.strip() else origin.company,
        locations=[location] if location else [],
        remote=remote_from_flags(where.get("remote"), where.get("hybrid")),
        employment_type=employment_type(
            _label(detail.get("typeOfEmployment") or item.get("typeOfEmployment"))
        ),
        date_posted=parse_date(detail.get("releasedDate") or item.get("releasedDate")),
        url=url,
        apply_url=detail.get("applyUrl") or url,
        sections=sections,
    )


def smartrecruiters(
    read: Sequence[tuple[Mapping[str, Any], Any]], *, origin: Origin, company_id: str
) -> Parsed:
    """(list entry, detail answer) pairs → postings; one that cannot be used is an error."""
    parsed = Parsed()
    for item, detail in read:
        url = f"{PUBLIC_HOST}/{quote(company_id)}/{quote(str(item.get('id') or ''))}"

        def build(item: Mapping[str, Any] = item, detail: Any = detail) -> Posting:
            return smartrecruiters_posting(item, detail, origin=origin, company_id=company_id)

        _collect(parsed, url, build)
    return parsed
