"""A master CV as people have it (current or older JSON Resume names) reaches the tailored CV."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import Stack, sample_posting
from .test_pipeline import wait_for_status

pytestmark = pytest.mark.e2e

RESUMES = Path(__file__).parents[2] / "services/gateway/tests/fixtures/resumes"
DASH = "\u2013"

# (file, content type, [(title, employer, period as the CV writes it)])
CASES = [
    (
        "older.json",
        "application/json",
        [
            ("Senior Backend Developer", "Northgate Civic Digital", f"Mar 2020 {DASH} Present"),
            ("Backend Developer", "Brightwater Insurance", f"Apr 2016 {DASH} Feb 2020"),
            ("Junior Developer", "Penfold & Daughters", f"Sep 2013 {DASH} Mar 2016"),
        ],
    ),
    (
        "complete.yaml",
        "application/yaml",
        [
            ("Lead Data Engineer", "Elbe Freight Data", f"Jul 2020 {DASH} Present"),
            ("Data Engineer", "Rheinpost Analytics", f"Oct 2016 {DASH} Jun 2020"),
            ("Working Student", "Statistisches Landesamt Nord", f"2014 {DASH} 2016"),
        ],
    ),
]


@pytest.mark.parametrize(("name", "content_type", "roles"), CASES, ids=[c[0] for c in CASES])
def test_every_employer_title_and_date_reaches_the_cv(
    stack: Stack, name: str, content_type: str, roles: list[tuple[str, str, str]]
) -> None:
    with stack.client() as client:
        resp = client.put(
            "/api/profile",
            content=(RESUMES / name).read_bytes(),
            headers={"content-type": content_type},
        )
        assert resp.status_code == 202, resp.text
        job = client.post("/api/jobs", json=sample_posting("03-data-engineer.md"))
        assert job.status_code == 202, job.text
        job_id = job.json()["job_id"]
        wait_for_status(client, job_id, {"cv_ready"}, timeout=120)
        markdown = client.get(f"/api/jobs/{job_id}/cv", params={"format": "md"}).text
        document = json.loads(client.get(f"/api/jobs/{job_id}/cv", params={"format": "json"}).text)
    lines = markdown.splitlines()
    for title, employer, period in roles:
        heading = f"### {title}, {employer}"
        assert heading in lines, f"{heading!r} missing from the CV:\n{markdown}"
        assert lines[lines.index(heading) + 1].strip("*").startswith(period), markdown
    assert [(w.get("position"), w.get("name")) for w in document["work"]] == [
        (title, employer) for title, employer, _ in roles
    ]
