"""The one schema.org `JobPosting` mapper: JSON-LD, microdata and pasted JSON objects.

Several `jobLocation`s, `TELECOMMUTE` with `applicantLocationRequirements`, salary as
`MonetaryAmount` over `QuantitativeValue`, an `identifier` given as a `PropertyValue` (its
value is the id, never its name). Pasted objects with plain keys (`title`, `company`,
`description`, `locations`, `id`, `apply_url`) are renamed to schema.org first.
"""

from __future__ import annotations

import html as htmllib
import re
from typing import Any

from jobintel.contracts import Confidence, Posting, RemoteType, Salary
from jobintel.runtime.web import schema_types, walk

from .assemble import assemble
from .fields import employment_type, parse_date, salary
from .normalise import NotAPosting


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


def _country(value: Any) -> str | None:
    return _text(value)


def _place(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if not isinstance(value, dict):
        return None
    address = value.get("address", value)
    if isinstance(address, str):
        return address.strip() or None
    if isinstance(address, list):
        address = address[0] if address else {}
    if not isinstance(address, dict):
        return _text(value.get("name"))
    parts = [_text(address.get(k)) for k in ("addressLocality", "addressRegion")]
    parts.append(_country(address.get("addressCountry")))
    joined = ", ".join(p for p in parts if p)
    return joined or _text(value.get("name"))


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


def from_job_posting(
    node: dict[str, Any], *, page_url: str | None, source: str, source_kind: str = "page"
) -> Posting:
    """One schema.org `JobPosting` object (JSON-LD or microdata) as a `Posting`."""
    org = node.get("hiringOrganization")
    org = org[0] if isinstance(org, list) and org else org
    company = _text(org)
    company_url = None
    if isinstance(org, dict):
        same = org.get("sameAs") or org.get("url")
        company_url = _text(same[0] if isinstance(same, list) and same else same)
    locations = [p for p in (_place(loc) for loc in _as_list(node.get("jobLocation"))) if p]
    location_type = " ".join(str(t) for t in _as_list(node.get("jobLocationType"))).upper()
    remote: RemoteType | None = None
    if "TELECOMMUTE" in location_type:
        remote = RemoteType.HYBRID if locations else RemoteType.REMOTE
        for req in _as_list(node.get("applicantLocationRequirements")):
            name = _text(req)
            if name:
                locations.append(f"Remote ({name})")
        if not locations:
            locations.append("Remote")
    identifier = node.get("identifier")
    if isinstance(identifier, dict):  # PropertyValue: the id is its value, not its name
        identifier = identifier.get("value") or identifier.get("@id")
    external_id = _text(identifier) if identifier is not None else None
    url = _text(node.get("url")) or page_url
    description = node.get("description")
    description = description if isinstance(description, str) else _text(description)
    is_html = bool(description and re.search(r"</?[a-z][^>]*>|&lt;", description))
    return assemble(
        source=source,
        source_kind=source_kind,
        title=_text(node.get("title")) or _text(node.get("name")),
        description_html=description if is_html else None,
        description_text=None if is_html else description,
        external_id=external_id,
        company=company,
        company_url=company_url,
        locations=locations,
        remote=remote,
        employment_type=employment_type(node.get("employmentType")),
        salary=_salary(node.get("baseSalary") or node.get("estimatedSalary")),
        date_posted=parse_date(_text(node.get("datePosted"))),
        valid_through=parse_date(_text(node.get("validThrough"))),
        url=url,
        apply_url=_text(node.get("directApplyUrl")) or (url if node.get("directApply") else None),
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

    What the user said (`title`, `company`, `url`) wins over what the object says.
    """
    node = _as_job_posting(data)
    if not (title or _text(node.get("title")) or _text(node.get("name"))):
        raise NotAPosting("the JSON object has no 'title'")
    if not _text(node.get("description")):
        raise NotAPosting("the JSON object has no 'description'")
    if title:
        node = {**node, "title": title}
    if company:
        org = node.get("hiringOrganization")
        org = {**org, "name": company} if isinstance(org, dict) else {"name": company}
        node = {**node, "hiringOrganization": org}
    if url:
        node = {**node, "url": url}
    return from_job_posting(node, page_url=url, source=source, source_kind=source_kind)
