"""Tailoring: choose and order what of the master CV this job should see first.

Nothing here writes new claims: every line is master-CV text, or a frame ("with hands-on
experience in X, Y") whose terms the master CV itself mentions. The headline leads with a title
the person held (or their persona's identity, only when the resume bears out every word of it);
target roles are aspirations and never appear. The truthfulness gate checks all that anyway.
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
from jobintel.contracts.jd import SkillCategory, StructuredJD
from jobintel.contracts.profile import MasterProfile, Resume
from jobintel.truth import Evidence, Scope, check

from .items import ItemKind, items_of, parse_date
from .matching import JdTerm, Scored, jd_terms, ranked, score_items, supported_terms
from .render.layout import format_date
from .text import TermIndex, content_stems, stem, word_count

VALUE_PROPOSITION_MAX_WORDS = 40
OPENING_WORDS = 50
KEY_ACHIEVEMENTS = (3, 5)
MAX_COMPETENCY_GROUPS = 4
MAX_SKILLS_PER_GROUP = 8
BULLETS_PER_ROLE = (5, 4, 3, 2)  # most recent role first; older roles get the last number
MAX_BULLETS = 18  # with the header, keeps the CV to one or two pages
MAX_PROJECTS = 3
MAX_PROJECT_BULLETS = 3
CORE_BONUS = 3.0
_GENERIC = {stem(w) for w in ("engineer", "developer", "software", "specialist", "consultant")}
_SENIORITY = {"senior", "junior", "lead", "staff", "principal", "head", "chief", "mid", "level"}
_METRIC = re.compile(r"\d")
EM_DASH = "\u2014"
# The only words the header's frames add to the master CV's; the gate lets these through.
FRAME_WORDS = frozenset({"hands-on", "experience"})


@dataclass(frozen=True, slots=True)
class Tailoring:
    cv: TailoredCV
    scores: list[ScoreBreakdown]
    terms: list[JdTerm]
    supported: list[JdTerm]
    jd: StructuredJD


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


def headline_terms(lead: str | None, supported: list[JdTerm], count: int = 4) -> list[str]:
    """Identity keywords first, then core strengths and must-haves, all CV-supported."""
    lead_index = TermIndex(lead or "")
    hard = [t for t in supported if t.category is not SkillCategory.SOFT_SKILL]
    picks = [t for t in supported if t.identity] + [t for t in hard if t.core]
    picks += [t for t in hard if t.must] + hard
    names: list[str] = []
    for term in picks:
        if term.name not in names and not lead_index.mentions(term.name):
            names.append(term.name)
        if len(names) == count:
            break
    return names


def headline_candidates(profile: MasterProfile) -> list[str]:
    """Leads the resume bears out: the persona's identity if every claim in it is supported,
    then the CV's own label, then the positions held, newest first."""
    resume = profile.resume
    identity = profile.persona.identity
    out: list[str] = []
    if identity and check(identity, Evidence.from_resume(resume), (), Scope.HEADER).ok:
        out.append(identity)
    if resume.basics.label:
        out.append(resume.basics.label)
    out += [p for i in newest_first(resume) if (p := resume.work[i].position)]
    return list(dict.fromkeys(out))


def headline_lead(profile: MasterProfile, jd: StructuredJD) -> str | None:
    """The supported lead closest to the JD's title; the first one (identity) on a tie."""
    title_words = {w for w in content_stems(jd.title) if w not in _SENIORITY} - _GENERIC
    lead = None
    best = -1
    for candidate in headline_candidates(profile):
        shared = len(title_words & set(content_stems(candidate)))
        if shared > best:
            lead, best = candidate, shared
    return lead


def headline(lead: str | None, names: list[str]) -> str | None:
    if lead is None:
        return " · ".join(names) or None
    return f"{lead} {EM_DASH} {' · '.join(names)}" if names else lead


