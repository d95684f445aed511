"""The tailored CV as a JSON Resume document, for tools that speak that schema."""

from __future__ import annotations

import json
from typing import Any

from jobintel.contracts import TailoredCV
from jobintel.contracts.profile import Resume


def render_json_resume(cv: TailoredCV, master: Resume, meta: dict[str, Any]) -> str:
    """Basics and dates come from the master CV; what was chosen and in which order, from `cv`."""
    basics = master.basics.model_dump(mode="json", exclude_none=True)
    basics["label"] = cv.headline or basics.get("label")
    if cv.value_proposition:
        basics["summary"] = cv.value_proposition
    work = [
        {
            k: v
            for k, v in {
                "name": role.employer,
                "position": role.title,
                "location": role.location,
                "startDate": role.start_date,
                "endDate": role.end_date,
                "summary": role.summary,
                "highlights": [b.text for b in role.bullets],
            }.items()
            if v is not None
        }
        for role in cv.work
    ]
    projects = [
        {
            k: v
            for k, v in {
                "name": p.title,
                "startDate": p.start_date,
                "endDate": p.end_date,
                "highlights": [b.text for b in p.bullets],
            }.items()
            if v is not None
        }
        for p in cv.projects
    ]
    document = {
        "basics": basics,
        "work": work,
        "projects": projects,
        "skills": [{"name": g.name, "keywords": g.skills} for g in cv.skills],
        "education": [e.model_dump(mode="json", exclude_none=True) for e in master.education],
        "certificates": [c.model_dump(mode="json", exclude_none=True) for c in master.certificates],
        "languages": [x.model_dump(mode="json", exclude_none=True) for x in master.languages],
        "meta": {
            **meta,
            "keyAchievements": [b.text for b in cv.key_achievements],
            "coreCompetencies": [{"name": g.name, "keywords": g.skills} for g in cv.competencies],
        },
    }
    Resume.model_validate(document)  # what we hand out must be a valid JSON Resume
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
