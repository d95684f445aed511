"""The profile page as served: import a CV file, review the draft, save the CV and the persona."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest

pytestmark = pytest.mark.integration


async def test_the_page_offers_import_review_and_save(gateway: Any, eventually: Any) -> None:
    page = (await gateway.client.get("/profile")).text
    importer = re.search(r"<form class=\"card\" data-cv-import>.*?</form>", page, re.DOTALL)
    assert importer is not None
    assert re.search(r'<input type="file" name="cv" accept="[^"]*\.pdf,\.docx,\.md', importer[0])
    assert "data-import-review hidden" in importer[0]
    assert "<ul data-unsure>" in importer[0]
    assert '<textarea name="resume"' in page
    assert "JSON or YAML" in page
    assert '<form class="card" data-persona>' in page
    assert re.search(r"<textarea name=\"resume\"[^>]*></textarea>", page)  # nothing saved yet


async def test_the_page_shows_the_saved_cv_as_a_plain_document_and_the_persona(
    gateway: Any, eventually: Any
) -> None:
    resume = {
        "basics": {"name": "Ada <script>alert(1)</script> Quill", "label": "Engineer"},
        "work": [{"name": "Harbour Ltd", "position": "Engineer", "startDate": "2019-03"}],
    }
    await gateway.client.put("/api/profile/persona", json={"identity": "Harbour pilot"})
    assert (await gateway.client.put("/api/profile", json=resume)).status_code == 202

    async def saved() -> bool:
        return (await gateway.client.get("/api/profile")).status_code == 200

    await eventually(saved)
    page = (await gateway.client.get("/profile")).text
    assert "<script>alert(1)</script>" not in page
    area = re.search(r"<textarea name=\"resume\"[^>]*>(.*?)</textarea>", page, re.DOTALL)
    assert area is not None
    shown = json.loads(html.unescape(area[1]))
    assert shown["basics"]["name"] == resume["basics"]["name"]
    assert "resume" not in shown  # the document itself, not the old envelope
    assert shown["work"][0]["name"] == "Harbour Ltd"
    assert 'name="identity" maxlength="200" value="Harbour pilot"' in page
    assert "version 1" in page
