"""The master CV flattened into scorable items, each with its JSON path and dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from jobintel.contracts.profile import Resume


class ItemKind(StrEnum):
    HIGHLIGHT = "highlight"
    ROLE_SUMMARY = "role_summary"
    PROJECT = "project"
    SKILL = "skill"
    CERTIFICATE = "certificate"
    EDUCATION = "education"


@dataclass(frozen=True, slots=True)
class Item:
    path: str
    kind: ItemKind
    text: str
    group: int  # index of the role/project/skill group/... it belongs to
    end: dt.date | None  # None: ongoing or undated
    dated: bool


def parse_date(value: str | None) -> dt.date | None:
    """JSON Resume dates are YYYY, YYYY-MM or YYYY-MM-DD."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    year, month, day = ([*parts, 1, 1])[:3]
    return dt.date(year, month, day)


def items_of(resume: Resume) -> list[Item]:
    found: list[Item] = []
    for i, work in enumerate(resume.work):
        end = parse_date(work.endDate)
        dated = work.startDate is not None or work.endDate is not None
        if work.summary:
            found.append(
                Item(f"work[{i}].summary", ItemKind.ROLE_SUMMARY, work.summary, i, end, dated)
            )
        for j, text in enumerate(work.highlights):
            found.append(
                Item(f"work[{i}].highlights[{j}]", ItemKind.HIGHLIGHT, text, i, end, dated)
            )
    for i, project in enumerate(resume.projects):
        text = " ".join(
            filter(
                None, [project.name, project.description, *project.highlights, *project.keywords]
            )
        )
        end = parse_date(project.endDate)
        found.append(
            Item(f"projects[{i}]", ItemKind.PROJECT, text, i, end, project.startDate is not None)
        )
    for i, skill in enumerate(resume.skills):
        for j, keyword in enumerate(skill.keywords):
            found.append(
                Item(f"skills[{i}].keywords[{j}]", ItemKind.SKILL, keyword, i, None, False)
            )
        if not skill.keywords and skill.name:
            found.append(Item(f"skills[{i}].name", ItemKind.SKILL, skill.name, i, None, False))
    for i, cert in enumerate(resume.certificates):
        text = " ".join(filter(None, [cert.name, cert.issuer]))
        found.append(
            Item(
                f"certificates[{i}]",
                ItemKind.CERTIFICATE,
                text,
                i,
                parse_date(cert.date),
                bool(cert.date),
            )
        )
    for i, edu in enumerate(resume.education):
        text = " ".join(filter(None, [edu.studyType, edu.area, edu.institution, *edu.courses]))
        found.append(
            Item(
                f"education[{i}]",
                ItemKind.EDUCATION,
                text,
                i,
                parse_date(edu.endDate),
                bool(edu.endDate),
            )
        )
    return found
