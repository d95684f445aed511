"""The one schema.org `JobPosting` mapper: JSON-LD, microdata and pasted JSON objects.

Several `jobLocation`s, `TELECOMMUTE` with `applicantLocationRequirements`, salary as
`MonetaryAmount` over `QuantitativeValue`, an `identifier` given as a `PropertyValue` (its
value is the id, never its name). Pasted objects with plain keys (`title`, `company`,
`description`, `locations`, `id`, `apply_url`) are renamed to schema.org first.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Sequence
from typing import Any

from jobintel.contracts import Confidence, Posting, RemoteType, Salary
from jobintel.runtime.web import schema_types, walk

from .assemble import assemble
from .ats_objects import from_ats_object
from .details import has_details, read_details, with_details
from .employer import from_organization
from .fields import employment_type, parse_date, salary, unique_places
from .normalise import NotAPosting, html_to_text, remote_type, title_from_text


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("value") or value.get("@value")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value.strip():
        return htmllib.unescape(value.strip())
    return None


def _place(value: Any) -> tuple[str, bool] | None:
    """A `jobLocation` as text, and whether it names only a country."""
    if isinstance(value, str):
        return (value.strip(), False) if value.strip() else None
    if not isinstance(value, dict):
        return None
    address = value.get("address", value)
    if isinstance(address, str):
        return (address.strip(), False) if address.strip() else None
    if isinstance(address, list):
        address = address[0] if address else {}
    if not isinstance(address, dict):
        name = _text(value.get("name"))
        return (name, False) if name else None
    parts = [_text(address.get(k)) for k in ("addressLocality", "addressRegion")]
    country = _text(address.get("addressCountry"))
    joined = ", ".join(p for p in [*parts, country] if p)
    if joined:
        return joined, not any(parts)
    name = _text(value.get("name"))
    return (name, False) if name else None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _salary(value: Any) -> Salary | None:
    value = _as_list(value)[0] if isinstance(value, list) and value else value
    if isinstance(value, int | float | str):
        return salary(value, value, None, None)
    if not isinstance(value, dict):
        return None
    amount = value.get("value")
    if isinstance(amount, dict):
        low = amount.get("minValue", amount.get("value"))
        high = amount.get("maxValue", amount.get("value"))
        unit = amount.get("unitText") or value.get("unitText")
    else:
        low = value.get("minValue", amount)
        high = value.get("maxValue", amount)
        unit = value.get("unitText")
    return salary(low, high, value.get("currency") or value.get("salaryCurrency"), unit)


def _where(node: dict[str, Any], text: str) -> tuple[list[str], RemoteType | None]:
    """Locations and remote type: `TELECOMMUTE` with `applicantLocationRequirements` is a
    remote job open in those places (a country-only `jobLocation` repeats them, and is
    dropped); `TELECOMMUTE` beside an office location is hybrid; repeats are dropped."""
    places = [p for p in (_place(loc) for loc in _as_list(node.get("jobLocation"))) if p]
    location_type = " ".join(str(t) for t in _as_list(node.get("jobLocationType"))).upper()
    if "TELECOMMUTE" not in location_type:
        return unique_places(p for p, _ in places), None
    allowed = [
        a for a in (_text(r) for r in _as_list(node.get("applicantLocationRequirements"))) if a
    ]
    if allowed:
        offices = [p for p, country_only in places if not country_only]
        return unique_places([*(f"Remote ({a})" for a in allowed), *offices]), RemoteType.REMOTE
    if places:
        said = remote_type(text)
        return unique_places(p for p, _ in places), (
            RemoteType.REMOTE if said is RemoteType.REMOTE else RemoteType.HYBRID
        )
    return ["Remote"], RemoteType.REMOTE


def from_job_posting(
    node: dict[str, Any],
    *,
    page_url: str | None,
    source: str,
    source_kind: str = "page",
    page_urls: Sequence[str | None] = (),
    site_owner: str | None = None,
) -> Posting:
    """One schema.org `JobPosting` object (JSON-LD or microdata) as a `Posting`.

    `page_urls` are the page's own addresses (its URL, canonical link) and `site_owner` who
    the page says it belongs to: they tell a company's careers page from a listing.
    """
    identifier = node.get("identifier")
    if isinstance(identifier, dict):  # PropertyValue: the id is its value, not its name
        identifier = identifier.get("value") or identifier.get("@id")
    external_id = _text(identifier) if identifier is not None else None
    url = _text(node.get("url")) or page_url
    description = node.get("description")
    description = description if isinstance(description, str) else _text(description)
    details = read_details(node)
    is_html = bool(description and re.search(r"</?[a-z][^>]*>|&lt;", description))
    desc_html, desc_text = with_details(
        description if is_html else None, None if is_html else description, details
    )
    locations, remote = _where(node, desc_text or html_to_text(desc_html or ""))
    employer = from_organization(
        node.get("hiringOrganization"),
        page_urls=[*(page_urls or [page_url]), url],
        site_owner=site_owner,
    )
    return assemble(
        source=source,
        source_kind=source_kind,
        title=_text(node.get("title")) or _text(node.get("name")),
        description_html=desc_html,
        description_text=desc_text,
        external_id=external_id,
        company=employer.name,
        company_url=employer.url,
        company_confidence=employer.confidence,
        listing_site=employer.listing_site,
        locations=locations,
        remote=remote,
        employment_type=employment_type(node.get("employmentType")),
        salary=_salary(node.get("baseSalary") or node.get("estimatedSalary")),
        date_posted=parse_date(_text(node.get("datePosted"))),
        valid_through=parse_date(_text(node.get("validThrough"))),
        url=url,
        apply_url=_text(node.get("directApplyUrl")) or (url if node.get("directApply") else None),
        details=details,
        notes=[employer.note] if employer.note else [],
        confidence=Confidence.HIGH,
    )


# Plain keys people use in pasted JSON, and the schema.org name each stands for.
_PLAIN_KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("title", ("title", "name")),
    ("hiringOrganization", ("hiringOrganization", "company", "organization")),
    ("description", ("description", "text", "content")),
    ("jobLocation", ("jobLocation", "locations", "location")),
    ("identifier", ("identifier", "id")),
    ("employmentType", ("employmentType", "employment_type")),
    ("directApplyUrl", ("directApplyUrl", "apply_url", "applyUrl")),
)


def _as_job_posting(data: dict[str, Any]) -> dict[str, Any]:
    """`data` itself when it holds a schema.org `JobPosting`, else its plain keys renamed."""
    for node in walk(data):
        if "JobPosting" in schema_types(node):
            return node
    node = dict(data)
    for name, keys in _PLAIN_KEYS:
        value = next((data[k] for k in keys if data.get(k) not in (None, "", [])), None)
        if value is not None:
            node[name] = value
    return node


def from_data(
    data: dict[str, Any],
    *,
    title: str | None,
    company: str | None,
    url: str | None,
    source: str,
    source_kind: str = "json",
) -> Posting:
    """A posting given as a JSON object (pasted, or a JSON / JSON-LD response).

    What the user said (`title`, `company`, `url`) wins over what the object says. An ATS's
    posting object (Greenhouse, Lever, Ashby) is read as its board run reads it; a JobPosting
    without a title takes one from its description's first sentence, else is "untitled".
    """
    notes: list[str] = []
    if not _has_job_posting(data):
        posting = from_ats_object(data, title=title, company=company, url=url, source=source)
        if posting is not None:
            return posting
    node = _as_job_posting(data)
    if not _text(node.get("description")) and not has_details(read_details(node)):
        raise NotAPosting("the JSON object has no 'description'")
    if not (title or _text(node.get("title")) or _text(node.get("name"))):
        found = title_from_text(_description_text(node), first_line=False)
        title = found.title
        if found.note:
            notes = [found.note]
    node = with_hints(node, title=title, company=company, url=url)
    posting = from_job_posting(node, page_url=url, source=source, source_kind=source_kind)
    if notes:
        posting = posting.model_copy(update={"notes": [*notes, *posting.notes]})
    return posting


def with_hints(
    node: dict[str, Any], *, title: str | None, company: str | None, url: str | None
) -> dict[str, Any]:
    """A `JobPosting` with what the user said about it (title, company, URL) put in."""
    if title:
        node = {**node, "title": title}
    if company:
        org = node.get("hiringOrganization")
        org = org[0] if isinstance(org, list) and org else org
        org = {**org, "name": company} if isinstance(org, dict) else {"name": company}
        node = {**node, "hiringOrganization": org}
    if url:
        node = {**node, "url": url}
    return node


def _has_job_posting(data: dict[str, Any]) -> bool:
    return any("JobPosting" in schema_types(node) for node in walk(data))


def _description_text(node: dict[str, Any]) -> str:
    description = _text(node.get("description")) or ""
    return html_to_text(description) if re.search(r"</?[a-z][^>]*>", description) else description
