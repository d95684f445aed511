"""Recruitee's public careers-site API. Pure.

`GET https://{company}.recruitee.com/api/offers/` answers every published offer at once:
`offers[]` with `id`, `slug`, `title`, `company_name`, `description` and `requirements` (HTML),
`location`, `city`, `country`, `locations[{city,state,country}]`, `remote`, `hybrid`,
`on_site`, `employment_type_code`, `published_at` ("2026-07-30 19:46:15 UTC"), `created_at`,
`careers_url` and `careers_apply_url`.
"""

from __future__ import annotations

from typing import Any

from jobintel.contracts import Posting

from .assemble import assemble
from .ats_parts import place, remote_from_flags, titled_body
from .boards import BadPayload, Origin, Parsed, _collect
from .fields import employment_type, parse_date


def _locations(offer: dict[str, Any]) -> list[str]:
    found = [
        place(
            where.get("city"),
            where.get("state") or where.get("state_code"),
            where.get("country") or where.get("country_code"),
        )
        for where in offer.get("locations") or []
        if isinstance(where, dict)
    ]
    location = offer.get("location")
    if not any(found) and isinstance(location, str):
        found = [place(location)]
    if not any(found):
        found = [place(offer.get("city"), offer.get("country"))]
    return [f for f in found if f]


def recruitee(data: Any, origin: Origin) -> Parsed:
    if not isinstance(data, dict) or not isinstance(data.get("offers"), list):
        raise BadPayload("the Recruitee offers answer has no 'offers' list")
    parsed = Parsed()
    for offer in data["offers"]:
        if not isinstance(offer, dict):
            parsed.errors.append((None, "skipped an offer that is not a JSON object"))
            continue
        url = offer.get("careers_url")

        def build(offer: dict[str, Any] = offer, url: Any = url) -> Posting:
            body, sections = titled_body(
                [(None, offer.get("description")), ("Requirements", offer.get("requirements"))]
            )
            name = offer.get("company_name")
            return assemble(
                source=origin.source,
                source_kind="recruitee",
                title=offer.get("title"),
                description_html=body,
                external_id=str(offer["id"]),
                company=name if isinstance(name, str) and name.strip() else origin.company,
                locations=_locations(offer),
                remote=remote_from_flags(
                    offer.get("remote"), offer.get("hybrid"), offer.get("on_site")
                ),
                employment_type=employment_type(offer.get("employment_type_code")),
                date_posted=parse_date(offer.get("published_at") or offer.get("created_at")),
                url=url,
                apply_url=offer.get("careers_apply_url") or url,
                sections=sections,
            )

        _collect(parsed, url, build)
    return parsed
