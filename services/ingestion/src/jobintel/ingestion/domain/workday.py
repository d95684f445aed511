"""Workday career sites through their candidate-experience (CXS) JSON API. Pure.

A career site `https://{tenant}.wd{N}.myworkdayjobs.com/[{locale}/]{site}` (or
`https://wd{N}.myworkdaysite.com/[{locale}/]recruiting/{tenant}/{site}`) answers

- `POST /wday/cxs/{tenant}/{site}/jobs` with `{"appliedFacets", "limit", "offset", "searchText"}`:
  `total` (on the first page; later pages may say 0) and `jobPostings[]` with `title`,
  `externalPath`, `locationsText`, `postedOn` ("Posted 3 Days Ago") and `bulletFields`;
- `GET /wday/cxs/{tenant}/{site}{externalPath}`: `jobPostingInfo` (`id`, `title`,
  `jobDescription` HTML, `location`, `additionalLocations`, `startDate`, `timeType`,
  `remoteType`, `jobReqId`, `externalUrl`) beside `hiringOrganization.name`.

The list has no description, so every posting costs one detail request.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import unquote, urlsplit

from jobintel.contracts import Posting

from .assemble import assemble
from .boards import BadPayload, Origin, Parsed, _collect
from .fields import employment_type, parse_date, remote_from_workplace

PAGE_SIZE = 20  # the most the CXS API hands out per request
_LOCALE = re.compile(r"^[a-z]{2}(-[A-Za-z]{2,4})?$")
_POSTED = re.compile(r"posted\s+(?:(today)|(yesterday)|(\d+)\s+days?\s+ago)", re.I)
_COUNTED = re.compile(r"^\d+\s+locations?$", re.I)  # "3 Locations": a count, not a place


@dataclass(frozen=True, slots=True)
class WorkdaySite:
    origin: str  # https://acme.wd5.myworkdayjobs.com
    tenant: str
    site: str
    public_prefix: str  # what comes before an `externalPath` on the public site

    @property
    def jobs_path(self) -> str:
        return f"/wday/cxs/{self.tenant}/{self.site}/jobs"

    def detail_path(self, external_path: str) -> str:
        return f"/wday/cxs/{self.tenant}/{self.site}{external_path}"

    def public_url(self, external_path: str) -> str:
        return f"{self.origin}{self.public_prefix}{external_path}"


def workday_site(url: str) -> WorkdaySite:
    """The tenant and site of a career site URL; `ValueError` saying what is expected."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if segments and _LOCALE.match(segments[0]):
        segments = segments[1:]
    if host.endswith(".myworkdayjobs.com") and host.count(".") >= 3 and segments:
        tenant, site, prefix = host.split(".")[0], segments[0], f"/{segments[0]}"
    elif host.endswith(".myworkdaysite.com") and len(segments) >= 3 and segments[0] == "recruiting":
        tenant, site = segments[1], segments[2]
        prefix = f"/recruiting/{tenant}/{site}"
    else:
        raise ValueError(
            f"{url!r} is not a Workday career site: use its address as a candidate sees it, "
            "e.g. https://acme.wd5.myworkdayjobs.com/en-US/External "
            "or https://wd3.myworkdaysite.com/recruiting/acme/External"
        )
    return WorkdaySite(origin=f"https://{host}", tenant=tenant, site=site, public_prefix=prefix)


def page_request(offset: int, options: Mapping[str, Any]) -> dict[str, Any]:
    """The body of one jobs request, narrowed by `options.search_text` / `.applied_facets`."""
    search = options.get("search_text", "")
    facets = options.get("applied_facets", {})
    if not isinstance(search, str):
        raise ValueError("options.search_text of a workday source must be text")
    if not isinstance(facets, dict) or not all(isinstance(v, list) for v in facets.values()):
        raise ValueError(
            "options.applied_facets of a workday source must map a facet to a list of ids, "
            'e.g. {locations = ["a1b2"]}'
        )
    return {"appliedFacets": facets, "limit": PAGE_SIZE, "offset": offset, "searchText": search}


def listing(data: Any) -> tuple[list[Any], int | None]:
    """One page of the jobs list: its postings and the total it declares (if any)."""
    if not isinstance(data, dict) or not isinstance(data.get("jobPostings"), list):
        raise BadPayload("the Workday jobs answer has no 'jobPostings' list")
    total = data.get("total")
    declared = total if isinstance(total, int) and not isinstance(total, bool) else None
    return list(data["jobPostings"]), declared


def posted_on(value: Any, today: date) -> date | None:
    """ "Posted Today", "Posted Yesterday", "Posted 3 Days Ago" → a date; "30+ Days Ago" → None."""
    if not isinstance(value, str):
        return None
    match = _POSTED.search(value)
    if match is None or "+" in value:
        return None
    if match[1]:
        return today
    if match[2]:
        return today - timedelta(days=1)
    return today - timedelta(days=int(match[3]))


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def workday_posting(
    item: Mapping[str, Any], detail: Any, *, origin: Origin, site: WorkdaySite, today: date
) -> Posting:
    """A list entry and its detail answer → a posting."""
    info = detail.get("jobPostingInfo") if isinstance(detail, dict) else None
    if not isinstance(info, dict):
        raise BadPayload("the Workday job answer has no 'jobPostingInfo'")
    path = str(item["externalPath"])
    places = [info.get("location"), *(info.get("additionalLocations") or [])]
    locations = [p for p in places if isinstance(p, str)]
    listed = _text(item.get("locationsText"))
    if not locations and listed and not _COUNTED.match(listed):
        locations = [listed]
    hiring = detail.get("hiringOrganization") if isinstance(detail, dict) else None
    company = _text(hiring.get("name")) if isinstance(hiring, dict) else None
    url = _text(info.get("externalUrl")) or site.public_url(path)
    return assemble(
        source=origin.source,
        source_kind="workday",
        title=info.get("title") or item.get("title"),
        description_html=info.get("jobDescription"),
        external_id=str(info.get("id") or path),
        company=company or origin.company,
        locations=locations,
        remote=remote_from_workplace(info.get("remoteType") or item.get("remoteType")),
        employment_type=employment_type(info.get("timeType") or item.get("timeType")),
        date_posted=parse_date(info.get("startDate"))
        or posted_on(info.get("postedOn") or item.get("postedOn"), today),
        url=url,
        apply_url=url,
    )


def workday(
    read: Sequence[tuple[Mapping[str, Any], Any]], *, origin: Origin, site: WorkdaySite, today: date
) -> Parsed:
    """(list entry, detail answer) pairs → postings; one that cannot be used is an error."""
    parsed = Parsed()
    for item, detail in read:
        url = site.public_url(str(item.get("externalPath") or ""))

        def build(item: Mapping[str, Any] = item, detail: Any = detail) -> Posting:
            return workday_posting(item, detail, origin=origin, site=site, today=today)

        _collect(parsed, url, build)
    return parsed
