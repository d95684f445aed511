"""The whole stack as processes: a job's cover letter downloads in Markdown, DOCX and PDF."""

from __future__ import annotations

import io

import pytest
from docx import Document as read_docx
from pypdf import PdfReader

from .conftest import Stack, sample_posting, sample_profile
from .test_pipeline import wait_for_status

pytestmark = pytest.mark.e2e

KINDS = {
    "md": (b"# Mara Lindqvist", "text/markdown"),
    "docx": (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument"),
    "pdf": (b"%PDF-", "application/pdf"),
}


def test_a_job_gets_a_cover_letter_in_three_formats_every_sentence_judged(stack: Stack) -> None:
    with stack.client() as client:
        assert client.put("/api/profile", json=sample_profile()).status_code == 202
        job_id = client.post("/api/jobs", json=sample_posting("01-platform-engineer.md")).json()[
            "job_id"
        ]
        view = wait_for_status(client, job_id, {"cv_ready"})
        files = {}
        for fmt, (magic, content_type) in KINDS.items():
            resp = client.get(f"/api/jobs/{job_id}/cover-letter", params={"format": fmt})
            assert resp.status_code == 200, (fmt, resp.text[:200])
            assert resp.content.startswith(magic), (fmt, resp.content[:40])
            assert resp.headers["content-type"].startswith(content_type)
            assert "cover-letter-" in resp.headers["content-disposition"]
            files[fmt] = resp.content
        grounding = client.get(f"/api/jobs/{job_id}/grounding").json()
        page = client.get(f"/jobs/{job_id}").text
    letter = view["cv"]["cover_letter"]
    texts = {
        "md": files["md"].decode(),
        "docx": "\n".join(p.text for p in read_docx(io.BytesIO(files["docx"])).paragraphs),
        "pdf": "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(files["pdf"])).pages),
    }
    kept = [i["output"] for i in grounding["cover_letter"]["items"] if i["output"]]
    assert kept
    for fmt, text in texts.items():
        flat = " ".join(text.replace("\\", "").split())
        assert "Mara Lindqvist" in text, fmt
        for sentence in kept:  # every judged sentence is in every file
            assert " ".join(sentence.split()) in flat, (fmt, sentence)
        for item in grounding["cover_letter"]["items"]:
            if item["verdict"] == "reverted":  # and no refused one is
                assert " ".join(item["proposed"].split()) not in flat, (fmt, item)
    assert letter["job_title"]
    assert "Grounding of the cover letter" in page
