"""Personio's public XML feed of open positions. Pure; parsed with defusedxml.

`GET https://{company}.jobs.personio.de/xml?language=en` (or `.jobs.personio.com`) answers
`<workzag-jobs>` with one `<position>` per job: `<id>`, `<subcompany>`, `<office>`,
`<additionalOffices><office>…`, `<department>`, `<name>`, `<jobDescriptions><jobDescription>
<name/><value>HTML in CDATA</value>…`, `<employmentType>` (permanent, intern, trainee,
freelance, working_student…), `<seniority>`, `<schedule>` (full-time, part-time…) and
`<createdAt>`. The feed names no URL: a position's page is `https://{host}/job/{id}`.
An empty `<workzag-jobs/>` is a company with no open positions, not an error.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from jobintel.contracts import Posting

from .assemble import assemble
from .ats_parts import titled_body
from .boards import BadPayload, Origin, Parsed, _collect
from .fields import employment_type, parse_date

ROOT = "workzag-jobs"
_KINDS = {"working_student": "internship", "trainee": "internship"}  # Personio's own codes


def _text(node: Element | None, path: str) -> str | None:
    found = node.find(path) if node is not None else None
    text = found.text if found is not None else None
    return text.strip() if text and text.strip() else None


def _employment(position: Element) -> str | None:
    """`employmentType` says permanent or not; `schedule` says full- or part-time."""
    kind = _text(position, "employmentType")
    if kind is None or kind.lower() == "permanent":
        return employment_type(_text(position, "schedule") or kind)
    return employment_type(_KINDS.get(kind.lower(), kind))


def personio(content: bytes, origin: Origin, *, host: str, language: str | None = None) -> Parsed:
    try:
        root = fromstring(content)
    except (ParseError, DefusedXmlException) as exc:
        raise BadPayload(
            f"the Personio feed of {host} is not readable XML ({exc}); check that the board is "
            "the company's Personio subdomain (an unknown one is sent to Personio's home page)"
        ) from exc
    if root.tag != ROOT:
        raise BadPayload(
            f"the Personio feed of {host} has <{root.tag}> at its root, not <{ROOT}>; check that "
            "the board is the company's Personio subdomain"
        )
    query = f"?language={quote(language)}" if language else ""
    parsed = Parsed()
    for position in root.findall("position"):
        position_id = _text(position, "id")
        url = f"https://{host}/job/{quote(position_id)}{query}" if position_id else None

        def build(
            position: Element = position, position_id: Any = position_id, url: Any = url
        ) -> Posting:
            if position_id is None:
                raise BadPayload("a Personio position has no <id>")
            offices = [_text(position, "office")]
            offices += [
                (office.text or "").strip()
                for office in position.findall("additionalOffices/office")
            ]
            body, sections = titled_body(
                (_text(part, "name"), _text(part, "value"))
                for part in position.findall("jobDescriptions/jobDescription")
            )
            return assemble(
                source=origin.source,
                source_kind="personio",
                title=_text(position, "name"),
                description_html=body,
                external_id=position_id,
                company=_text(position, "subcompany") or origin.company,
                locations=[o for o in offices if o],
                employment_type=_employment(position),
                date_posted=parse_date(_text(position, "createdAt")),
                url=url,
                apply_url=url,
                sections=sections,
            )

        _collect(parsed, url, build)
    return parsed
