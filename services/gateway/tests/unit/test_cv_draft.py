"""CV files read offline into draft JSON Resumes: sections, roles, dates, and what was guessed."""

from __future__ import annotations

from typing import Any

import pytest

from jobintel.gateway.adapters.cv_files import UnreadableCv, read_cv_file
from jobintel.gateway.domain.cv_draft import draft_from_text
from jobintel.gateway.profiles import read_document


def roles(resume: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (w.get("position"), w.get("name"), w.get("startDate"), w.get("endDate"))
        for w in resume["work"]
    ]


def test_a_markdown_cv_becomes_a_valid_draft(cv_files: Any) -> None:
    cv = read_cv_file(cv_files.markdown(), "ines.md")
    assert cv.format == "markdown"
    draft = draft_from_text(cv.text)
    resume = draft.resume
    assert resume["basics"]["name"] == "Ines Calloway"
    assert resume["basics"]["email"] == "ines.calloway@example.net"
    assert resume["basics"]["phone"] == "+44 20 7946 0321"
    assert resume["basics"]["url"] == "https://ines.example.net"
    assert resume["basics"]["profiles"][0]["username"] == "icalloway"
    assert roles(resume) == [
        ("Senior Site Reliability Engineer", "Saltmarsh Travel", "2021-09", None),
        ("Infrastructure Engineer", "Copperleaf Payments", "2017-02", "2021-08"),
        ("Systems Administrator", "Ferngrove Council", "2014", "2017"),
    ]
    assert resume["work"][0]["highlights"][0].startswith("Brought the booking API")
    assert resume["education"][0] == {
        "studyType": "BSc",
        "area": "Computer Science",
        "institution": "University of the West Downs",
        "startDate": "2010",
        "endDate": "2013",
    }
    assert [s["name"] for s in resume["skills"]] == ["Operations", "Programming"]
    assert resume["languages"][1] == {"language": "Portuguese", "fluency": "professional"}
    assert resume["certificates"][0]["issuer"] == "Cloud Native Computing Foundation"
    # guessed, so listed: the label line and the location; the unknown section is noted
    assert "basics.label" in draft.unsure
    assert "basics.location" in draft.unsure
    assert "work[0].name" not in draft.unsure
    assert any('"Hobbies of mine"' in n and "Sailing" in n for n in draft.notes)
    read_document(resume)  # PUT /api/profile would take it as it is


def test_a_pdf_cv_with_plain_headings_and_wrapped_bullets(cv_files: Any) -> None:
    cv = read_cv_file(cv_files.pdf(), "okafor.pdf")
    assert cv.format == "pdf"
    draft = draft_from_text(cv.text)
    resume = draft.resume
    assert resume["basics"]["name"] == "Daniel Okafor"
    assert resume["basics"]["summary"].startswith("Backend engineer with eight years")
    assert roles(resume) == [
        ("Lead Backend Engineer", "Pennine Freight Systems", "2021-01", None),
        ("Backend Engineer", "Harrowgate Parcel Co.", "2017", "2020"),
        ("Junior Developer", "Millbeck Software", "2015-06", "2016-12"),
    ]
    assert resume["work"][0]["location"] == "Leeds"
    assert resume["work"][0]["highlights"][0].endswith("across the north of England")
    assert len(resume["work"][0]["highlights"]) == 2
    assert resume["education"][0]["institution"] == "University of Calderdale"
    assert resume["skills"][1] == {
        "name": "Platforms",
        "keywords": ["Kafka", "PostgreSQL", "Kubernetes"],
    }
    assert "references" not in resume
    assert any("available on request" in n for n in draft.notes)
    read_document(resume)


def test_a_docx_cv_in_reading_order_with_its_contact_table(cv_files: Any) -> None:
    cv = read_cv_file(cv_files.docx(), "vidal.docx")
    assert cv.format == "docx"
    resume = draft_from_text(cv.text).resume
    assert resume["basics"]["email"] == "marta.vidal@example.es"
    assert resume["basics"]["phone"] == "+34 910 555 321"
    assert roles(resume) == [
        ("Senior Product Designer", "Lumen Health", "2020-03", None),
        ("Interaction Designer", "Ondas Studio", "2016", "2020"),
    ]
    assert resume["education"][0]["area"] == "Interaction Design"
    assert [x["language"] for x in resume["languages"]] == ["Spanish", "English", "Catalan"]


def test_what_cannot_be_told_apart_is_marked_unsure() -> None:
    draft = draft_from_text(
        "Sam Reed\n\nExperience\nKestrel Labs, Halcyon Works\n- Built the thing\n"
        "Deck Officer\n- Counted the stores\n"
    )
    assert "work[0].position" in draft.unsure
    assert "work[0].name" in draft.unsure
    assert "work[0].startDate" in draft.unsure
    assert draft.resume["work"][1] == {
        "position": "Deck Officer",
        "highlights": ["Counted the stores"],
    }
    assert "work[1].name" in draft.unsure
    assert any("work[1]" in n and "employer was not found" in n for n in draft.notes)


def test_a_text_with_no_name_or_sections_says_so() -> None:
    draft = draft_from_text("jo@example.org")
    assert draft.unsure == ["basics.name"]
    assert draft.notes[0] == "read offline: no sections recognised"


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old word", "save the CV as DOCX or PDF"),
        (b"%PDF-1.4 not really", "cannot be read"),
    ],
)
def test_an_unreadable_file_says_what_to_send(data: bytes, says: str) -> None:
    with pytest.raises(UnreadableCv, match=says):
        read_cv_file(data, "cv.doc" if b"word" in data else "cv.pdf")


def test_a_pdf_without_text_is_refused_as_a_scan(cv_files: Any) -> None:
    with pytest.raises(UnreadableCv, match="no text layer"):
        read_cv_file(cv_files.pdf([]), "scan.pdf")


def test_the_date_forms_of_role_lines() -> None:
    draft = draft_from_text(
        "Lena Brook\n\nE X P E R I E N C E\n"
        "Data Analyst, Fenwick Mills, 2015-06 \u2013 2016-12\n- Built reports\n"
        "Data Engineer at Orchard Rail since March 2019\n- Built pipelines\n"
        "Warehouse Assistant, Kelso Stores, Jan. 2012 - Dec. 2014\n- Stacked shelves\n"
    )
    assert roles(draft.resume) == [
        ("Data Analyst", "Fenwick Mills", "2015-06", "2016-12"),
        ("Data Engineer", "Orchard Rail", "2019-03", None),
        ("Warehouse Assistant", "Kelso Stores", "2012-01", "2014-12"),
    ]
