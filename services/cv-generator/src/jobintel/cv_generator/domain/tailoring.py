"""Tailoring: choose and order what of the master CV this job should see first.

Nothing here writes new claims: every line is master-CV text, or a frame ("with experience in
X, Y") whose terms the master CV itself mentions. The truthfulness gate checks that anyway.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from jobintel.contracts import (
    CompetencyGroup,
    ScoreBreakdown,
    SourceRef,
    TailoredBullet,
    TailoredCV,
    TailoredRole,
)
from jobintel.contracts.jd import StructuredJD
from jobintel.contracts.profile import MasterProfile, Resume

from .items import ItemKind, items_of
from .matching import JdTerm, Scored, jd_terms, ranked, score_items, supported_terms
from .text import TermIndex, content_stems, word_count

VALUE_PROPOSITION_MAX_WORDS = 40
KEY_ACHIEVEMENTS = (3, 5)
MAX_COMPETENCY_GROUPS = 4
MAX_SKILLS_PER_GROUP = 8
BULLETS_PER_ROLE = (5, 4, 3, 2)  # most recent role first; older roles get the last number
MAX_BULLETS = 18  # with the header, keeps the CV to one or two pages
MAX_PROJECTS = 3
_SENIORITY = {"senior", "junior", "lead", "staff", "principal", "head", "chief", "mid", "level"}
_METRIC = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Tailoring:
    cv: TailoredCV
    scores: list[ScoreBreakdown]
    terms: list[JdTerm]
    supported: list[JdTerm]


def _bullet(scored: Scored) -> TailoredBullet:
    return TailoredBullet(
        text=scored.item.text,
        source=SourceRef(path=scored.item.path, text=scored.item.text),
        score=scored.score,
    )


def contact_lines(resume: Resume) -> list[str]:
    basics = resume.basics
    lines = [str(basics.email) if basics.email else None, basics.phone]
    if basics.location is not None:
        place = ", ".join(
            filter(
                None, [basics.location.city, basics.location.region, basics.location.countryCode]
            )
        )
        lines.append(place or None)
    lines.append(basics.url)
    lines.extend(p.url for p in basics.profiles if p.url)
    return [line for line in lines if line]


def headline(profile: MasterProfile, jd: StructuredJD, supported: list[JdTerm]) -> str:
    """The role the user targets (if the JD is one of them) and the job's identity keywords."""
    persona, basics = profile.persona, profile.resume.basics
    title_words = {w for w in content_stems(jd.title) if w not in _SENIORITY}
    lead = None
    best = 0
    for role in persona.target_roles:
        overlap = len(title_words & {w for w in content_stems(role) if w not in _SENIORITY})
        if overlap > best:
            lead, best = role, overlap
    lead = lead or persona.identity or basics.label or "Professional profile"
    lead_index = TermIndex(lead)
    picks = [t for t in supported if t.identity] + [t for t in supported if t.core]
    picks += [t for t in supported if t.must] + supported
    names: list[str] = []
    for term in picks:
        if term.name not in names and not lead_index.mentions(term.name):
            names.append(term.name)
        if len(names) == 4:
            break
    return f"{lead} | {' · '.join(names)}" if names else lead


def value_proposition(profile: MasterProfile, supported: list[JdTerm]) -> str | None:
    """At most 40 words, built only from the persona, the master CV and terms it supports."""
    persona, basics = profile.persona, profile.resume.basics
    who = persona.identity or basics.label
    strongest = [t.name for t in supported if t.must][:4] or [t.name for t in supported][:4]
    sentences = []
    if who and strongest:
        listed = (
            strongest[0]
            if len(strongest) == 1
            else (", ".join(strongest[:-1]) + " and " + strongest[-1])
        )
        sentences.append(f"{who} with hands-on experience in {listed}.")
    if basics.summary:
        first = re.split(r"(?<=[.!?])\s+", basics.summary.strip())[0]
        sentences.append(first if first.endswith((".", "!", "?")) else first + ".")
    text = ""
    for sentence in sentences:
        candidate = f"{text} {sentence}".strip()
        if word_count(candidate) <= VALUE_PROPOSITION_MAX_WORDS:
            text = candidate
    if not text and sentences:  # one sentence longer than the budget: cut at a word boundary
        text = " ".join(sentences[0].split()[:VALUE_PROPOSITION_MAX_WORDS]).rstrip(",;") + "…"
    return text or None


