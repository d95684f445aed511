"""The cover letter: what the template writes, and what the gate keeps out of it."""

from __future__ import annotations

import datetime as dt
import io
import re

from docx import Document as read_docx
from pypdf import PdfReader

from jobintel.contracts import (
    CoverLetter,
    CvFormat,
    GroundingItem,
    SourceRef,
    Verdict,
)
from jobintel.contracts.company import CompanyProfile, Contact, ContactRole
from jobintel.contracts.jd import StructuredJD
from jobintel.contracts.profile import MasterProfile
from jobintel.cv_generator.domain.generate import Document, finish, finish_letter, verbatim
from jobintel.cv_generator.domain.letter import (
    Kind,
    LetterDraft,
    Proposal,
    Sentence,
    compose,
    write_letter,
)
from jobintel.cv_generator.domain.letter_gate import ResumeGate
from jobintel.cv_generator.domain.render.letter import (
    letter_text,
    render_letter_markdown,
    render_letter_pdf,
)
from jobintel.cv_generator.domain.tailoring import Tailoring, tailor

TODAY = dt.date(2026, 11, 24)
STAMP = dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.UTC)
SUMMARY = (
    "Tidewater runs freight booking for 300 shipping lines across the Baltic. We are growing fast."
)
# each invented claim, and the word of it the report must name
INVENTED = [
    ("I led a platform team of 40 engineers at Google.", "Google"),
    ("I hold the CKS certification from the Linux Foundation.", "CKS"),
    ("I ran Kafka clusters for streaming payments.", "Kafka"),
    ("I cut cloud spend by 64% at Skarv Payments.", "64"),
    (
        "I was the \u0421\u0415\u041e of Skarv Payments.",
        "\u0421\u0415\u041e",
    ),  # Cyrillic look-alike
]
HONEST = [
    "I built the Terraform module library that 12 product teams use to provision AWS accounts.",
    "I introduced Prometheus alerting rules and SLO dashboards in Grafana for 40 services.",
]


def company(**update: object) -> CompanyProfile:
    base = CompanyProfile(
        company_id="tidewater.example",
        name="Tidewater",
        website="https://tidewater.example",
        summary=SUMMARY,
        summary_sources=["https://tidewater.example/about"],
        contacts=[
            Contact(name="Sigrid Aune", role=ContactRole.PEER),
            Contact(name="Maren Dahl", title="Head of Platform", role=ContactRole.HIRING_MANAGER),
        ],
    )
    return base.model_copy(update=update)


def letter_for(
    profile: MasterProfile,
    jd: StructuredJD,
    about: CompanyProfile,
    proposal: Proposal | None = None,
) -> tuple[CoverLetter, list[Document], Tailoring]:
    tailoring = tailor(profile, jd, TODAY)
    generated = finish(
        tailoring, verbatim(tailoring, profile), profile=profile, jd=jd, company=about,
        timestamp=STAMP,
    )  # fmt: skip
    draft = compose(generated.cv, jd, about)
    letter, documents = finish_letter(
        draft,
        proposal or Proposal(),
        cv=generated.cv,
        tailoring=tailoring,
        profile=profile,
        jd=jd,
        company=about,
        timestamp=STAMP,
    )
    return letter, documents, tailoring


def rendered(documents: list[Document]) -> dict[CvFormat, str]:
    """The text a reader of each file sees."""
    by_format = {d.format: d.data for d in documents}
    pdf = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(by_format[CvFormat.PDF])).pages)
    docx = "\n".join(p.text for p in read_docx(io.BytesIO(by_format[CvFormat.DOCX])).paragraphs)
    return {
        CvFormat.MARKDOWN: by_format[CvFormat.MARKDOWN].decode(),
        CvFormat.DOCX: docx,
        CvFormat.PDF: pdf,
    }


def flat(text: str) -> str:
    return " ".join(text.replace("\\", "").split())


