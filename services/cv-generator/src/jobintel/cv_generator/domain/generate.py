"""From a tailoring and the rewriter's proposals to the checked CV, its reports and documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jobintel.contracts import (
    AtsReport,
    CvFormat,
    GroundingItem,
    GroundingReport,
    TailoredCV,
    Verdict,
)
from jobintel.contracts.company import CompanyProfile
from jobintel.contracts.jd import StructuredJD
from jobintel.contracts.profile import MasterProfile

from .render.markdown import render_markdown, render_text
from .rewriting import RewriteRequest
from .tailoring import Tailoring
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
    cv = tailoring.cv
    requests = []
    for i, bullet in enumerate(cv.key_achievements):
        requests.append(
            RewriteRequest(
                f"key_achievements[{i}]",
                bullet.source,
                bullet.score.matched_keywords,
                profile.persona,
            )
        )
    for r, role in enumerate(cv.work):
        for i, bullet in enumerate(role.bullets):
            requests.append(
                RewriteRequest(
                    f"work[{r}].bullets[{i}]",
                    bullet.source,
                    bullet.score.matched_keywords,
                    profile.persona,
                )
            )
    return requests


def finish(
    tailoring: Tailoring,
    proposals: list[str],
    *,
    profile: MasterProfile,
    jd: StructuredJD,
    company: CompanyProfile,
    timestamp: dt.datetime,
) -> Generated:
    requests = rewrite_requests(tailoring, profile)
    items = []
    for request, proposed in zip(requests, proposals, strict=True):
        verbatim = proposed == request.source.text
        items.append(
            GroundingItem(
                output=request.source.text,
                source=request.source,
                verdict=Verdict.VERBATIM if verbatim else Verdict.REVERTED,
                unsupported=[] if verbatim else ["rewrites are not checked yet"],
                section=request.key,
                proposed=None if verbatim else proposed,
            )
        )
    cv = tailoring.cv
    text = render_text(cv)
    index = TermIndex(text)
    must = [t.name for t in tailoring.terms if t.must]
    nice = [t.name for t in tailoring.terms if not t.must]
    found_must = [k for k in must if index.mentions(k)]
    found_nice = [k for k in nice if index.mentions(k)]
    total = len(must) * 2 + len(nice)
    score = 100.0 * (len(found_must) * 2 + len(found_nice)) / total if total else 100.0
    ats = AtsReport(
        score=round(score, 1),
        must_have_found=found_must,
        must_have_missing=[k for k in must if k not in found_must],
        nice_to_have_found=found_nice,
        nice_to_have_missing=[k for k in nice if k not in found_nice],
    )
    documents = [Document(CvFormat.MARKDOWN, render_markdown(cv).encode())]
    return Generated(cv=cv, ats=ats, grounding=GroundingReport(items=items), documents=documents)