def competencies(
    resume: Resume, terms: list[JdTerm], core_strengths: list[str]
) -> list[CompetencyGroup]:
    """At most four of the master CV's skill groups, ordered by what the JD asks most."""
    core = [TermIndex(s) for s in core_strengths]

    def priority(skill: str) -> float:
        idx = TermIndex(skill)
        weight = sum(
            t.weight * (1.5 if t.must else 1.0)
            for t in terms
            if idx.mentions(t.name) or TermIndex(t.name).mentions(skill)
        )
        return weight + (1.0 if any(c.mentions(skill) for c in core) else 0.0)

    groups = []
    for order, group in enumerate(resume.skills):
        skills = list(dict.fromkeys(group.keywords or ([group.name] if group.name else [])))
        if not skills:
            continue
        weights = {s: priority(s) for s in skills}
        ordered = sorted(skills, key=lambda s: (-weights[s], skills.index(s)))
        groups.append((sum(weights.values()), order, group.name or "Skills", ordered))
    groups.sort(key=lambda g: (-g[0], g[1]))
    return [
        CompetencyGroup(name=name, skills=skills[:MAX_SKILLS_PER_GROUP])
        for _, _, name, skills in groups[:MAX_COMPETENCY_GROUPS]
    ]


def education_lines(resume: Resume) -> list[str]:
    lines = []
    for edu in resume.education:
        degree = ", ".join(filter(None, [edu.studyType, edu.area]))
        head = " — ".join(filter(None, [degree, edu.institution]))
        years = "\u2013".join(d[:4] for d in filter(None, [edu.startDate, edu.endDate]))
        lines.append(f"{head} ({years})" if years else head)
    return [line for line in lines if line]


def certificate_lines(resume: Resume, scored: list[Scored]) -> list[str]:
    order = {s.item.path: s.score.total for s in scored if s.item.kind is ItemKind.CERTIFICATE}
    indexed = sorted(
        enumerate(resume.certificates), key=lambda p: -order.get(f"certificates[{p[0]}]", 0)
    )
    lines = []
    for _, cert in indexed:
        tail = ", ".join(filter(None, [cert.issuer, cert.date]))
        if cert.name:
            lines.append(f"{cert.name} — {tail}" if tail else cert.name)
    return lines


def tailor(profile: MasterProfile, jd: StructuredJD, today: dt.date) -> Tailoring:
    """The tailored CV with the source and score of every bullet (no rewriting yet)."""
    resume = profile.resume
    terms = jd_terms(jd)
    scored = score_items(items_of(resume), jd, terms, today)
    supported = supported_terms(scored, terms)

    highlights = ranked(scored, ItemKind.HIGHLIGHT)
    with_metrics = [s for s in highlights if _METRIC.search(s.item.text) and s.score.total > 0]
    achievements = with_metrics[: KEY_ACHIEVEMENTS[1]]
    if len(achievements) < KEY_ACHIEVEMENTS[0]:
        rest = [s for s in highlights if s not in achievements]
        achievements += rest[: KEY_ACHIEVEMENTS[0] - len(achievements)]
    featured = {s.item.path for s in achievements}

    roles: list[TailoredRole] = []
    budget = MAX_BULLETS
    for i, work in enumerate(resume.work):
        own = [s for s in highlights if s.item.group == i]
        rest = [s for s in own if s.item.path not in featured]
        pool = rest if len(rest) >= min(2, len(own)) else own
        limit = min(BULLETS_PER_ROLE[min(i, len(BULLETS_PER_ROLE) - 1)], max(1, budget))
        chosen = pool[:limit]
        budget -= len(chosen)
        roles.append(
            TailoredRole(
                employer=work.name,
                title=work.position,
                location=work.location,
                start_date=work.startDate,
                end_date=work.endDate,
                summary=work.summary,
                bullets=[_bullet(s) for s in chosen],
            )
        )

    projects: list[TailoredRole] = []
    for s in ranked(scored, ItemKind.PROJECT)[:MAX_PROJECTS]:
        if not s.terms and s.score.annotation <= 0:
            continue
        project = resume.projects[s.item.group]
        texts = [
            (f"projects[{s.item.group}].highlights[{j}]", h)
            for j, h in enumerate(project.highlights)
        ]
        if not texts and project.description:
            texts = [(f"projects[{s.item.group}].description", project.description)]
        projects.append(
            TailoredRole(
                title=project.name,
                start_date=project.startDate,
                end_date=project.endDate,
                bullets=[
                    TailoredBullet(text=t, source=SourceRef(path=p, text=t), score=s.score)
                    for p, t in texts
                ],
            )
        )

    cv = TailoredCV(
        name=resume.basics.name,
        headline=headline(profile, jd, supported),
        contact=contact_lines(resume),
        value_proposition=value_proposition(profile, supported),
        key_achievements=[_bullet(s) for s in achievements],
        competencies=competencies(resume, terms, profile.persona.core_strengths),
        work=roles,
        projects=projects,
        skills=[
            CompetencyGroup(name=g.name or "Skills", skills=list(g.keywords))
            for g in resume.skills
            if g.keywords
        ],
        education=education_lines(resume),
        certificates=certificate_lines(resume, scored),
    )
    scores = [s.score for s in sorted(scored, key=lambda s: (-s.score.total, s.item.path))]
    return Tailoring(cv=cv, scores=scores, terms=terms, supported=supported)
