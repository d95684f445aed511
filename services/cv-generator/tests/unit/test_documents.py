"""Every format says the same thing, and the PDF reads back as it was meant."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from docx import Document as read_docx

from jobintel.contracts import CvFormat, TailoredCV
from jobintel.contracts.company import CompanyProfile
from jobintel.contracts.jd import Keyword
from jobintel.contracts.profile import MasterProfile, Resume
from jobintel.cv_generator.domain.generate import Generated, finish, verbatim
from jobintel.cv_generator.domain.render.layout import headings
from jobintel.cv_generator.domain.render.markdown import render_text
from jobintel.cv_generator.domain.render.pdf import TEMPLATES, render_pdf
from jobintel.cv_generator.domain.roundtrip import pdf_text, round_trip
from jobintel.cv_generator.domain.tailoring import tailor

from ..conftest import make_jd

pytestmark = pytest.mark.unit
NOW = dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.UTC)
COMPANY = CompanyProfile(company_id="tidewater.example", name="Tidewater")


def generate(profile: MasterProfile) -> Generated:
    jd = make_jd()
    t = tailor(profile, jd, NOW.date())
    return finish(
        t,
        verbatim(t, profile),
        profile=profile,
        jd=jd,
        company=COMPANY,
        timestamp=NOW,
    )


def doc(generated: Generated, fmt: CvFormat, template: str | None = None) -> bytes:
    return next(
        d.data
        for d in generated.documents
        if d.format is fmt and (template is None or d.template == template)
    )


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_pdf_reads_back_every_section_and_keyword_in_order(
    profile: MasterProfile, template: str
) -> None:
    generated = generate(profile)
    cv = generated.cv
    pdf = doc(generated, CvFormat.PDF, template)
    keywords = generated.ats.must_have_found + generated.ats.nice_to_have_found
    trip = round_trip(pdf, render_text(cv), headings(cv), keywords)
    assert trip.passed, (trip.missing, trip.out_of_order)
    assert 1 <= trip.pages <= 2
    text, _ = pdf_text(pdf)
    assert "Ines Halvorsen" in text
    assert "ines.halvorsen@example.net" in text
    assert "Bølge Media" in text  # non-ASCII survives


def test_the_round_trip_notices_a_lost_section_and_reordered_keywords(
    profile: MasterProfile,
) -> None:
    cv = generate(profile).cv
    pdf = render_pdf(cv.model_copy(update={"certificates": []}))
    trip = round_trip(pdf, render_text(cv), headings(cv), ["Kubernetes"])
    assert trip.missing[0] == "heading 'Certifications'"
    assert "text 'kubernetes'" in trip.missing  # the lost certificate's words are named too
    swapped = round_trip(
        render_pdf(cv), "Terraform then Kubernetes", [], ["Kubernetes", "Terraform"]
    )
    assert swapped.out_of_order


def test_a_glyph_the_font_lacks_fails_the_round_trip(profile: MasterProfile) -> None:
    """Fullwidth letters render as empty boxes: the PDF must not pass as if they were there."""
    cv = generate(profile).cv
    role = cv.work[0].model_copy(update={"employer": "Ｓｋａｒｖ 東京 Payments"})  # noqa: RUF001
    boxed = cv.model_copy(update={"work": [role, *cv.work[1:]]})
    trip = round_trip(render_pdf(boxed), render_text(boxed), headings(boxed), [])
    assert not trip.passed
    assert trip.missing[0].startswith("glyphs the font lacks")
    assert "text 'skarv'" in trip.missing or "text '東京'" in trip.missing


def test_the_ats_report_passes_its_format_checks(profile: MasterProfile) -> None:
    ats = generate(profile).ats
    failed = [c for c in ats.checks if not c.passed]
    assert failed == []
    assert {c.name for c in ats.checks} >= {
        "standard_headings",
        "no_tables_images_columns",
        "contact_details",
        "consistent_dates",
        "length",
        "pdf_round_trip",
        "must_haves_in_first_50_words",
    }
    assert ats.must_have_missing == []
    assert set(ats.nice_to_have_missing) == {"Kafka", "Communication", "Mentoring"}
    assert set(ats.breakdown) == {"hard_skills", "job_title", "soft_skills"}
    assert 0 < ats.score <= 100


def test_missing_keywords_the_master_cv_supports_are_pointed_out(profile: MasterProfile) -> None:
    jd = make_jd()
    t = tailor(profile, jd, NOW.date())
    # drop PostgreSQL from what is shown: the master CV still holds it
    cv = t.cv.model_copy(
        update={
            "skills": [],
            "competencies": [],
            "work": [r.model_copy(update={"bullets": []}) for r in t.cv.work],
        }
    )
    t2 = type(t)(cv, t.scores, t.terms, t.supported, jd)
    generated = finish(
        t2,
        verbatim(t2, profile),
        profile=profile,
        jd=jd,
        company=COMPANY,
        timestamp=NOW,
    )
    assert "PostgreSQL" in generated.ats.supportable_missing
    assert "Kafka" not in generated.ats.supportable_missing  # not in the master CV at all


def test_docx_has_the_same_sections_as_real_headings(profile: MasterProfile) -> None:
    generated = generate(profile)
    document = read_docx(io.BytesIO(doc(generated, CvFormat.DOCX)))
    level1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert level1 == headings(generated.cv)
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert generated.cv.key_achievements[0].text in bullets
    assert document.core_properties.author == "Ines Halvorsen"


def test_docx_and_pdf_bytes_are_reproducible(profile: MasterProfile) -> None:
    a, b = generate(profile), generate(profile)
    for fmt in (CvFormat.DOCX, CvFormat.PDF, CvFormat.HTML, CvFormat.MARKDOWN, CvFormat.JSON):
        assert doc(a, fmt) == doc(b, fmt), fmt


def test_json_resume_is_valid_and_tailored(profile: MasterProfile) -> None:
    generated = generate(profile)
    data = json.loads(doc(generated, CvFormat.JSON))
    resume = Resume.model_validate(data)
    assert resume.basics.label == generated.cv.headline
    assert resume.work[0].highlights == [b.text for b in generated.cv.work[0].bullets]
    assert data["meta"]["tailoredFor"] == {
        "title": "Senior Platform Engineer",
        "company": "Tidewater",
    }


def test_html_escapes_text_and_has_no_layout_tables(profile: MasterProfile) -> None:
    resume = profile.resume.model_copy(deep=True)
    resume.work[0].highlights[0] = "Kept <script>alert(1)</script> & Kubernetes safe"
    generated = generate(profile.model_copy(update={"resume": resume}))
    html = doc(generated, CvFormat.HTML).decode()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<table" not in html
    assert "<img" not in html
    markdown = doc(generated, CvFormat.MARKDOWN).decode()
    assert "\\<script\\>" in markdown


def test_typst_markup_in_the_cv_is_printed_not_interpreted(profile: MasterProfile) -> None:
    cv: TailoredCV = generate(profile).cv
    tricky = cv.model_copy(update={"name": "Ines #set page(width: 1cm) $x$ *Halvorsen*"})
    text, pages = pdf_text(render_pdf(tricky))
    assert "#set page(width: 1cm) $x$ *Halvorsen*" in " ".join(text.split())
    assert pages <= 2


def test_broad_skills_shown_by_concrete_ones_are_pointed_out(profile: MasterProfile) -> None:
    jd = make_jd()
    jd = jd.model_copy(
        update={
            "keywords": [
                *jd.keywords,
                Keyword(name="Infrastructure as code", weight=1.0),
                Keyword(name="Snowflake", weight=1.0),
            ]
        }
    )
    t = tailor(profile, jd, NOW.date())
    ats = finish(
        t, verbatim(t, profile), profile=profile, jd=jd, company=COMPANY, timestamp=NOW
    ).ats
    assert "Infrastructure as code" in ats.nice_to_have_missing
    assert "Infrastructure as code" in ats.supportable_missing
    assert ats.supportable_evidence["Infrastructure as code"][0] == "work[0].highlights[1]"
    assert "Snowflake" not in ats.supportable_missing  # nothing in the master CV shows it
