"""Workable's public job widget. Pure.

`GET https://apply.workable.com/api/v1/widget/accounts/{account}?details=true` answers the whole
board at once: `name` (the company) and `jobs[]` with `title`, `shortcode`, `url`,
`application_url`, `employment_type`, `telecommuting`, `published_on`, `created_at`, `city`,
`state`, `country`, `locations[{city,region,country,countryCode,hidden}]` and `description`
(HTML; `requirements` and `benefits` beside it where the account fills them).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from jobintel.contracts import Posting, RemoteType

from .assemble import assemble
from .ats_parts import place, titled_body
from .boards import BadPayload, Origin, Parsed, _collect
from .fields import employment_type, parse_date, remote_from_workplace


def _locations(job: dict[str, Any]) -> list[str]:
    found = [
        place(where.get("city"), where.get("region"), where.get("country"))
        for where in job.get("locations") or []
        if isinstance(where, dict) and not where.get("hidden")
    ]
    found = found or [place(job.get("city"), job.get("state"), job.get("country"))]
    return [f for f in found if f]


def workable(data: Any, origin: Origin, *, account: str) -> Parsed:
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise BadPayload("the Workable widget answer has no 'jobs' list")
    board_name = data.get("name") if isinstance(data.get("name"), str) else None
    parsed = Parsed()
    for job in data["jobs"]:
        if not isinstance(job, dict):
            parsed.errors.append((None, "skipped a job that is not a JSON object"))
            continue
        shortcode = job.get("shortcode")
        url = job.get("url") or job.get("shortlink")
        if not url and shortcode:
            url = f"https://apply.workable.com/{quote(account)}/j/{quote(str(shortcode))}/"

        def build(job: dict[str, Any] = job, url: Any = url) -> Posting:
            body, sections = titled_body(
                [
                    (None, job.get("description")),
                    ("Requirements", job.get("requirements")),
                    ("Benefits", job.get("benefits")),
                ]
            )
            remote = RemoteType.REMOTE if job.get("telecommuting") is True else None
            return assemble(
                source=origin.source,
                source_kind="workable",
                title=job.get("title"),
                description_html=body,
                external_id=str(job["shortcode"]),
                company=origin.company or board_name,
                locations=_locations(job),
                remote=remote or remote_from_workplace(job.get("workplace_type")),
                employment_type=employment_type(job.get("employment_type")),
                date_posted=parse_date(job.get("published_on") or job.get("created_at")),
                url=url,
                apply_url=job.get("application_url") or url,
                sections=sections,
            )

        _collect(parsed, url, build)
    return parsed
