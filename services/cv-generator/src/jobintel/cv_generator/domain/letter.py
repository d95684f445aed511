"""A cover letter per job: the offline template, an optional model's body, and the gate on both.

A letter is made of sentences of three kinds, and only one kind may say anything about the
person:

- `frame`: the product's own fixed wording ("I am writing to apply for the … role at …"), whose
  only variable parts are the posting's job title and company name. No model writes these.
- `company`: a sentence about the employer, quoted word for word from the researched company
  profile (its cited summary); anything else about the company is not used.
- `claim`: everything about the person (the value proposition, the key achievements the
  tailoring chose, the skills that match the job, and every sentence a model proposes). Each
  goes through the truthfulness gate against the master CV; an unsupported one is dropped
  (a model's sentence) or replaced by the template's (fail closed), and the report names it.

Pure: no I/O. The gate is a port (`SentenceGate`) so the claim-level gate plugs in unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from jobintel.contracts import (
    ContactRole,
    CoverLetter,
    GroundingItem,
    GroundingReport,
    SourceRef,
    TailoredCV,
    Verdict,
)
from jobintel.contracts.company import CompanyProfile
from jobintel.contracts.cv import RewriteUsage
from jobintel.contracts.jd import StructuredJD
from jobintel.contracts.profile import MasterProfile

MAX_SKILLS = 5
MIN_MODEL_SENTENCES = 2  # fewer kept than this: the template's body is used instead
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[A-Z0-9])")


class Kind(StrEnum):
    FRAME = "frame"
    COMPANY = "company"
    CLAIM = "claim"


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a letter, where it goes, and what may vouch for it."""

    section: str  # e.g. "opening", "body[1]", "achievements[0]"
    text: str
    kind: Kind
    source: SourceRef | None = None  # the master-CV item or company page it is taken from


class SentenceGate(Protocol):
    """The truthfulness gate, one sentence at a time, against the master CV.

    The verdict is `verbatim` or `grounded` when every claim in the sentence maps to the
    master CV (the output is the sentence), `reverted` otherwise (`unsupported` names what
    failed). A gate that cannot judge must answer `reverted`: fail closed.
    """

    def check(self, sentence: str, *, section: str, source: SourceRef | None) -> GroundingItem: ...


@dataclass(frozen=True, slots=True)
class LetterDraft:
    """The template's letter, before the gate: sentences by paragraph."""

    recipient: str | None
    salutation: Sentence
    opening: list[Sentence]
    company: list[Sentence]
    body: list[Sentence]
    achievements_intro: Sentence | None
    achievements: list[Sentence]
    skills: list[Sentence]
    closing: list[Sentence]


@dataclass(frozen=True, slots=True)
class Proposal:
    """What a model proposed for the body, and at what cost; empty offline."""

    sentences: list[str] = field(default_factory=list)
    method: str = "template"
    usage: RewriteUsage | None = None
    note: str | None = None


def sentences_of(text: str) -> list[str]:
    """Sentences of a paragraph (a model's or the user's), trimmed, none empty."""
    out: list[str] = []
    for line in text.splitlines():
        out += [s.strip() for s in _SENTENCE.split(line.strip()) if s.strip()]
    return out


def _recipient(company: CompanyProfile) -> str | None:
    """The hiring manager named by the posting or the company's pages, else nobody."""
    for role in (ContactRole.HIRING_MANAGER, ContactRole.RECRUITER):
        for contact in company.contacts:
            if contact.role is role and contact.name.strip():
                return contact.name.strip()
    return None


def _company_name(company: CompanyProfile, jd: StructuredJD) -> str | None:
    if company.company_id != "unknown" and company.name.strip():
        return company.name.strip()
    return jd.company


def _company_sentence(company: CompanyProfile, name: str | None) -> Sentence | None:
    """The first sentence of the researched summary that speaks of the company by name."""
    if not company.summary or not name:
        return None
    cited = company.summary_sources[0] if company.summary_sources else company.website
    for i, text in enumerate(sentences_of(company.summary)):
        if name.casefold() in text.casefold() and 30 <= len(text) <= 300:
            path = f"company.summary[{i}]" + (f" ({cited})" if cited else "")
            return Sentence(
                "company[0]", text, Kind.COMPANY, SourceRef(path=path, text=company.summary)
            )
    return None


