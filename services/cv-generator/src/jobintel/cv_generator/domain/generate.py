"""From a tailoring and the rewriter's proposals to the checked CV, its reports and documents.

Order matters: the gate runs before anything is rendered, so no document ever holds a claim
the master CV does not support; the ATS report reads the rendered text and the PDF back.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from jobintel.contracts import (
    AtsCheck,
    AtsReport,
    CoverLetter,
    CvFormat,
    GroundingItem,
    GroundingReport,
    TailoredCV,
    Verdict,
)
from jobintel.contracts.company import CompanyProfile
from jobintel.contracts.jd import StructuredJD
from jobintel.contracts.profile import MasterProfile
from jobintel.truth import Evidence, Scope, SentenceVerdict, check, check_text

from .ats import ats_report
from .items import items_of
from .letter import LetterDraft, Proposal, write_letter
from .letter_gate import ResumeGate
from .render.docx import render_docx
from .render.html import render_html
from .render.jsonresume import render_json_resume
from .render.layout import headings
from .render.letter import render_letter_docx, render_letter_markdown, render_letter_pdf
from .render.markdown import render_markdown, render_text
from .render.pdf import DEFAULT_TEMPLATE, TEMPLATES, render_pdf
from .rewriting import RewriteRequest, Rewrites
from .roundtrip import RoundTrip, round_trip
from .tailoring import FRAME_WORDS, Tailoring
from .text import TermIndex


@dataclass(frozen=True, slots=True)
class Document:
    format: CvFormat
    data: bytes
    template: str | None = None
    default: bool = True  # the file served for its format


@dataclass(frozen=True, slots=True)
class Generated:
    cv: TailoredCV
    ats: AtsReport
    grounding: GroundingReport
    documents: list[Document]


def rewrite_requests(tailoring: Tailoring, profile: MasterProfile) -> list[RewriteRequest]:
    """Every bullet of the CV, keyed by where its rewrite goes."""
    cv, persona = tailoring.cv, profile.persona
    requests = [
        RewriteRequest(f"key_achievements[{i}]", b.source, b.score.matched_keywords, persona)
        for i, b in enumerate(cv.key_achievements)
    ]
    for section, roles in (("work", cv.work), ("projects", cv.projects)):
        for r, role in enumerate(roles):
            requests += [
                RewriteRequest(
                    f"{section}[{r}].bullets[{i}]", b.source, b.score.matched_keywords, persona
                )
                for i, b in enumerate(role.bullets)
            ]
    return requests


def verbatim(tailoring: Tailoring, profile: MasterProfile) -> Rewrites:
    """What the offline rewriter proposes: every bullet as the master CV has it."""
    return Rewrites([r.source.text for r in rewrite_requests(tailoring, profile)])


def gate_bullet(
    evidence: Evidence, request: RewriteRequest, proposed: str, keywords: list[str]
) -> GroundingItem:
    """One rewritten bullet through the gate: kept when every claim maps to its source
    bullet (and its role, for employer, title and dates), else the source text, and why."""
    proposed = proposed.strip()
    if proposed == request.source.text:
        return GroundingItem(
            output=proposed, source=request.source, verdict=Verdict.VERBATIM, section=request.key
        )
    verdict = check(proposed, evidence, [request.source.path], Scope.BULLET, keywords=keywords)
    return verdict.item(request.key, request.source)


def apply_gate(
    tailoring: Tailoring, rewrites: Rewrites, profile: MasterProfile
) -> tuple[TailoredCV, GroundingReport]:
    """Keep each rewrite only if every claim in it traces to the master CV (fail closed)."""
    requests = rewrite_requests(tailoring, profile)
    proposals = rewrites.texts
    if len(proposals) != len(requests):  # a rewriter that lost track: trust none of it
        proposals = [r.source.text for r in requests]
    jd_names = [t.name for t in tailoring.terms]
    evidence = Evidence.from_resume(profile.resume)
    items: list[GroundingItem] = []
    data = tailoring.cv.model_dump()
    for request, proposed in zip(requests, proposals, strict=True):
        item = gate_bullet(evidence, request, proposed, jd_names)
        items.append(item)
        _set_bullet(data, request.key, item.output)

    resume = profile.resume
    titles: list[str | None] = list(evidence.held_titles)
    summary = _summary_sentence(profile)
    # each header line: what was composed, then fallbacks that are the resume's own words
    header: list[tuple[str, str | None, list[str | None]]] = [
        ("headline", tailoring.cv.headline, [resume.basics.label, *titles]),
        ("value_proposition", tailoring.cv.value_proposition, [summary]),
    ]
    for field, composed, fallbacks in header:
        if not composed:
            continue
        verdict = _header_verdict(composed, evidence, jd_names)
        if verdict.ok:
            items.append(verdict.item(field, None))
            continue
        # the fallback is checked as strictly as what it replaces (fail closed: else nothing)
        fallback = next(
            (f for f in fallbacks if f and _header_verdict(f, evidence, jd_names).ok),
            None,
        )
        item = verdict.item(field, None, fallback=fallback or "")
        if fallback is None:
            item.unsupported.append("no fallback the master CV supports; left out")
        data[field] = fallback
        items.append(item)
    report = GroundingReport(
        items=items, rewriter=rewrites.method, usage=rewrites.usage, note=rewrites.note
    )
    return TailoredCV.model_validate(data), report


def _header_verdict(text: str, evidence: Evidence, keywords: list[str]) -> SentenceVerdict:
    """A header line, sentence by sentence: the first failing sentence speaks for it."""
    verdicts = check_text(text, evidence, (), Scope.HEADER, keywords=keywords, frame=FRAME_WORDS)
    claims = [c for v in verdicts.sentences for c in v.claims]
    dropped = [d for v in verdicts.sentences for d in v.dropped]
    verbatim = all(v.verbatim for v in verdicts.sentences)
    return SentenceVerdict(" ".join(text.split()), claims, dropped, verbatim=verbatim)


def _summary_sentence(profile: MasterProfile) -> str | None:
    summary = profile.resume.basics.summary
    return re.split(r"(?<=[.!?])\s+", summary.strip())[0] if summary else None


def _set_bullet(data: dict[str, object], key: str, text: str) -> None:
    match = re.fullmatch(r"(\w+)\[(\d+)\](?:\.bullets\[(\d+)\])?", key)
    assert match is not None, key
    section, first, second = match.group(1), int(match.group(2)), match.group(3)
    entries = data[section]
    assert isinstance(entries, list)
    target = entries[first]
    if second is not None:
        target = target["bullets"][int(second)]
    target["text"] = text


def evidence_items(profile: MasterProfile) -> list[tuple[str, TermIndex]]:
    """Every master-CV item that can show a skill, with the path the report points at."""
    pairs = [(item.path, item.text) for item in items_of(profile.resume)]
    if profile.resume.basics.summary:
        pairs.append(("basics.summary", profile.resume.basics.summary))
    return [(path, TermIndex(text)) for path, text in pairs]


def finish(
    tailoring: Tailoring,
    rewrites: Rewrites,
    *,
    profile: MasterProfile,
    jd: StructuredJD,
    company: CompanyProfile,
    timestamp: dt.datetime,
) -> Generated:
    cv, grounding = apply_gate(tailoring, rewrites, profile)
    text = render_text(cv)
    markdown = render_markdown(cv)
    html = render_html(cv)
    pdfs = {t: render_pdf(cv, t, timestamp) for t in TEMPLATES}
    found_keywords = [t.name for t in tailoring.terms if TermIndex(text).mentions(t.name)]
    trips: dict[str, RoundTrip] = {
        t: round_trip(pdf, text, headings(cv), found_keywords) for t, pdf in pdfs.items()
    }
    evidence = Evidence.from_resume(profile.resume)
    master = TermIndex("\n".join(s.text for s in evidence.spans.values()))
    ats = ats_report(
        cv,
        text=text,
        jd=jd,
        terms=tailoring.terms,
        master=master,
        evidence_items=evidence_items(profile),
        identity_terms=[t.name for t in tailoring.supported if t.identity],
        core_strengths=profile.persona.core_strengths,
        html=html,
        markdown=markdown,
        trip=trips[DEFAULT_TEMPLATE],
    )
    for template, trip in trips.items():
        if template != DEFAULT_TEMPLATE:  # the other layouts must read back just as well
            detail = "; ".join(trip.missing + trip.out_of_order) or "read back in order"
            ats.checks.append(
                AtsCheck(name=f"pdf_round_trip_{template}", passed=trip.passed, detail=detail)
            )
    meta = {
        "canonical": "https://jsonresume.org/schema",
        "version": f"jd{jd.version}-p{profile.version}",
        "tailoredFor": {"title": jd.title, "company": company.name},
        # the audit trail: per sentence its claims, their sources, the verdict and reverts
        "grounding": grounding.model_dump(mode="json", exclude_none=True),
    }
    documents = [
        Document(CvFormat.MARKDOWN, markdown.encode()),
        Document(CvFormat.HTML, html.encode()),
        Document(CvFormat.JSON, render_json_resume(cv, profile.resume, meta).encode()),
        Document(CvFormat.DOCX, render_docx(cv, timestamp)),
        *(
            Document(CvFormat.PDF, pdfs[t], template=t, default=t == DEFAULT_TEMPLATE)
            for t in sorted(TEMPLATES, key=lambda t: t != DEFAULT_TEMPLATE)
        ),
    ]
    return Generated(cv=cv, ats=ats, grounding=grounding, documents=documents)


def finish_letter(
    draft: LetterDraft,
    proposal: Proposal,
    *,
    cv: TailoredCV,
    tailoring: Tailoring,
    profile: MasterProfile,
    jd: StructuredJD,
    company: CompanyProfile,
    timestamp: dt.datetime,
) -> tuple[CoverLetter, list[Document]]:
    """The cover letter with every sentence through the gate, and its three renderings."""
    gate = ResumeGate(profile, jd_terms=[t.name for t in tailoring.terms])
    letter = write_letter(
        draft,
        name=cv.name,
        contact=cv.contact,
        jd=jd,
        company=company,
        gate=gate,
        proposal=proposal,
    )
    documents = [
        Document(CvFormat.MARKDOWN, render_letter_markdown(letter).encode()),
        Document(CvFormat.DOCX, render_letter_docx(letter, timestamp)),
        Document(CvFormat.PDF, render_letter_pdf(letter, timestamp)),
    ]
    return letter, documents
