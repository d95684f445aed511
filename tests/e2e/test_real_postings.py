"""Postings as people paste them reach a CV: no title line, or a posting that is one paragraph."""

from __future__ import annotations

import pytest

from .conftest import Stack, sample_profile
from .test_pipeline import wait_for_status

pytestmark = pytest.mark.e2e

ONE_PARAGRAPH = (
    "Data Engineer at Larkspur Bank. We are hiring a data engineer to build and run our batch "
    "and streaming pipelines in Python and SQL on PostgreSQL and Kafka. You must have three "
    "years of experience with Python and SQL; experience with Airflow is a plus. We offer a "
    "hybrid week in Leeds and 28 days of holiday."
)
NO_TITLE_AT_ALL = (
    "- build and run batch pipelines in Python and SQL\n"
    "- keep our PostgreSQL warehouse fast and correct\n"
    "- you have shipped data pipelines before\n"
)


@pytest.mark.parametrize(
    ("text", "title"),
    [(ONE_PARAGRAPH, "Data Engineer"), (NO_TITLE_AT_ALL, "untitled")],
    ids=["one-paragraph", "no-title"],
)
def test_a_posting_without_a_title_line_reaches_cv_ready(
    stack: Stack, text: str, title: str
) -> None:
    with stack.client() as client:
        assert client.put("/api/profile", json=sample_profile()).status_code == 202
        job = client.post("/api/jobs", json={"text": text})
        assert job.status_code == 202, job.text
        job_id = job.json()["job_id"]
        wait_for_status(client, job_id, {"cv_ready"}, timeout=120)
        view = client.get(f"/api/jobs/{job_id}").json()
        cv = client.get(f"/api/jobs/{job_id}/cv", params={"format": "md"})
    assert cv.status_code == 200
    assert view["posting"]["title"] == title
