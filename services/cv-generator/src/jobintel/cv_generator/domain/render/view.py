"""The CV as plain data in reading order: what the HTML and Typst templates lay out."""

from __future__ import annotations

from typing import Any

from jobintel.contracts import TailoredCV

from .layout import blocks, period, role_heading


def view_model(cv: TailoredCV) -> dict[str, Any]:
    sections = []
    for block in blocks(cv):
        sections.append(
            {
                "heading": block.heading,
                "paragraph": block.paragraph,
                "bullets": block.bullets or [],
                "groups": [
                    {"name": name, "skills": ", ".join(skills)}
                    for name, skills in block.groups or []
                ],
                "roles": [
                    {
                        "title": role.title or "",
                        "employer": role.employer or "",
                        "heading": role_heading(role),
                        "period": period(role) or "",
                        "location": role.location or "",
                        "bullets": [b.text for b in role.bullets],
                    }
                    for role in block.roles or []
                ],
            }
        )
    return {
        "name": cv.name,
        "headline": cv.headline or "",
        "contact": cv.contact,
        "sections": sections,
    }
