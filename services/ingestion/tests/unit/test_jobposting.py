"""Pasted JSON and JSON responses go through the one schema.org JobPosting mapper."""

from __future__ import annotations

from typing import Any

import pytest

from jobintel.contracts import RemoteType
from jobintel.ingestion.domain.jobposting import from_data
from jobintel.ingestion.domain.normalise import NotAPosting

pytestmark = pytest.mark.unit

DESCRIPTION = "<p>Keep the pumps running.</p><ul><li>Two years on industrial pumps</li></ul>"


def paste(data: dict[str, Any], **hints: str) -> Any:
    args: dict[str, Any] = {"title": None, "company": None, "url": None, "source": "paste"}
    return from_data(data, **(args | hints))


def test_identifier_property_value_gives_its_value_not_its_name() -> None:
    data = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": "Pump Technician",
        "description": DESCRIPTION,
        "identifier": {"@type": "PropertyValue", "name": "Riverside Water", "value": "RW-77"},
        "hiringOrganization": {"@type": "Organization", "name": "Riverside Water"},
    }
    posting = paste(data)
    assert posting.external_id == "RW-77"
    assert posting.company == "Riverside Water"
    assert "Two years on industrial pumps" in posting.description_text


def test_plain_keys_map_like_schema_names() -> None:
    posting = paste(
        {
            "title": "Pump Technician",
            "company": "Riverside Water",
            "text": "Keep the pumps running at the plant, on call one week in four.",
            "locations": ["Leeds, UK"],
            "id": 4521,
            "apply_url": "https://riverside.example/apply/4521",
            "jobLocationType": "TELECOMMUTE",
        }
    )
    assert (posting.title, posting.company, posting.external_id) == (
        "Pump Technician",
        "Riverside Water",
        "4521",
    )
    assert posting.locations == ["Leeds, UK"]
    assert posting.apply_url == "https://riverside.example/apply/4521"
    assert posting.remote is RemoteType.HYBRID
    assert posting.source_kind == "json"


def test_a_json_ld_graph_is_searched_for_the_posting() -> None:
    data = {
        "@graph": [
            {"@type": "WebSite"},
            {"@type": "schema:JobPosting", "title": "Fitter", "description": "Fit pipes on site."},
        ]
    }
    assert paste(data).title == "Fitter"


def test_what_the_user_says_wins() -> None:
    data = {"title": "Tech", "company": "R", "description": "Keep pumps running all week."}
    posting = paste(data, title="Pump Technician", company="Riverside", url="https://r.example/j")
    assert (posting.title, posting.company, posting.url) == (
        "Pump Technician",
        "Riverside",
        "https://r.example/j",
    )


def test_missing_description_says_so() -> None:
    with pytest.raises(NotAPosting, match="no 'description'"):
        paste({"title": "Tech"})


def test_missing_title_is_untitled_with_a_note_not_a_failure() -> None:
    posting = paste({"description": "Keep pumps running."})
    assert posting.title == "untitled"
    assert any("no title found" in note for note in posting.notes)
