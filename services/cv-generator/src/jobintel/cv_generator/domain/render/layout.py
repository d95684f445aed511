"""What every format shares: section headings, their order, and how dates read."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from jobintel.contracts import TailoredCV, TailoredRole

SUMMARY = "Summary"
ACHIEVEMENTS = "Key Achievements"
COMPETENCIES = "Core Competencies"
EXPERIENCE = "Experience"
PROJECTS = "Projects"
SKILLS = "Skills"
EDUCATION = "Education"
CERTIFICATIONS = "Certifications"
LANGUAGES = "Languages"
# Headings ATS parsers recognise; every renderer uses exactly these, in this order.
STANDARD_HEADINGS = (
    SUMMARY,
    ACHIEVEMENTS,
    COMPETENCIES,
    EXPERIENCE,
    PROJECTS,
    SKILLS,
    EDUCATION,
    CERTIFICATIONS,
    LANGUAGES,
)

EN_DASH = "\u2013"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(value: str | None) -> str | None:
    """One date style everywhere ("Mar 2021"), as ATS consistency checks expect."""
    if not value:
        return None
    parts = value.split("-")
    if len(parts) >= 2:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def period(role: TailoredRole) -> str | None:
    start, end = format_date(role.start_date), format_date(role.end_date)
    if start is None and end is None:
        return None
    return f"{start or '?'} {EN_DASH} {end or 'Present'}"


def role_heading(role: TailoredRole) -> str:
    return ", ".join(filter(None, [role.title, role.employer])) or "Role"


@dataclass(frozen=True, slots=True)
class Block:
    """A section in reading order, with its lines; renderers style it, never reorder it."""

    heading: str
    roles: list[TailoredRole] | None = None
    bullets: list[str] | None = None
    paragraph: str | None = None
    groups: list[tuple[str, list[str]]] | None = None


def blocks(cv: TailoredCV) -> Iterator[Block]:
    """The sections present in this CV, in the standard order."""
    if cv.value_proposition:
        yield Block(SUMMARY, paragraph=cv.value_proposition)
    if cv.key_achievements:
        yield Block(ACHIEVEMENTS, bullets=[b.text for b in cv.key_achievements])
    if cv.competencies:
        yield Block(COMPETENCIES, groups=[(g.name, g.skills) for g in cv.competencies])
    if cv.work:
        yield Block(EXPERIENCE, roles=cv.work)
    if cv.projects:
        yield Block(PROJECTS, roles=cv.projects)
    if cv.skills:
        yield Block(SKILLS, groups=[(g.name, g.skills) for g in cv.skills])
    if cv.education:
        yield Block(EDUCATION, bullets=cv.education)
    if cv.certificates:
        yield Block(CERTIFICATIONS, bullets=cv.certificates)
    if cv.languages:
        yield Block(LANGUAGES, bullets=cv.languages)


def headings(cv: TailoredCV) -> list[str]:
    return [b.heading for b in blocks(cv)]