def _listing(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def value_proposition(
    profile: MasterProfile,
    supported: list[JdTerm],
    in_headline: list[str],
    headline_words: int,
    who: str | None = None,
) -> str | None:
    """At most 40 words: the user's own summary line and the job's hard skills they have.

    Must-haves the headline could not hold come first in the list, and the list moves ahead
    of the summary line when it would otherwise end past the CV's first 50 words.
    """
    basics = profile.resume.basics
    # "hands-on experience" needs a work or project bullet; the skills list is not enough
    evidence = Evidence.from_resume(profile.resume)
    hard = [
        t
        for t in supported
        if t.category is not SkillCategory.SOFT_SKILL and evidence.shows(t.name)
    ]
    must = [t.name for t in hard if t.must]
    order = [n for n in must if n not in in_headline] + [n for n in must if n in in_headline]
    strongest = (order or [t.name for t in hard])[:5]
    summary = None
    if basics.summary:
        first = re.split(r"(?<=[.!?])\s+", basics.summary.strip())[0]
        summary = first if first.endswith((".", "!", "?")) else first + "."
    options: list[list[str]] = []
    if strongest:
        skills = f"Hands-on experience with {_listing(strongest)}."
        if summary:
            late = headline_words + word_count(summary) + word_count(skills) > OPENING_WORDS
            options.append([skills, summary] if late else [summary, skills])
        if who:
            options.append([f"{who} with hands-on experience in {_listing(strongest)}."])
        options.append([skills])
    if summary:
        options.append([summary])
    for option in options:
        text = " ".join(option)
        if word_count(text) <= VALUE_PROPOSITION_MAX_WORDS:
            return text
    if summary:  # a summary line longer than the budget: cut at a word boundary
        return " ".join(summary.split()[: VALUE_PROPOSITION_MAX_WORDS - 1]).rstrip(",;") + " …"
    return None


def competencies(
    resume: Resume, terms: list[JdTerm], core_strengths: list[str]
) -> list[CompetencyGroup]:
    """At most four of the master CV's skill groups, ordered by what the JD asks most.

    Only the skills the job asks for (or the user's core strengths) are listed here; the
    full list stays in the Skills section.
    """
    core = [TermIndex(s) for s in core_strengths]

    def priority(skill: str) -> float:
        idx = TermIndex(skill)
        hits = [t for t in terms if idx.mentions(t.name) or TermIndex(t.name).mentions(skill)]
        weight = sum(t.weight * (1.5 if t.must else 1.0) for t in hits)
        # core strengths (the user's, or marked on the JD) must make the cut
        is_core = any(t.core for t in hits) or any(c.mentions(skill) for c in core)
        return weight + (CORE_BONUS if is_core else 0.0)

    groups = []
    for order, group in enumerate(resume.skills):
        skills = list(dict.fromkeys(group.keywords or ([group.name] if group.name else [])))
        weights = {s: priority(s) for s in skills}
        relevant = sorted(
            (s for s in skills if weights[s] > 0), key=lambda s: (-weights[s], skills.index(s))
        )
        if relevant:
            groups.append((sum(weights.values()), order, group.name or "Skills", relevant))
    if not groups:  # nothing the job asks for: show the user's own first groups
        groups = [
            (0.0, i, g.name or "Skills", list(g.keywords))
            for i, g in enumerate(resume.skills)
            if g.keywords
        ]
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
        tail = ", ".join(filter(None, [cert.issuer, format_date(cert.date)]))
        if cert.name:
            lines.append(f"{cert.name} — {tail}" if tail else cert.name)
    return lines


def key_achievements(highlights: list[Scored]) -> list[Scored]:
    """3-5 of the best bullets, measurable ones first, never emptying a role.

    They are shown once: the roles keep their other bullets, so the CV does not repeat itself.
    """
    per_role: dict[int, int] = {}
    for s in highlights:
        per_role[s.item.group] = per_role.get(s.item.group, 0) + 1
    # measurable results first, but never a weak bullet over a strong one
    ordered = sorted(
        highlights,
        key=lambda s: (-(s.score.total + (0.1 if _METRIC.search(s.item.text) else 0)), s.item.path),
    )
    best = ordered[0].score.total if ordered else 0.0
    chosen: list[Scored] = []
    for s in ordered:
        if len(chosen) == KEY_ACHIEVEMENTS[1]:
            break
        if len(chosen) >= KEY_ACHIEVEMENTS[0] and s.score.total < 0.6 * best:
            break
        left = per_role[s.item.group] - sum(c.item.group == s.item.group for c in chosen) - 1
        if left >= min(2, per_role[s.item.group] - 1) and left >= 1:
            chosen.append(s)
    return sorted(chosen, key=lambda s: (-s.score.total, s.item.path))


def newest_first(resume: Resume) -> list[int]:
    """Role indexes in reverse chronological order (ongoing roles first), as ATS expect."""
    far = dt.date.max

    def key(i: int) -> tuple[dt.date, dt.date, int]:
        work = resume.work[i]
        end = parse_date(work.endDate) or far
        start = parse_date(work.startDate) or dt.date.min
        return (end, start, -i)

    return sorted(range(len(resume.work)), key=key, reverse=True)


def tailor(profile: MasterProfile, jd: StructuredJD, today: dt.date) -> Tailoring:
    """The tailored CV with the source and score of every bullet (no rewriting yet)."""
    resume = profile.resume
    terms = jd_terms(jd)
    scored = score_items(items_of(resume), jd, terms, today, profile.persona.core_strengths)
    supported = supported_terms(scored, terms)

    highlights = ranked(scored, ItemKind.HIGHLIGHT)
    achievements = key_achievements(highlights)
    featured = {s.item.path for s in achievements}

    roles: list[TailoredRole] = []
    budget = MAX_BULLETS - len(achievements)
    for rank, i in enumerate(newest_first(resume)):
        work = resume.work[i]
        pool = [s for s in highlights if s.item.group == i and s.item.path not in featured]
        limit = min(BULLETS_PER_ROLE[min(rank, len(BULLETS_PER_ROLE) - 1)], max(1, budget))
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
                    for p, t in texts[:MAX_PROJECT_BULLETS]
                ],
            )
        )

    lead = headline_lead(profile, jd)
    in_headline = headline_terms(lead, supported)
    top = headline(lead, in_headline)
    cv = TailoredCV(
        name=resume.basics.name,
        headline=top,
        contact=contact_lines(resume),
        value_proposition=value_proposition(
            profile, supported, in_headline, word_count(top or ""), who=lead
        ),
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
        languages=[
            f"{lang.language} ({lang.fluency})" if lang.fluency else lang.language
            for lang in resume.languages
            if lang.language
        ],
    )
    scores = [s.score for s in sorted(scored, key=lambda s: (-s.score.total, s.item.path))]
    return Tailoring(cv=cv, scores=scores, terms=terms, supported=supported, jd=jd)
