"""ATS board payloads (Greenhouse, Lever, Ashby) and feeds → postings. Pure: bytes in, postings out.

Each parser keeps what the source delimits itself (Lever `lists`, Greenhouse headings) as
`sections` for the annotation service, and reports a posting it cannot use as an error
without losing the others.
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass, field
from typing import Any

import feedparser

from jobintel.contracts import Confidence, Posting, RemoteType, SourceSection

from .assemble import assemble
from .fields import employment_type, parse_date, remote_from_workplace, salary, unescape_html
from .normalise import NotAPosting, html_to_text


class BadPayload(ValueError):
    """The source answered, but not with what its API documents."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


@dataclass
class Parsed:
    postings: list[Posting] = field(default_factory=list)
    errors: list[tuple[str | None, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Origin:
    """Who the postings belong to: the source's name and the company when the board says none."""

    source: str
    company: str | None = None


def load_json(content: bytes, what: str) -> Any:
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadPayload(f"{what} did not answer with valid JSON ({exc})", url=what) from exc


def _collect(parsed: Parsed, url: str | None, build: Any) -> None:
    try:
        parsed.postings.append(build())
    except (NotAPosting, ValueError, TypeError, KeyError) as exc:
        parsed.errors.append((url, f"skipped a posting: {exc}"))


# ---------------------------------------------------------------- Greenhouse


_HEADING = re.compile(r"<(h[1-6]|strong|b)\b[^>]*>(.*?)</\1>", re.I | re.S)


def headed_sections(description_html: str) -> list[SourceSection]:
    """Split HTML at its headings (Greenhouse's content is headed prose)."""
    parts = _HEADING.split(description_html)
    if len(parts) < 4:
        return []
    sections: list[SourceSection] = []
    # parts: [before, tag, heading, after, tag, heading, after, ...]
    for i in range(1, len(parts) - 2, 3):
        heading = html_to_text(parts[i + 1]).strip(" :")
        body = html_to_text(parts[i + 2])
        if heading and body and len(heading) <= 120:
            sections.append(SourceSection(heading=heading, text=body))
    return sections


def greenhouse(data: Any, origin: Origin, *, board_name: str | None = None) -> Parsed:
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise BadPayload("the Greenhouse board answer has no 'jobs' list")
    parsed = Parsed()
    for job in data["jobs"]:
        if not isinstance(job, dict):
            parsed.errors.append((None, "skipped a job that is not a JSON object"))
            continue
        url = job.get("absolute_url")

        def build(job: dict[str, Any] = job, url: Any = url) -> Posting:
            content = unescape_html(str(job.get("content") or ""))
            location = (job.get("location") or {}).get("name")
            offices = [
                o.get("location") or o.get("name")
                for o in job.get("offices") or []
                if isinstance(o, dict)
            ]
            locations = [location] if location else [o for o in offices if o]
            posting = assemble(
                source=origin.source,
                source_kind="greenhouse",
                title=job.get("title"),
                description_html=content,
                external_id=str(job["id"]),
                company=job.get("company_name") or board_name or origin.company,
                locations=locations,
                date_posted=parse_date(job.get("first_published") or job.get("updated_at")),
                url=url,
                apply_url=url,
                language=job.get("language"),
            )
            sections = headed_sections(posting.description_html or "")
            return posting.model_copy(update={"sections": sections})

        _collect(parsed, url, build)
    return parsed


# ---------------------------------------------------------------- Lever


def lever_error(data: Any) -> str:
    message = data.get("message") if isinstance(data, dict) else None
    return f"the Lever postings answer is not a list{f': {message}' if message else ''}"


def lever(data: Any, origin: Origin) -> Parsed:
    if not isinstance(data, list):
        raise BadPayload(lever_error(data))
    parsed = Parsed()
    for job in data:
        if not isinstance(job, dict):
            parsed.errors.append((None, "skipped a posting that is not a JSON object"))
            continue
        url = job.get("hostedUrl")

        def build(job: dict[str, Any] = job, url: Any = url) -> Posting:
            categories = job.get("categories") or {}
            locations = categories.get("allLocations") or [categories.get("location")]
            sections = [
                SourceSection(
                    heading=str(item.get("text") or "").strip(),
                    text=html_to_text(f"<ul>{item.get('content') or ''}</ul>"),
                )
                for item in job.get("lists") or []
                if isinstance(item, dict) and item.get("text")
            ]
            parts = [job.get("description") or ""]
            parts += [
                f"<h3>{s.heading}</h3><ul>{item.get('content') or ''}</ul>"
                for s, item in zip(sections, job.get("lists") or [], strict=False)
            ]
            parts.append(job.get("additional") or "")
            pay = job.get("salaryRange") or {}
            return assemble(
                source=origin.source,
                source_kind="lever",
                title=job.get("text"),
                description_html="".join(parts),
                external_id=str(job["id"]),
                company=origin.company,
                locations=[loc for loc in locations if isinstance(loc, str)],
                remote=remote_from_workplace(job.get("workplaceType")),
                employment_type=employment_type(categories.get("commitment")),
                salary=salary(
                    pay.get("min"), pay.get("max"), pay.get("currency"), pay.get("interval")
                )
                if isinstance(pay, dict)
                else None,
                date_posted=parse_date(job.get("createdAt")),
                url=url,
                apply_url=job.get("applyUrl") or url,
                sections=sections,
            )

        _collect(parsed, url, build)
    return parsed


# ---------------------------------------------------------------- Ashby


def _ashby_place(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    postal = (value.get("address") or {}).get("postalAddress") or value.get("postalAddress")
    name = value.get("location")
    if isinstance(name, str) and name.strip():
        return name.strip()
    if isinstance(postal, dict):
        parts = [postal.get(k) for k in ("addressLocality", "addressRegion", "addressCountry")]
        return ", ".join(p for p in parts if isinstance(p, str) and p) or None
    return None


def ashby(data: Any, origin: Origin) -> Parsed:
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise BadPayload("the Ashby job board answer has no 'jobs' list")
    parsed = Parsed()
    for job in data["jobs"]:
        if not isinstance(job, dict):
            parsed.errors.append((None, "skipped a job that is not a JSON object"))
            continue
        if job.get("isListed") is False:
            continue
        url = job.get("jobUrl")

        def build(job: dict[str, Any] = job, url: Any = url) -> Posting:
            locations = [job.get("location")]
            locations += [_ashby_place(s) for s in job.get("secondaryLocations") or []]
            remote = remote_from_workplace(job.get("workplaceType"))
            if remote is None and job.get("isRemote"):
                remote = RemoteType.REMOTE
            pay = None
            for part in (job.get("compensation") or {}).get("summaryComponents") or []:
                if isinstance(part, dict) and part.get("compensationType") == "Salary":
                    pay = salary(
                        part.get("minValue"),
                        part.get("maxValue"),
                        part.get("currencyCode"),
                        part.get("interval"),
                    )
                    break
            return assemble(
                source=origin.source,
                source_kind="ashby",
                title=job.get("title"),
                description_html=job.get("descriptionHtml"),
                description_text=job.get("descriptionPlain"),
                external_id=str(job["id"]),
                company=origin.company,
                locations=[loc for loc in locations if isinstance(loc, str)],
                remote=remote,
                employment_type=employment_type(job.get("employmentType")),
                salary=pay,
                date_posted=parse_date(job.get("publishedAt")),
                url=url,
                apply_url=job.get("applyUrl") or url,
            )

        _collect(parsed, url, build)
    return parsed


# ---------------------------------------------------------------- RSS / Atom


def feed(content: bytes, origin: Origin, *, feed_url: str) -> Parsed:
    document = feedparser.parse(content)
    if document.get("bozo") and not document.get("entries"):
        problem = document.get("bozo_exception")
        raise BadPayload(f"{feed_url} is not an RSS or Atom feed ({problem})")
    if not document.get("version") and not document.get("entries"):
        raise BadPayload(f"{feed_url} is not an RSS or Atom feed")
    company = origin.company or (document.get("feed") or {}).get("title")
    parsed = Parsed()
    for entry in document.get("entries", []):
        link = entry.get("link")

        def build(entry: Any = entry, link: Any = link) -> Posting:
            body = ""
            if entry.get("content"):
                body = entry["content"][0].get("value", "")
            body = body or entry.get("summary", "")
            published = entry.get("published_parsed") or entry.get("updated_parsed")
            posted = parse_date(calendar.timegm(published)) if published else None
            external = entry.get("id") or link or entry.get("title")
            if not external:
                raise NotAPosting("the feed entry has no id, link or title")
            return assemble(
                source=origin.source,
                source_kind="feed",
                title=entry.get("title"),
                description_html=body if "<" in body else None,
                description_text=None if "<" in body else body,
                external_id=str(external),
                company=company or entry.get("author"),
                locations=[
                    str(t.get("term"))
                    for t in entry.get("tags", [])
                    if isinstance(t, dict) and t.get("scheme") == "location"
                ],
                date_posted=posted,
                url=link,
                apply_url=link,
                confidence=Confidence.MEDIUM,
            )

        _collect(parsed, link, build)
    return parsed
