"""Outreach drafts through the truthfulness gate, signed with the person's own name."""

from __future__ import annotations

import pytest

from jobintel.contracts import (
    CompanyProfile,
    Contact,
    ContactRole,
    Fact,
    StructuredJD,
    Verdict,
)
from jobintel.contracts.profile import MasterProfile
from jobintel.research.domain.outreach import PLACEHOLDER, finish_draft

pytestmark = pytest.mark.unit

PROFILE = MasterProfile.model_validate(
    {
        "resume": {
            "basics": {"name": "Oskar Lindqvist", "label": "Backend Engineer"},
            "work": [
                {
                    "name": "Sundberg Freight",
                    "position": "Backend Engineer",
                    "startDate": "2021-02",
                    "highlights": [
                        "Built the route-pricing service in Go that quotes 2 million "
                        "shipments a month",
                        "Helped migrate the billing database to PostgreSQL",
                    ],
                }
            ],
            "skills": [{"name": "Languages", "keywords": ["Go", "Python"]}],
        }
    }
)
CONTACT = Contact(name="Tomasz Nowak", title="Head of Engineering", role=ContactRole.HIRING_MANAGER)
COMPANY = CompanyProfile(
    company_id="acme-robotics.example",
    name="Acme Robotics",
    summary="Acme Robotics builds warehouse robots for 400 small retailers.",
    facts=[Fact(label="founded", value="2015", source_url="https://acme-robotics.example/about")],
    contacts=[CONTACT],
)
JD = StructuredJD(version=1, title="Staff Platform Engineer", description_text="Go and PostgreSQL.")
TEMPLATE = (
    "Hi Tomasz,\n\nI am applying for the Staff Platform Engineer role at Acme Robotics. "
    "I would welcome the chance to hear what success in the early months would look like "
    f"for your team.\n\nThank you for your time,\n{PLACEHOLDER}"
)
# an invented claim about the sender, and the word of it the report must name
INVENTED = [
    ("I led the platform team at Google for six years.", "Google"),
    ("I worked at Acme Robotics as an intern.", "Acme Robotics"),
    ("I am an AWS Certified Solutions Architect.", "Solutions Architect"),
    ("I built a Kafka pipeline for 9 banks.", "Kafka"),
]
HONEST = "I built the route-pricing service in Go that quotes 2 million shipments a month."
ABOUT_THEM = "Your warehouse robots for 400 small retailers caught my eye."


def finished(written: str | None, profile: MasterProfile | None = PROFILE) -> Contact:
    return finish_draft(
        CONTACT,
        written=written,
        template=TEMPLATE,
        company=COMPANY,
        jd=JD,
        profile=profile,
        method="llm",
    )


def test_the_template_draft_is_signed_with_the_persons_name_and_every_sentence_judged() -> None:
    contact = finished(None)
    draft = contact.outreach_draft or ""
    assert draft.endswith("Thank you for your time,\nOskar Lindqvist")
    assert PLACEHOLDER not in draft
    assert draft.startswith("Hi Tomasz,\n\nI am applying for the Staff Platform Engineer role")
    report = contact.outreach_grounding
    assert report is not None
    assert not report.reverted
    applying = next(i for i in report.items if i.output.startswith("I am applying"))
    # the job title and company map to the recipient's context, not to the sender's CV
    assert {c.source_path for c in applying.claims if c.supported} >= {
        "job title",
        "company.name",
    }


def test_a_model_draft_keeps_true_sentences_and_drops_every_invented_claim() -> None:
    written = " ".join(["Hi Tomasz,", ABOUT_THEM, HONEST, *(s for s, _ in INVENTED), PLACEHOLDER])
    contact = finished(written)
    draft = contact.outreach_draft or ""
    assert draft.startswith(f"Hi Tomasz, {ABOUT_THEM} {HONEST}")
    assert draft.endswith("Oskar Lindqvist")
    report = contact.outreach_grounding
    assert report is not None
    refused = {i.proposed: i for i in report.reverted}
    for sentence, claim in INVENTED:
        assert sentence not in draft
        assert claim not in draft
        item = refused[sentence]
        assert item.output == ""
        assert any(claim in u or u in claim for u in item.unsupported), (sentence, item)


def test_a_model_draft_with_nothing_true_falls_back_to_the_checked_template() -> None:
    written = "Hi Tomasz, " + " ".join(s for s, _ in INVENTED) + f"\n{PLACEHOLDER}"
    contact = finished(written)
    draft = contact.outreach_draft or ""
    assert draft.startswith("Hi Tomasz,\n\nI am applying for the Staff Platform Engineer role")
    assert draft.endswith("Oskar Lindqvist")
    report = contact.outreach_grounding
    assert report is not None
    assert report.note is not None
    assert "refused by the truthfulness gate" in report.note
    assert {i.proposed for i in report.reverted} == {s for s, _ in INVENTED}


def test_without_a_master_cv_the_placeholder_stays_and_no_claim_about_the_sender_passes() -> None:
    contact = finished(f"Hi Tomasz, {HONEST} {ABOUT_THEM}\n{PLACEHOLDER}", profile=None)
    draft = contact.outreach_draft or ""
    assert draft.endswith(PLACEHOLDER)
    assert HONEST not in draft  # nothing vouches for it yet
    assert ABOUT_THEM in draft  # about the company, from its own profile
    report = contact.outreach_grounding
    assert report is not None
    assert report.note is not None
    assert "placeholder" in report.note
    assert any(i.verdict is Verdict.REVERTED and i.proposed == HONEST for i in report.items)
