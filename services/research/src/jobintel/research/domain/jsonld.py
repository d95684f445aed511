"""schema.org `Organization` and `Person` objects from JSON-LD, as cited facts and people.

The objects come from `jobintel.runtime.web.json_ld`; this module only reads their meaning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jobintel.contracts import Fact
from jobintel.runtime.web import schema_types

ORG_TYPES = frozenset(
    {
        "Organization",
        "Corporation",
        "LocalBusiness",
        "NGO",
        "EducationalOrganization",
        "GovernmentOrganization",
        "OnlineBusiness",
        "NewsMediaOrganization",
        "ResearchOrganization",
    }
)


@dataclass(frozen=True, slots=True)
class Person:
    """Someone found on a page (or in the posting), before the job gives them a role."""

    name: str
    title: str | None
    source_url: str | None
    profile_urls: tuple[str, ...] = ()
    context: str | None = field(default=None, compare=False)  # e.g. "reporting to"


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return " ".join(value.split()) or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("@value"))
    if isinstance(value, list) and value:
        return _text(value[0])
    return None


def _urls(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [v.strip() for v in items if isinstance(v, str) and v.strip().startswith("http")]


def _employees(value: Any) -> str | None:
    if isinstance(value, dict):
        if value.get("value") is not None:
            return _text(value.get("value"))
        low, high = _text(value.get("minValue")), _text(value.get("maxValue"))
        if low and high:
            return f"{low}-{high}"
        return low or high
    return _text(value)


def _address(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        parts = [
            _text(value.get(k))
            for k in ("streetAddress", "addressLocality", "addressRegion", "addressCountry")
        ]
        return ", ".join(p for p in parts if p) or None
    return _text(value)


@dataclass
class OrganizationFindings:
    facts: list[Fact] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)
    description: str | None = None
    people: list[Person] = field(default_factory=list)


def read_objects(objects: list[dict[str, Any]], source_url: str) -> OrganizationFindings:
    """Facts of the page's organizations and every person named, each citing `source_url`."""
    found = OrganizationFindings()
    for obj in objects:
        types = schema_types(obj)
        if types & ORG_TYPES:
            _organization(obj, source_url, found)
        if "Person" in types:
            _person(obj, source_url, found)
    return found


def _organization(obj: dict[str, Any], source: str, found: OrganizationFindings) -> None:
    labels = (
        ("Legal name", obj.get("legalName")),
        ("Founded", obj.get("foundingDate")),
        ("Employees", _employees(obj.get("numberOfEmployees"))),
        ("Headquarters", _address(obj.get("address") or obj.get("location"))),
        ("Slogan", obj.get("slogan")),
        ("Industry", obj.get("industry") or obj.get("knowsAbout")),
    )
    for label, raw in labels:
        value = _text(raw)
        if value:
            found.facts.append(Fact(label=label, value=value, source_url=source))
    for who in ("founder", "founders"):
        raw = obj.get(who)
        for item in raw if isinstance(raw, list) else [raw]:
            if isinstance(item, dict):
                _person({**item, "jobTitle": item.get("jobTitle") or "Founder"}, source, found)
            elif isinstance(item, str) and item.strip():
                found.people.append(Person(item.strip(), "Founder", source))
    for item in obj.get("employee") or obj.get("employees") or []:
        if isinstance(item, dict):
            _person(item, source, found)
    found.same_as.extend(u for u in _urls(obj.get("sameAs")) if u not in found.same_as)
    description = _text(obj.get("description"))
    if description and not found.description:
        found.description = description
        found.facts.append(Fact(label="What they do", value=description, source_url=source))


def _person(obj: dict[str, Any], source: str, found: OrganizationFindings) -> None:
    name = _text(obj.get("name"))
    if not name:
        given, family = _text(obj.get("givenName")), _text(obj.get("familyName"))
        name = " ".join(p for p in (given, family) if p) or None
    if not name or any(p.name == name for p in found.people):
        return
    found.people.append(
        Person(
            name=name,
            title=_text(obj.get("jobTitle")),
            source_url=source,
            profile_urls=tuple(_urls(obj.get("sameAs")) + _urls(obj.get("url"))),
        )
    )