def _listing(names: Sequence[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + f" and {names[-1]}"


def _matching_skills(cv: TailoredCV, jd: StructuredJD) -> list[str]:
    """Skills from the CV's competencies that the posting asks for, in the posting's order."""
    held = {s.casefold(): s for group in cv.competencies for s in group.skills}
    wanted = sorted(jd.keywords, key=lambda k: (not k.required, -k.weight))
    out: list[str] = []
    for keyword in wanted:
        skill = held.get(keyword.name.casefold())
        if skill and skill not in out:
            out.append(skill)
    return out[:MAX_SKILLS]


def compose(cv: TailoredCV, jd: StructuredJD, company: CompanyProfile) -> LetterDraft:
    """The offline letter, from the tailored CV's header material and the company profile."""
    name = _company_name(company, jd)
    at = f" at {name}" if name else ""
    recipient = _recipient(company)
    greeting = f"Dear {recipient}," if recipient else f"Dear {name or 'Hiring'} team,"
    salutation = Sentence("salutation", greeting, Kind.FRAME)
    opening = [
        Sentence("opening[0]", f"I am writing to apply for the {jd.title} role{at}.", Kind.FRAME)
    ]
    about = _company_sentence(company, name)
    company_part = []
    if about is not None:
        company_part = [
            about,
            Sentence("company[1]", "That is work I would like to contribute to.", Kind.FRAME),
        ]
    body = []
    if cv.value_proposition:
        body = [
            Sentence(f"body[{i}]", s, Kind.CLAIM, SourceRef(path="value_proposition", text=s))
            for i, s in enumerate(sentences_of(cv.value_proposition))
        ]
    achievements = [
        Sentence(f"achievements[{i}]", b.text, Kind.CLAIM, b.source)
        for i, b in enumerate(cv.key_achievements)
    ]
    intro = (
        Sentence(
            "achievements_intro", "A few things I have done that bear on this role:", Kind.FRAME
        )
        if achievements
        else None
    )
    skills = _matching_skills(cv, jd)
    skill_part = (
        [
            Sentence(
                "skills[0]",
                f"Skills I can bring to this role: {_listing(skills)}.",
                Kind.CLAIM,
            )
        ]
        if skills
        else []
    )
    closing = [
        Sentence(
            "closing[0]",
            f"I would welcome the chance to talk about how I could help {name or 'your team'}.",
            Kind.FRAME,
        ),
        Sentence("closing[1]", "Thank you for your time and consideration.", Kind.FRAME),
    ]
    return LetterDraft(
        recipient=recipient,
        salutation=salutation,
        opening=opening,
        company=company_part,
        body=body,
        achievements_intro=intro,
        achievements=achievements,
        skills=skill_part,
        closing=closing,
    )


def _frame_item(sentence: Sentence) -> GroundingItem:
    """Frame text is the product's own wording: recorded as such, never a claim."""
    return GroundingItem(
        output=sentence.text,
        source=SourceRef(path="letter template", text=sentence.text),
        verdict=Verdict.VERBATIM,
        section=sentence.section,
    )


def _company_item(sentence: Sentence) -> GroundingItem:
    """A company sentence must be the researched profile's own words, exactly."""
    quoted = sentence.source is not None and sentence.text in sentence.source.text
    return GroundingItem(
        output=sentence.text if quoted else "",
        source=sentence.source,
        verdict=Verdict.VERBATIM if quoted else Verdict.REVERTED,
        section=sentence.section,
        unsupported=[] if quoted else ["not in the researched company profile; left out"],
        proposed=None if quoted else sentence.text,
    )


def _gated(gate: SentenceGate, sentence: Sentence) -> GroundingItem:
    if sentence.kind is Kind.FRAME:
        return _frame_item(sentence)
    if sentence.kind is Kind.COMPANY:
        return _company_item(sentence)
    try:
        item = gate.check(sentence.text, section=sentence.section, source=sentence.source)
    except Exception as exc:  # fail closed: a gate that cannot judge refuses
        return GroundingItem(
            output="",
            source=sentence.source,
            verdict=Verdict.REVERTED,
            section=sentence.section,
            unsupported=[f"could not be checked: {exc}"],
            proposed=sentence.text,
        )
    if item.verdict is Verdict.REVERTED:  # the letter never holds a refused sentence
        return item.model_copy(update={"output": "", "proposed": item.proposed or sentence.text})
    return item.model_copy(update={"section": sentence.section})


def _kept(items: Sequence[GroundingItem]) -> list[str]:
    return [i.output for i in items if i.verdict is not Verdict.REVERTED and i.output]


def write_letter(
    draft: LetterDraft,
    *,
    name: str,
    contact: Sequence[str],
    jd: StructuredJD,
    company: CompanyProfile,
    gate: SentenceGate,
    proposal: Proposal | None = None,
) -> CoverLetter:
    """The letter whose every sentence passed the gate, with one report item per sentence.

    A model's body sentences are checked one by one; refused ones are dropped and named. If
    fewer than `MIN_MODEL_SENTENCES` survive, the template's body is used (itself gated).
    """
    proposal = proposal or Proposal()
    items: list[GroundingItem] = []

    def run(sentences: Sequence[Sentence]) -> list[GroundingItem]:
        judged = [_gated(gate, s) for s in sentences]
        items.extend(judged)
        return judged

    salutation = _kept(run([draft.salutation]))
    opening = _kept(run(draft.opening))
    about = _kept(run(draft.company))
    note = proposal.note
    body: list[str] = []
    if proposal.sentences:
        proposed = [
            Sentence(f"proposed body[{i}]", text, Kind.CLAIM)
            for i, text in enumerate(proposal.sentences)
        ]
        body = _kept(run(proposed))
        if len(body) < MIN_MODEL_SENTENCES:
            dropped = len(proposal.sentences) - len(body)
            note = (
                f"{dropped} of the model's {len(proposal.sentences)} sentences were refused by "
                "the truthfulness gate; the template's body was used instead"
            )
            body = []
    if not body:
        body = _kept(run(draft.body))
    listed = [_gated(gate, s) for s in draft.achievements]
    achievements = _kept(listed)
    intro = (
        _kept(run([draft.achievements_intro])) if draft.achievements_intro and achievements else []
    )
    items.extend(listed)
    skills = _kept(run(draft.skills))
    closing = _kept(run(draft.closing))
    sign_off = CoverLetter.model_fields["closing"].default
    items.append(_frame_item(Sentence("sign-off", f"{sign_off} {name}", Kind.FRAME)))

    def paragraphs(*parts: list[str]) -> list[str]:
        return [" ".join(p) for p in parts if p]

    return CoverLetter(
        name=name,
        contact=list(contact),
        recipient=draft.recipient,
        company=_company_name(company, jd),
        job_title=jd.title,
        salutation=salutation[0] if salutation else "Dear Hiring team,",
        paragraphs=paragraphs([*opening, *about], body, intro),
        achievements=achievements,
        after_achievements=paragraphs(skills, closing),
        grounding=GroundingReport(
            items=items, rewriter=proposal.method, usage=proposal.usage, note=note
        ),
        method=proposal.method,
    )


class LetterWriter(Protocol):
    """Proposes the letter's body; whatever it returns goes through the gate sentence by
    sentence, so an implementation cannot put a claim the master CV lacks into the letter."""

    async def propose(
        self,
        draft: LetterDraft,
        *,
        cv: TailoredCV,
        jd: StructuredJD,
        company: CompanyProfile,
        profile: MasterProfile,
    ) -> Proposal: ...


class TemplateWriter:
    """The offline default: no proposal, the template's body stays."""

    async def propose(
        self,
        draft: LetterDraft,
        *,
        cv: TailoredCV,
        jd: StructuredJD,
        company: CompanyProfile,
        profile: MasterProfile,
    ) -> Proposal:
        return Proposal()
