"""Outreach drafts through the truthfulness gate, signed with the person's own name.

A draft is a greeting line, sentences, and a sign-off. The greeting and the sign-off are the
product's frame. Every other sentence (the template's or a model's) goes through the same
claim-level gate as the CV and the cover letter, against the master CV: each claim must map
to the master CV, or to the recipient context the draft is written for (the company's name,
summary and facts, the job title, the contact's name and title), which a message to that
company may mention. One thing the context never vouches for: the sender having worked at,
for or with the company. A sentence with a claim that maps to neither is left out, and named
in the draft's grounding report; if nothing of the draft's own sentences survives, the offline
template (itself checked) is used.

Pure: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jobintel.contracts import (
    CompanyProfile,
    Contact,
    GroundingItem,
    GroundingReport,
    SourceRef,
    StructuredJD,
    Verdict,
)
from jobintel.contracts.cv import ClaimCheck, ClaimKind
from jobintel.contracts.profile import MasterProfile
from jobintel.truth import Evidence, Scope, check, sentences

PLACEHOLDER = "[your name]"
_GREETING = re.compile(r"^(hi|hello|dear|hey)\b[^.!?]{0,60},$", re.IGNORECASE)
_LEAD_GREETING = re.compile(r"^(hi|hello|dear|hey)\s+[^,.!?]{1,40},\s*", re.IGNORECASE)
_SIGN_OFF = re.compile(
    r"^(thank you\b.*|thanks\b.*|best\b.*|kind regards|regards|warm regards|all the best|"
    r"cheers|sincerely|many thanks)[,.!]?$",
    re.IGNORECASE,
)
_WORKED_AT = (
    r"\b(i|i've|i'd|i'm|my|me)\b[^.!?]{0,40}\b(worked|work|working|employed|served|serving|"
    r"joined|interned|was|been|time|tenure|years)\b[^.!?]{0,25}\b(at|for|with|in)\s+"
)
FRAME = frozenset({"role", "applying", "apply", "team", "hear", "chat", "time"})


@dataclass(frozen=True, slots=True)
class Context:
    """What the recipient's side of a message may mention, with where each part comes from."""

    company: str
    parts: list[tuple[str, str]]  # (where, text)

    @classmethod
    def of(cls, company: CompanyProfile, jd: StructuredJD, contact: Contact) -> Context:
        parts = [("company.name", company.name), ("job title", jd.title)]
        if company.summary:
            parts.append(("company.summary", company.summary))
        parts += [(f"company.facts.{f.label}", f.value) for f in company.facts]
        parts.append((f"contact {contact.name}", contact.name))
        if contact.title:
            parts.append((f"contact {contact.name}", contact.title))
        return cls(company.name, [(w, t) for w, t in parts if t])

    def find(self, text: str) -> tuple[str, str] | None:
        needle = text.casefold().strip(" .,'")
        if not needle:
            return None
        for where, part in self.parts:
            if needle in part.casefold():
                return where, part
        return None

    def employment(self, sentence: str) -> bool:
        """The sentence says the sender worked at, for or with the company."""
        pattern = _WORKED_AT + re.escape(self.company.casefold())
        return bool(self.company) and re.search(pattern, sentence.casefold()) is not None


def sign(draft: str, name: str | None) -> str:
    """The person's own name where the draft has the placeholder (kept when none is known)."""
    return draft.replace(PLACEHOLDER, name) if name else draft


def _frame(line: str, name: str | None) -> bool:
    line = line.strip()
    return bool(
        _GREETING.match(line)
        or _SIGN_OFF.match(line)
        or line == PLACEHOLDER
        or (name and line == name)
    )