def test_the_offline_letter_is_addressed_signed_and_built_from_the_tailored_header(
    profile: MasterProfile, jd: StructuredJD
) -> None:
    letter, documents, _ = letter_for(profile, jd, company())
    assert letter.salutation == "Dear Maren Dahl,"  # the hiring manager, not the first contact
    assert letter.name == "Ines Halvorsen"
    assert "Senior Platform Engineer role at Tidewater" in letter.paragraphs[0]
    # the company line is the researched summary's own sentence, cited
    assert (
        "Tidewater runs freight booking for 300 shipping lines across the Baltic."
        in (letter.paragraphs[0])
    )
    assert "We are growing fast" not in letter_text(letter)  # not about the company by name
    cited = next(i for i in letter.grounding.items if i.section == "company[0]")
    assert cited.source is not None
    assert "https://tidewater.example/about" in cited.source.path
    # the key achievements the tailoring chose, as they stand in the CV
    assert letter.achievements
    highlights = {h for w in profile.resume.work for h in w.highlights}
    assert set(letter.achievements) <= highlights
    assert letter.method == "template"
    assert {d.format for d in documents} == {CvFormat.MARKDOWN, CvFormat.DOCX, CvFormat.PDF}


def test_every_sentence_of_the_letter_has_a_passing_verdict_and_refused_ones_are_absent(
    profile: MasterProfile, jd: StructuredJD
) -> None:
    letter, documents, _ = letter_for(profile, jd, company())
    items = letter.grounding.items
    kept = [i.output for i in items if i.verdict is not Verdict.REVERTED]
    refused = [i.proposed for i in items if i.verdict is Verdict.REVERTED]
    assert all(i.output == "" for i in items if i.verdict is Verdict.REVERTED)
    for text in rendered(documents).values():
        for sentence in kept:
            assert flat(sentence) in flat(text)
        for sentence in refused:
            assert sentence
            assert flat(sentence) not in flat(text)
    # every sentence of the letter is one the report judged
    judged = {flat(s) for s in kept}
    for line in letter_text(letter).splitlines():
        for sentence in re.split(r"(?<=[.!?:,])\s+(?=[A-Z])", line):
            assert any(flat(sentence) in j for j in judged), sentence


def test_the_letter_reads_the_same_in_markdown_docx_and_pdf(
    profile: MasterProfile, jd: StructuredJD
) -> None:
    letter, documents, _ = letter_for(profile, jd, company())
    for fmt, text in rendered(documents).items():
        for line in letter_text(letter).splitlines():
            assert flat(line) in flat(text), (fmt, line)
    again = letter_for(profile, jd, company())[1]
    assert [d.data for d in again] == [d.data for d in documents]  # reproducible bytes


def test_a_model_that_invents_claims_cannot_get_them_into_the_letter(
    profile: MasterProfile, jd: StructuredJD
) -> None:
    proposal = Proposal(sentences=[*HONEST, *(s for s, _ in INVENTED)], method="llm:fake")
    letter, documents, _ = letter_for(profile, jd, company(), proposal)
    by_proposal = {i.proposed: i for i in letter.grounding.items if i.proposed}
    for sentence, claim in INVENTED:
        item = by_proposal[sentence]
        assert item.verdict is Verdict.REVERTED
        assert item.output == ""
        assert any(claim in u for u in item.unsupported), item.unsupported
    for text in rendered(documents).values():
        for sentence, claim in INVENTED:
            assert flat(sentence) not in flat(text)
            assert claim not in text
        for sentence in HONEST:  # the true sentences the model wrote are kept
            assert flat(sentence) in flat(text)
    assert letter.method == "llm:fake"


def test_when_the_model_writes_almost_nothing_true_the_template_body_is_used(
    profile: MasterProfile, jd: StructuredJD
) -> None:
    proposal = Proposal(sentences=[s for s, _ in INVENTED], method="llm:fake")
    letter, _, _ = letter_for(profile, jd, company(), proposal)
    offline, _, _ = letter_for(profile, jd, company())
    assert letter.paragraphs == offline.paragraphs
    assert letter.grounding.note is not None
    n = len(INVENTED)
    assert f"{n} of the model's {n} sentences were refused" in letter.grounding.note
    refused = {i.proposed for i in letter.grounding.reverted if i.section.startswith("proposed")}
    assert refused == {s for s, _ in INVENTED}


def test_without_research_the_letter_greets_the_team_and_says_nothing_about_the_company(
    profile: MasterProfile, jd: StructuredJD
) -> None:
    bare = CompanyProfile(company_id="unknown", name="Unknown company", partial=True)
    letter, _, _ = letter_for(profile, jd, bare)
    assert letter.salutation == "Dear Tidewater team,"  # the posting's company name
    assert "Unknown company" not in letter_text(letter)
    assert not any(i.section.startswith("company") for i in letter.grounding.items if i.section)


