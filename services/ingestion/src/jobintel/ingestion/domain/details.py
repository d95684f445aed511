"""The schema.org `JobPosting` text fields besides `description`, read in every shape.

`qualifications`, `responsibilities`, `skills`, `experienceRequirements` (text, or an
`OccupationalExperienceRequirements` with `monthsOfExperience`), `educationRequirements` (text,
or an `EducationalOccupationalCredential` with `credentialCategory`), `incentiveCompensation`
and `jobBenefits`: each may be text, HTML, a list, or an object. They go into
`Posting.details`, and into the description under a heading each, unless the description
already holds them, so the annotation service reads the requirements they carry.
"""

from __future__ import annotations

import html as htmllib
import re
from typing import Any

from jobintel.contracts import PostingDetails

from .fields import unescape_html
from .normalise import clean_text, html_to_text

_HTML = re.compile(r"</?[a-z][^>]*>|&lt;[a-z/]", re.I)
# (field of PostingDetails, heading in the description), in the order a posting reads.
HEADINGS: tuple[tuple[str, str], ...] = (
    ("responsibilities", "Responsibilities"),
    ("qualifications", "Qualifications"),
    ("skills", "Skills"),
    ("experience_requirements", "Experience requirements"),
    ("education_requirements", "Education requirements"),
    ("incentive_compensation", "Incentive compensation"),
    ("benefits", "Benefits"),
)


def _plain(value: str) -> str:
    value = value.strip()
    if _HTML.search(value):
        return html_to_text(htmllib.unescape(value) if "&lt;" in value else value)
    return clean_text(value)


def _months(value: Any) -> str | None:
    try:
        months = float(value)
    except (TypeError, ValueError):
        return None
    if months <= 0:
        return "No prior experience required"
    if months >= 12 and months % 12 == 0:
        years = int(months // 12)
        return f"{years} year{'s' if years != 1 else ''} of experience"
    return f"{int(months)} months of experience"


def _object_text(value: dict[str, Any]) -> str | None:
    """An `OccupationalExperienceRequirements` or `EducationalOccupationalCredential`."""
    parts: list[str] = []
    for key in ("description", "name"):
        if isinstance(value.get(key), str) and value[key].strip():
            parts.append(_plain(value[key]))
            break
    months = _months(value.get("monthsOfExperience"))
    if months and not any(months.split()[0] in p for p in parts):
        parts.insert(0, months)
    for key in ("credentialCategory", "educationalLevel"):
        level = value.get(key)
        level = level.get("name") if isinstance(level, dict) else level
        if isinstance(level, str) and level.strip() and not parts:
            parts.append(f"{level.strip()[0].upper()}{level.strip()[1:]}")
    return "\n".join(parts) or None


def field_text(value: Any) -> str | None:
    """One field as plain text: lists become one line per item."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        return _plain(value) or None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict):
        return _object_text(value)
    if isinstance(value, list):
        items = [t for t in (field_text(v) for v in value) if t]
        if len(items) == 1:
            return items[0]
        return "\n".join(f"- {i}" for i in items) or None
    return None


def _skills(value: Any) -> list[str]:
    found: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            item = item.get("name") or item.get("termCode")
        if isinstance(item, str):
            text = _plain(item)
            parts = re.split(r"\s*[,;\n•]\s*|\s+-\s+", text) if len(text) < 400 else [text]
            found += [p.strip(" -*") for p in parts if p.strip(" -*")]
    return list(dict.fromkeys(found))


def read_details(node: dict[str, Any]) -> PostingDetails:
    return PostingDetails(
        qualifications=field_text(node.get("qualifications")),
        responsibilities=field_text(node.get("responsibilities")),
        skills=_skills(node.get("skills")),
        experience_requirements=field_text(node.get("experienceRequirements")),
        education_requirements=field_text(node.get("educationRequirements")),
        incentive_compensation=field_text(node.get("incentiveCompensation")),
        benefits=field_text(node.get("jobBenefits")),
    )


def has_details(details: PostingDetails) -> bool:
    return any(_value(details, name) for name, _ in HEADINGS)


def _value(details: PostingDetails, name: str) -> str | None:
    value = getattr(details, name)
    if isinstance(value, list):
        return "\n".join(f"- {v}" for v in value) if value else None
    return value if isinstance(value, str) and value else None


def _squash(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _lines_html(text: str) -> str:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    items = [line[2:] for line in lines if line.startswith("- ")]
    if items and len(items) == len(lines):
        return "<ul>" + "".join(f"<li>{htmllib.escape(i)}</li>" for i in items) + "</ul>"
    return "".join(f"<p>{htmllib.escape(line)}</p>" for line in lines)


def with_details(
    description_html: str | None, description_text: str | None, details: PostingDetails
) -> tuple[str | None, str | None]:
    """The description with each detail field it lacks appended under its own heading."""
    if description_html is not None:
        description_html = unescape_html(description_html)
    have = _squash(html_to_text(description_html) if description_html else "")
    have += " " + _squash(description_text or "")
    html_parts: list[str] = []
    text_parts: list[str] = []
    for name, heading in HEADINGS:
        value = _value(details, name)
        if not value:
            continue
        lines = [line for line in value.split("\n") if line.strip()]
        missing = [line for line in lines if _squash(line) not in have]
        if not missing:
            continue
        value = "\n".join(missing)
        html_parts.append(f"<h3>{heading}</h3>{_lines_html(value)}")
        text_parts.append(f"{heading}\n{value}")
    if not html_parts:
        return description_html, description_text
    if description_html is not None:
        return description_html + "".join(html_parts), None
    body = "\n\n".join([*([description_text] if description_text else []), *text_parts])
    return None, body
