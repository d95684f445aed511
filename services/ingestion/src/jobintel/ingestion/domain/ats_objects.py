"""One posting object as an ATS's public API returns it, pasted or posted as `{"data": ...}`.

Greenhouse (`boards-api.greenhouse.io/v1/boards/{board}/jobs/{id}`, or one of the `jobs` of
`.../jobs?content=true`), Lever (one of `api.lever.co/v0/postings/{company}`) and Ashby (one of
the `jobs` of `api.ashbyhq.com/posting-api/job-board/{board}`) are recognised by their own
keys and read by the same parsers as a board run (`boards.py`), so the posting has the same
source kind and external id as the one a board run ingests: that pair is its natural key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jobintel.contracts import Posting

from .boards import Origin, Parsed, ashby, greenhouse, lever
from .normalise import NotAPosting

# kind → (title key, description keys, URL key)
_SHAPES: dict[str, tuple[str, tuple[str, ...], str]] = {
    "greenhouse": ("title", ("content",), "absolute_url"),
    "lever": ("text", ("description", "descriptionPlain", "lists", "additional"), "hostedUrl"),
    "ashby": ("title", ("descriptionHtml", "descriptionPlain"), "jobUrl"),
}


def ats_kind(data: dict[str, Any]) -> str | None:
    """Which ATS's posting object `data` is, by the keys only that ATS uses."""
    if "absolute_url" in data or "internal_job_id" in data or "requisition_id" in data:
        return "greenhouse"
    if "content" in data and "title" in data and isinstance(data.get("location"), dict):
        return "greenhouse"
    if "text" in data and any(k in data for k in ("hostedUrl", "categories", "lists")):
        return "lever"
    if "descriptionPlain" in data and "text" in data:
        return "lever"
    if "title" in data and any(k in data for k in ("jobUrl", "descriptionHtml", "isListed")):
        return "ashby"
    return None


def _one(data: dict[str, Any]) -> dict[str, Any]:
    """A board answer holding a single job (`{"jobs": [job]}`) is that job."""
    jobs = data.get("jobs")
    if isinstance(jobs, list) and len(jobs) == 1 and isinstance(jobs[0], dict):
        return jobs[0]
    return data


def from_ats_object(
    data: dict[str, Any],
    *,
    title: str | None,
    company: str | None,
    url: str | None,
    source: str,
) -> Posting | None:
    """The posting an ATS object holds, or None when `data` is no ATS's posting object.

    What the user said (`title`, `company`, `url`) wins over what the object says. Raises
    `NotAPosting` naming the ATS and the missing key when the object cannot be used.
    """
    data = _one(data)
    kind = ats_kind(data)
    if kind is None:
        return None
    title_key, text_keys, url_key = _SHAPES[kind]
    job = dict(data)
    if title:
        job[title_key] = title
    if url:
        job[url_key] = url
    if company and kind == "greenhouse":
        job["company_name"] = company
    name = kind.capitalize()
    if not job.get(title_key):
        raise NotAPosting(f"the {name} posting has no '{title_key}' (its title): give a title")
    if not any(job.get(k) for k in text_keys):
        keys = " or ".join(f"'{k}'" for k in text_keys)
        raise NotAPosting(f"the {name} posting has no description ({keys})")
    if job.get("id") in (None, ""):
        if not job.get(url_key):
            raise NotAPosting(f"the {name} posting has neither an 'id' nor a '{url_key}'")
        job["id"] = job[url_key]
    parsers: dict[str, Callable[[], Parsed]] = {
        "greenhouse": lambda: greenhouse({"jobs": [job]}, Origin(source, company)),
        "lever": lambda: lever([job], Origin(source, company)),
        "ashby": lambda: ashby({"jobs": [{**job, "isListed": True}]}, Origin(source, company)),
    }
    parsed = parsers[kind]()
    if not parsed.postings:
        reason = parsed.errors[0][1] if parsed.errors else "no posting in it"
        raise NotAPosting(f"the {name} posting could not be read: {reason}")
    return parsed.postings[0]