def test_a_company_sentence_that_is_not_the_researched_profile_is_left_out(
    profile: MasterProfile, jd: StructuredJD
) -> None:
    tailoring = tailor(profile, jd, TODAY)
    cv = finish(
        tailoring, verbatim(tailoring, profile), profile=profile, jd=jd, company=company(),
        timestamp=STAMP,
    ).cv  # fmt: skip
    draft = compose(cv, jd, company())
    forged = Sentence(
        "company[0]",
        "Tidewater is the market leader in Europe.",
        Kind.COMPANY,
        SourceRef(path="company.summary[0]", text=SUMMARY),
    )
    draft = LetterDraft(**{**_fields(draft), "company": [forged]})
    letter = write_letter(
        draft, name=cv.name, contact=cv.contact, jd=jd, company=company(),
        gate=ResumeGate(profile),
    )  # fmt: skip
    assert "market leader" not in letter_text(letter)
    item = next(i for i in letter.grounding.items if i.section == "company[0]")
    assert item.verdict is Verdict.REVERTED
    assert item.proposed == forged.text


class BrokenGate:
    def check(self, sentence: str, *, section: str, source: SourceRef | None) -> GroundingItem:
        raise RuntimeError("lexicon missing")


def test_a_gate_that_cannot_judge_keeps_every_claim_out(
    profile: MasterProfile, jd: StructuredJD
) -> None:
    tailoring = tailor(profile, jd, TODAY)
    cv = finish(
        tailoring, verbatim(tailoring, profile), profile=profile, jd=jd, company=company(),
        timestamp=STAMP,
    ).cv  # fmt: skip
    letter = write_letter(
        compose(cv, jd, company()), name=cv.name, contact=cv.contact, jd=jd, company=company(),
        gate=BrokenGate(), proposal=Proposal(sentences=HONEST),
    )  # fmt: skip
    assert letter.achievements == []
    claims = [i for i in letter.grounding.items if i.section and not _is_frame(i.section)]
    assert claims
    assert all(i.verdict is Verdict.REVERTED for i in claims)
    assert all("could not be checked: lexicon missing" in i.unsupported for i in claims)
    text = letter_text(letter)
    assert not any(a in text for a in cv.key_achievements[0].text.split(" by "))
    assert "Senior Platform Engineer role at Tidewater" in text  # the frame still stands


def test_markup_in_the_letter_is_printed_not_interpreted() -> None:
    odd = "Wrote #strong[runbooks] and *on-call* guides in C# for 40 services"
    letter = CoverLetter(
        name="Ines Halvorsen",
        paragraphs=["I am writing to apply for the <b>Platform</b> role."],
        achievements=[odd, "- a line that starts like a list"],
    )
    pdf = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(render_letter_pdf(letter, STAMP))).pages
    )
    for written in ("#strong[runbooks]", "*on-call*", "C#"):
        assert written in pdf
    markdown = render_letter_markdown(letter)
    assert r"\*on-call\*" in markdown
    assert r"\<b\>Platform\</b\>" in markdown
    assert "\n- \\- a line that starts like a list" in markdown


def _is_frame(section: str) -> bool:
    """Sections that say nothing about the person: the template's frame and the company line."""
    return bool(
        re.match(r"(salutation|opening|closing|sign-off|achievements_intro|company)", section)
    )


def _fields(draft: LetterDraft) -> dict[str, object]:
    return {name: getattr(draft, name) for name in LetterDraft.__slots__}


def test_a_key_achievement_the_rewriter_honestly_reworded_stays_in_the_letter(
    profile: MasterProfile, jd: StructuredJD
) -> None:
    import asyncio

    from jobintel.cv_generator.domain.generate import rewrite_requests

    from ..fakes import HonestRewriter

    tailoring = tailor(profile, jd, TODAY)
    requests = rewrite_requests(tailoring, profile)
    rewrites = asyncio.run(HonestRewriter().rewrite(requests, jd=jd, profile=profile))
    generated = finish(
        tailoring, rewrites, profile=profile, jd=jd, company=company(), timestamp=STAMP
    )
    reworded = [b.text for b in generated.cv.key_achievements if b.text != b.source.text]
    assert reworded, "the honest rewriter changed no key achievement"
    letter, _ = finish_letter(
        compose(generated.cv, jd, company()),
        Proposal(),
        cv=generated.cv,
        tailoring=tailoring,
        profile=profile,
        jd=jd,
        company=company(),
        timestamp=STAMP,
    )
    assert letter.achievements == [b.text for b in generated.cv.key_achievements]