def _judge(sentence: str, evidence: Evidence, context: Context, section: str) -> GroundingItem:
    verdict = check(sentence, evidence, scope=Scope.PROSE, frame=FRAME)
    claims: list[ClaimCheck] = []
    for claim in verdict.claims:
        found = None if claim.supported else context.find(claim.text)
        if found is not None and not context.employment(sentence):
            where, part = found
            claim = claim.model_copy(
                update={
                    "supported": True,
                    "source_path": where,
                    "source_text": part,
                    "reason": None,
                }
            )
        claims.append(claim)
    failed = [c for c in claims if not c.supported]
    if context.employment(sentence) and not failed:  # the master CV must say so itself
        claims.append(
            ClaimCheck(
                kind=ClaimKind.ORGANISATION,
                text=context.company,
                supported=False,
                reason="the master CV has no role at this company",
            )
        )
        failed = claims[-1:]
    ok = not failed
    return GroundingItem(
        output=verdict.text if ok else "",
        source=None,
        verdict=(Verdict.VERBATIM if verdict.verbatim else Verdict.GROUNDED)
        if ok
        else (Verdict.REVERTED),
        unsupported=list(dict.fromkeys(c.text for c in failed)),
        section=section,
        proposed=None if ok else verdict.text,
        claims=claims,
        reason="; ".join(f"{c.text!r}: {c.reason}" for c in failed) or None,
    )


def _pieces(line: str, name: str | None) -> list[tuple[bool, str]]:
    """A line as (is frame, text) pieces: an inline greeting and a trailing signature split off."""
    head: list[tuple[bool, str]] = []
    tail: list[tuple[bool, str]] = []
    greeting = _LEAD_GREETING.match(line)
    if greeting and greeting.end() < len(line):
        head.append((True, greeting.group(0).strip()))
        line = line[greeting.end() :].strip()
    for signature in (PLACEHOLDER, name):
        if signature and line.endswith(signature) and line != signature:
            tail.append((True, signature))
            line = line[: -len(signature)].strip()
            break
    middle = [(True, line)] if _frame(line, name) else [(False, line)] if line else []
    return [*head, *middle, *tail]


def gated(
    draft: str,
    *,
    evidence: Evidence,
    context: Context,
    name: str | None,
    method: str,
    label: str = "sentence",
) -> tuple[str, GroundingReport, int]:
    """The draft with only the sentences the gate kept, its report, and how many it kept."""
    items: list[GroundingItem] = []
    lines: list[str] = []  # the draft's own layout, less what the gate refused
    kept = count = 0
    for line in draft.splitlines():
        if not line.strip():
            if lines and lines[-1]:
                lines.append("")
            continue
        out: list[str] = []
        for frame, piece in _pieces(line.strip(), name):
            if frame:
                items.append(
                    GroundingItem(
                        output=piece,
                        source=SourceRef(path="draft template", text=piece),
                        verdict=Verdict.VERBATIM,
                        section="frame",
                    )
                )
                out.append(piece)
                continue
            for sentence in sentences(piece):
                item = _judge(sentence, evidence, context, f"{label}[{count}]")
                count += 1
                items.append(item)
                if item.verdict is not Verdict.REVERTED:
                    out.append(item.output)
                    kept += 1
        if out:
            lines.append(" ".join(out))
    text = "\n".join(lines).strip()
    return text, GroundingReport(items=items, rewriter=method), kept


def finish_draft(
    contact: Contact,
    *,
    written: str | None,
    template: str,
    company: CompanyProfile,
    jd: StructuredJD,
    profile: MasterProfile | None,
    method: str,
) -> Contact:
    """The contact with its checked, signed draft: the model's if any of it holds, else the
    template's; the report says which sentences were left out and why."""
    name = profile.resume.basics.name.strip() if profile and profile.resume.basics.name else None
    evidence = Evidence.from_resume(profile.resume) if profile else None
    context = Context.of(company, jd, contact)
    if evidence is None:  # no master CV yet: nothing about the sender can be vouched for
        evidence = Evidence(spans={}, held_titles=[])
    note = None if name else "no master CV yet: the draft keeps the [your name] placeholder"
    if written:
        text, report, kept = gated(
            sign(written, name),
            evidence=evidence,
            context=context,
            name=name,
            method=method,
            label="proposed sentence",
        )
        if kept:
            report = report.model_copy(update={"note": note})
            return contact.model_copy(update={"outreach_draft": text, "outreach_grounding": report})
        refused = report
    else:
        refused = None
    text, report, _ = gated(
        sign(template, name), evidence=evidence, context=context, name=name, method="template"
    )
    if refused is not None:
        report = report.model_copy(
            update={
                "items": [*refused.items, *report.items],
                "note": "every sentence the model wrote was refused by the truthfulness gate; "
                "the template is used",
            }
        )
    elif note:
        report = report.model_copy(update={"note": note})
    return contact.model_copy(update={"outreach_draft": text, "outreach_grounding": report})
