"""No posting fails for want of a title: it is read from the first sentence, or "untitled"."""

from __future__ import annotations

import pytest

from jobintel.contracts import Confidence
from jobintel.ingestion.domain.normalise import UNTITLED, from_text, title_from_text

pytestmark = pytest.mark.unit

ONE_PARAGRAPH = (
    "Data Engineer at Larkspur Bank. We are hiring a data engineer to move our batch jobs "
    "to streaming. You have four years of Python and SQL, and you have run Kafka in "
    "production. Hybrid in Leeds, two days a week in the office."
)


def paste(text: str) -> object:
    return from_text(text, title=None, company=None, url=None, source="paste")


def test_one_paragraph_posting_takes_title_and_company_from_its_first_sentence() -> None:
    posting = from_text(ONE_PARAGRAPH, title=None, company=None, url=None, source="paste")
    assert posting.title == "Data Engineer"
    assert posting.company == "Larkspur Bank"
    assert posting.company_confidence is Confidence.LOW
    assert posting.notes == []
    # the title sentence stands on its own line, as a title line does; no word is lost
    assert posting.description_text.startswith("Data Engineer at Larkspur Bank.\n\nWe are hiring")
    assert posting.description_text.split() == ONE_PARAGRAPH.split()


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("We are hiring a Senior Data Engineer to build our pipelines. You know Python well.",
         "Senior Data Engineer"),
        ("We're looking for an experienced Product Designer who loves research. Join us now.",
         "Product Designer"),
        ("We\u2019re looking for a Mobile Developer to own our iOS app. Swift is a must here.",
         "Mobile Developer"),
        ("Join us as Staff Platform Engineer and help us run Kubernetes. Five years required.",
         "Staff Platform Engineer"),
        ("Larkspur Bank is hiring a Backend Developer in Leeds. You will write Go all day.",
         "Backend Developer"),
        ("Wir suchen eine/n Softwareentwickler/in (m/w/d) f\u00fcr unser Team in Berlin. Los.",
         "Softwareentwickler/in"),
        ("Senior Platform Engineer\n\nWe are looking for an engineer to run our platform.",
         "Senior Platform Engineer"),
    ],
)  # fmt: skip
def test_title_from_the_first_sentence(text: str, title: str) -> None:
    assert title_from_text(text).title == title


def test_no_title_anywhere_is_untitled_with_a_note_not_a_failure() -> None:
    text = (
        "You would be part of a small group that looks after customers, answers their "
        "questions by phone and email, and keeps the order book tidy for the sales people."
    )
    posting = from_text(text, title=None, company=None, url=None, source="paste")
    assert posting.title == UNTITLED
    assert any("no title found" in n and "'title'" in n for n in posting.notes)
    assert any(n.startswith("employer unknown") for n in posting.notes)


@pytest.mark.parametrize("marker", ["- ", "* ", "\u2022 ", "1. ", "2) "])
def test_a_posting_pasted_from_its_first_bullet_is_untitled(marker: str) -> None:
    text = (
        f"{marker}build and run batch pipelines in Python and SQL\n"
        f"{marker}keep our PostgreSQL warehouse fast\n"
    )
    posting = from_text(text, title=None, company=None, url=None, source="paste")
    assert posting.title == UNTITLED


def test_a_markdown_heading_is_still_a_title() -> None:
    text = "# Data Engineer\n\n- build and run our batch pipelines in Python\n"
    posting = from_text(text, title=None, company=None, url=None, source="paste")
    assert posting.title == "Data Engineer"


def test_a_title_the_user_gives_wins() -> None:
    posting = from_text(ONE_PARAGRAPH, title="Streaming Engineer", company=None, url=None,
                        source="paste")  # fmt: skip
    assert posting.title == "Streaming Engineer"
