"""The gate: every claim of an output sentence must map to a claim of the master CV.

Fail closed: a claim that maps nowhere, a stronger action, a reversed pair, a dropped hedge,
qualifier or negation each fail the sentence, and the verdict names the claim and the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from jobintel.contracts.cv import ClaimCheck, ClaimKind, GroundingItem, SourceRef, Verdict

from .claims import (
    Mention,
    Parsed,
    Quantity,
    forms_of,
    parse,
    parse_cached,
    same_tech,
    words_in,
)
from .evidence import Evidence, Span, SpanKind
from .lexicon import BUILT, DIRECTIONS, EFFECTS, FUNCTION_WORDS, LED, OWNED, TECH_SUFFIXES, words
from .morph import lemmas
from .unicode import fold, lookalikes

# Verbs a letter uses about the writer that claim nothing done ("I am", "I hold", "I enjoy").
_GENERIC_VERBS = words(
    "be have hold bring enjoy want like love would can will could look believe think hope "
    "apply feel know see offer thrive care read learn admire follow share value"
)
MAX_GROWTH = 2.0  # a rewrite more than twice as long as its source is a new text
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_EXPERIENCE = re.compile(
    r"\b(experience[ds]?|hands-on|expertise|expert|proficien\w*|skilled|worked|working|"
    r"built|building|production|deep|strong|years)\b",
    re.I,
)


class Scope(StrEnum):
    """What kind of text is checked, which decides what it may draw on."""

    BULLET = "bullet"  # a rewrite of one cited span: its own words, facts and scope only
    HEADER = "header"  # headline, value proposition: the whole CV's words, held titles only
    SKILLS = "skills"  # a list of skills: the skills list or any evidence
    PROSE = "prose"  # letters and outreach: free wording, every claim mapped to the CV


@dataclass(frozen=True, slots=True)
class SentenceVerdict:
    """One sentence, its claims and what each maps to."""

    text: str  # as checked (folded): what is kept when it holds
    claims: list[ClaimCheck]
    dropped: list[str] = field(default_factory=list)
    verbatim: bool = False
    written: str | None = None  # as proposed, before folding (what a reviewer should see)

    @property
    def ok(self) -> bool:
        return all(c.supported for c in self.claims)

    @property
    def failures(self) -> list[ClaimCheck]:
        return [c for c in self.claims if not c.supported]

    @property
    def unsupported(self) -> list[str]:
        """The failing claims as a reader names them, once each, in reading order."""
        out: list[str] = []
        for claim in self.failures:
            name = f"dropped '{claim.text}'" if claim.dropped else claim.text
            if name not in out:
                out.append(name)
        return out

    @property
    def reason(self) -> str | None:
        if self.ok:
            return None
        return "; ".join(f"{c.text!r}: {c.reason}" for c in self.failures)

    def item(
        self, section: str, source: SourceRef | None, fallback: str | None = None
    ) -> GroundingItem:
        """The report line: kept as proposed when it holds, else `fallback` (the source)."""
        if self.verbatim:
            verdict = Verdict.VERBATIM
        else:
            verdict = Verdict.GROUNDED if self.ok else Verdict.REVERTED
        revert_to = fallback if fallback is not None else (source.text if source else "")
        return GroundingItem(
            output=self.text if self.ok else revert_to,
            source=source,
            verdict=verdict,
            unsupported=self.unsupported,
            section=section,
            proposed=None if self.ok else (self.written or self.text),
            changes=changes(source.text, self.text) if source and not self.verbatim else [],
            claims=self.claims,
            dropped=self.dropped,
            reason=self.reason,
        )


@dataclass(frozen=True, slots=True)
class TextVerdict:
    """A multi-sentence text (a letter, a summary), sentence by sentence."""

    sentences: list[SentenceVerdict]

    @property
    def ok(self) -> bool:
        return all(s.ok for s in self.sentences)

    @property
    def kept(self) -> str:
        """The text without the sentences that failed."""
        return " ".join(s.text for s in self.sentences if s.ok)


def sentences(text: str) -> list[str]:
    """Sentences of a text: split after . ! ? and at line breaks."""
    out: list[str] = []
    for line in fold(text).splitlines():
        out += [s.strip() for s in _SENTENCE.split(line) if s.strip()]
    return out


def changes(source: str, output: str) -> list[str]:
    """Words added (+) and removed (-): what a reviewer reads to see the rewording."""
    import difflib

    a, b = source.split(), output.split()
    diff: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            diff.append("-" + " ".join(a[i1:i2]))
        if op in ("insert", "replace"):
            diff.append("+" + " ".join(b[j1:j2]))
    return diff


class _Checker:
    def __init__(
        self,
        evidence: Evidence,
        out: Parsed,
        cited: Sequence[Span],
        scope: Scope,
        keywords: Sequence[str],
        frame: frozenset[str],
    ) -> None:
        self.ev = evidence
        self.out = out
        self.cited = list(cited)
        self.scope = scope
        self.claims: list[ClaimCheck] = []
        self.dropped: list[str] = []
        self.sources = [(s, evidence.parsed(s.path)) for s in self.cited]
        if scope is Scope.BULLET:
            owner = self.cited[0].path if self.cited else ""
            self.context = [(s, evidence.parsed(s.path)) for s in evidence.role(owner)]
            self.held = evidence.titles_of(owner)
        else:
            everything = list(evidence.spans.values())
            self.context = [(s, evidence.parsed(s.path)) for s in everything]
            self.held = evidence.held_titles
        self.pool = self.sources + [c for c in self.context if c not in self.sources]
        self.roles = self._named_roles() if scope is not Scope.BULLET else set()
        if self.roles:  # "At Harbourline Freight I ...": that role's spans, no other's
            self.pool = self.sources + [
                c for c in self.context if c[0].owner in self.roles and c not in self.sources
            ]
        self.held_tokens: set[int] = set()
        self.frame = frame
        self.keywords = keywords

    def _named_roles(self) -> set[str]:
        """The roles whose employer the text names."""
        named = {n.text.lower() for n in self.out.names}
        return {
            s.owner
            for p, s in self.ev.spans.items()
            if s.owner and p == f"{s.owner}.name" and s.text.lower() in named
        }

    def add(
        self,
        kind: ClaimKind,
        text: str,
        span: Span | None,
        reason: str | None = None,
        *,
        dropped: bool = False,
    ) -> None:
        self.claims.append(
            ClaimCheck(
                kind=kind,
                text=text,
                supported=reason is None,
                source_path=span.path if span else None,
                source_text=span.text if span else None,
                reason=reason,
                dropped=dropped,
            )
        )

    # quantities -----------------------------------------------------------------------
    def quantities(self) -> None:
        pool = self.sources if self.scope is Scope.BULLET else self.pool
        for q in self.out.quantities:
            match, near = _find_quantity(q, pool)
            if match is not None:
                self.add(ClaimKind.QUANTITY, q.text, match)
            elif near is not None:
                span, other = near
                self.add(
                    ClaimKind.QUANTITY,
                    q.text,
                    span,
                    f"the source's {other.text} counts '{' '.join(other.measure) or '-'}', not "
                    f"'{' '.join(q.measure) or '-'}'"
                    if other.key == q.key
                    else f"not a number of the source: it says {other.text}",
                )
            else:
                where = "this bullet" if self.scope is Scope.BULLET else "the master CV"
                self.add(ClaimKind.QUANTITY, q.text, None, f"no such number in {where}")
        for _, parsed in self.sources:
            said = {(q.value, q.unit) for q in self.out.quantities}
            for q in parsed.quantities:
                if (q.value, q.unit) not in said:
                    self.dropped.append(q.text)

    def pairs(self) -> None:
        pool = self.sources if self.scope is Scope.BULLET else self.pool
        for a, b, written in self.out.pairs:
            found = next(
                (s for s, p in pool if any(_same_pair((a, b), (x, y)) for x, y, _ in p.pairs)),
                None,
            )
            if found is not None:
                self.add(ClaimKind.PAIR, written, found)
                continue
            reversed_in = next(
                (s for s, p in pool if any(_same_pair((b, a), (x, y)) for x, y, _ in p.pairs)),
                None,
            )
            reason = (
                "reverses the direction the source states"
                if reversed_in
                else "the source pairs these differently"
            )
            if reversed_in is not None or self.scope is Scope.BULLET:
                self.add(ClaimKind.PAIR, written, reversed_in, reason)

    def directions(self) -> None:
        """ "to S3" is not "from S3": a technology keeps the direction its source gives it."""
        said = {(t.key, d) for _, p in self.sources for t, d in _directed(p)}
        for tech, direction in _directed(self.out):
            if direction and (tech.key, direction) not in said:
                other = "from" if direction == "to" else "to"
                if (tech.key, other) in said:
                    written = self.out.text[: tech.end].rsplit(None, len(tech.text.split()))[0]
                    self.add(
                        ClaimKind.PAIR,
                        f"{written.split()[-1]} {tech.text}",
                        self.cited[0] if self.cited else None,
                        f"the source moves things {other} {tech.text}, not {direction} it",
                    )

    def measures(self) -> None:
        for effect in self.out.effects:
            candidates = [
                (s, e) for s, p in self.sources for e in p.effects if e.head == effect.head
            ]
            if not candidates:
                continue
            # what the source's change applies to must all be said, in its object or the
            # qualifier right after it ("label generation time for shipments")
            end = self.out.text.find(effect.text) + len(effect.text)
            clause = re.split(r"[,;.]", self.out.text[end:], maxsplit=1)[0]
            have = _forms(effect.words) | forms_of(parse(clause))
            best = next(((s, e) for s, e in candidates if not words_in(e.words, have)), None)
            if best is not None:
                self.add(ClaimKind.MEASURE, effect.text, best[0])
            else:
                span, source = candidates[0]
                self.add(
                    ClaimKind.MEASURE,
                    effect.text,
                    span,
                    f"changes what it applies to: the source says '{source.text}'",
                )

    # actions, hedges, scope, negation ---------------------------------------------------
    def actions(self) -> None:
        if self.scope is Scope.BULLET:
            ceiling = max((p.strength for _, p in self.sources), default=0) or BUILT
            where = "its source"
        else:
            ceiling = max(
                (p.strength for s, p in self.pool if s.kind is SpanKind.HIGHLIGHT), default=BUILT
            )
            where = "any bullet of the master CV"
        for token, strength in self.out.actions:
            if strength > ceiling and strength >= OWNED:
                self.add(
                    ClaimKind.ACTION,
                    token.text,
                    None,
                    f"claims more ({_ladder(strength)}) than {where} ({_ladder(ceiling)})",
                )
            elif strength >= OWNED:
                self.add(ClaimKind.ACTION, token.text, self.cited[0] if self.cited else None)

    def drops(self) -> None:
        out_forms = forms_of(self.out)
        out_techs = {t.key.lower() for t in self.out.techs}
        for span, parsed in self.sources:
            if parsed.hedges and not self.out.hedges:
                self.add(
                    ClaimKind.HEDGE,
                    parsed.hedges[0],
                    span,
                    "the source qualifies the action; the rewrite drops that",
                    dropped=True,
                )
            elif parsed.hedges and _unhedged_lead(self.out):
                action = _unhedged_lead(self.out)
                self.add(
                    ClaimKind.HEDGE,
                    action or "",
                    span,
                    f"'{action}' comes before any hedge: the source's "
                    f"'{parsed.hedges[0]}' no longer qualifies it",
                )
            for phrase in parsed.qualifiers:
                missing = [w for w in words_in(phrase.words, out_forms) if w not in out_techs]
                missing = [w for w in missing if not _tech_word_kept(w, out_techs)]
                if missing:
                    self.add(
                        ClaimKind.SCOPE,
                        phrase.text,
                        span,
                        "a qualifier of the source is left out, so the claim grows",
                        dropped=True,
                    )
                    self.dropped.append(phrase.text)
            for word in parsed.negations:
                if word not in self.out.negations:
                    self.add(
                        ClaimKind.NEGATION,
                        word,
                        span,
                        "without it the sentence says the opposite",
                        dropped=True,
                    )
            for hedge in parsed.hedges:
                if hedge.lower() not in {h.lower() for h in self.out.hedges}:
                    self.dropped.append(hedge)

    def deeds(self) -> None:
        """In prose, what "I" did must be something a bullet (of the role named) says."""
        if self.scope is Scope.BULLET:
            return
        said: set[str] = set()
        for span, parsed in self.pool:
            if span.kind in (SpanKind.HIGHLIGHT, SpanKind.SUMMARY):
                said |= forms_of(parsed)
        tokens = self.out.tokens
        for i, token in enumerate(tokens[1:], start=1):
            if tokens[i - 1].lower not in {"i", "we"} or not token.lower.replace("-", "").isalpha():
                continue
            if token.forms & _GENERIC_VERBS or token.lower in FUNCTION_WORDS:
                continue
            if _known(token.lower, said):
                continue
            where = "the role the text names" if self.roles else "the master CV"
            self.add(ClaimKind.ACTION, token.text, None, f"no bullet of {where} says this")

    # names, titles, techs, credentials, dates ------------------------------------------
    def names(self) -> None:
        pool = self.pool
        for name in self.out.names:
            span = _findwords(name.key.split(), pool)
            reason = (
                None
                if span
                else (
                    "not in this bullet or its role"
                    if self.scope is Scope.BULLET
                    else "not in the master CV"
                )
            )
            self.add(ClaimKind.ORGANISATION, name.text, span, reason)

    def titles(self) -> None:
        held = [t.lower() for t in self.held]
        if self.scope is not Scope.BULLET:  # "Certified Kubernetes Application Developer"
            held += [
                s.text.lower()
                for p, s in self.ev.spans.items()
                if p.startswith("certificates[") and p.endswith(".name")
            ]
        for title in self.out.titles:
            words = title.key.split()
            if any(_contains(h.split(), words) for h in held):
                span = self._title_span()
                self.add(ClaimKind.TITLE, title.text, span)
                self.held_tokens |= {
                    i for i, t in enumerate(self.out.tokens) if title.start <= t.start < title.end
                }
                continue
            before = self.out.text[: title.start].split()[-1:] or [""]
            someone_else = before[0].lower() in {"the", "a", "an", "our", "their", "its"}
            named = _findwords(words, self.sources) if someone_else else None
            if named is not None:
                self.add(ClaimKind.TITLE, title.text, named)
            else:
                self.add(
                    ClaimKind.TITLE,
                    title.text,
                    None,
                    "not a title held in this role"
                    if self.scope is Scope.BULLET
                    else "not a title the person held",
                )

    def _title_span(self) -> Span | None:
        for span, _ in self.context:
            if span.path.endswith((".position", "basics.label")):
                return span
        return None

    def techs(self) -> None:
        experience = bool(_EXPERIENCE.search(self.out.text))
        for tech in self.out.techs:
            self._tech(tech, experience, ClaimKind.TECHNOLOGY)
        if self.scope is not Scope.BULLET:
            for skill in self.out.skills:
                self._tech(skill, experience, ClaimKind.SKILL)

    def _tech(self, tech: Mention, experience: bool, kind: ClaimKind) -> None:
        if self.scope is Scope.BULLET:
            for span, parsed in self.sources:
                if any(same_tech(tech, t) for t in [*parsed.techs, *parsed.skills]):
                    self.add(kind, tech.text, span)
                    return
            elsewhere = next(
                (
                    s
                    for s in self.ev.highlights()
                    if s.owner == (self.cited[0].owner if self.cited else None)
                    and any(same_tech(tech, t) for t in self.ev.parsed(s.path).techs)
                ),
                None,
            )
            self.add(
                kind,
                tech.text,
                elsewhere,
                f"is in another bullet of this role ({elsewhere.path}), not this one"
                if elsewhere
                else "not in this bullet",
            )
            return
        shown = [
            p
            for p in self.ev.skill_evidence.get(tech.key, [])
            if not self.roles or self.ev.span(p).owner in self.roles
            if any(same_tech(tech, t) for t in self.ev.parsed(p).techs + self.ev.parsed(p).skills)
        ]
        listed = [] if self.roles else self.ev.skills_listed.get(tech.key, [])
        if shown:
            self.add(kind, tech.text, self.ev.span(shown[0]))
        elif listed and not (experience and self.scope is not Scope.SKILLS):
            self.add(kind, tech.text, self.ev.span(listed[0]))
        elif listed:
            self.add(
                kind,
                tech.text,
                self.ev.span(listed[0]),
                "only in the skills list: no work or project bullet shows experience with it",
            )
        elif self.roles:
            self.add(kind, tech.text, None, "no bullet of the role the text names shows it")
        else:
            self.add(kind, tech.text, None, "not in the master CV")

    def credentials(self) -> None:
        pool = (
            self.sources
            if self.scope is Scope.BULLET
            else [
                (s, p) for s, p in self.pool if s.kind in (SpanKind.CREDENTIAL, SpanKind.HIGHLIGHT)
            ]
        )
        for cred in self.out.credentials:
            span = _findwords([cred.key], pool)
            self.add(
                ClaimKind.CREDENTIAL,
                cred.text,
                span,
                None if span else "no such certificate or degree in the master CV",
            )

    def dates(self) -> None:
        for date in self.out.dates:
            if not date.key.isdigit() or len(date.key) != 4:
                continue
            span = next(
                (s for s, _ in self.pool if re.search(rf"(?<!\d){date.key}(?!\d)", s.text)), None
            )
            self.add(
                ClaimKind.DATE,
                date.text,
                span,
                None
                if span
                else "no such year in this role"
                if self.scope is Scope.BULLET
                else "no such year in the master CV",
            )

    # any other word ---------------------------------------------------------------------
    def details(self, strict: bool) -> None:
        covered = set(self.out.covered) | self.held_tokens
        for mention in [*self.out.names, *self.out.credentials]:
            covered |= {
                i for i, t in enumerate(self.out.tokens) if mention.start <= t.start < mention.end
            }
        allowed = set(self.ev.forms)
        if strict and self.scope is Scope.BULLET:
            # the bullet's own words; its role's employer and title only as names and titles
            allowed = set().union(*(forms_of(p) for _, p in self.sources))
        for word in self.frame:
            allowed |= lemmas(word) | {word}
        allowed |= self._keyword_forms()
        # a verb of change the source also makes in the same direction ("Cut" for "Reduced")
        directions = {e.head for _, p in self.sources for e in p.effects}
        allowed |= {verb for verb, way in EFFECTS.items() if way in directions}
        seen: set[str] = set()
        for i, token in enumerate(self.out.tokens):
            if i in covered or not token.text[0].isalnum() or token.lower in FUNCTION_WORDS:
                continue
            if token.lower.replace(".", "").replace(",", "").isdigit():
                continue
            if not strict and token not in self.out.claim_words:
                continue
            if _known(token.lower, allowed):
                continue
            if token.text not in seen:
                seen.add(token.text)
                self.add(
                    ClaimKind.DETAIL,
                    token.text,
                    None,
                    "not stated in the source"
                    if self.scope is Scope.BULLET
                    else "not stated in the master CV",
                )

    def _keyword_forms(self) -> set[str]:
        out: set[str] = set()
        pool_techs = {t.key for _, p in self.sources for t in [*p.techs, *p.skills]}
        for keyword in self.keywords:
            parsed = parse_cached(fold(keyword))
            if any(t.key in pool_techs for t in [*parsed.techs, *parsed.skills]):
                out |= forms_of(parsed)
        return out


def _unhedged_lead(parsed: Parsed) -> str | None:
    """The first action of the text when it comes before every hedge ("Planned X, which
    helped" says the person planned it; "Helped plan X" does not)."""
    if not parsed.actions or not parsed.hedges:
        return None
    first_action = parsed.actions[0][0]
    lowered = parsed.text.lower()
    first_hedge = min(
        (lowered.find(h.lower()) for h in parsed.hedges if h.lower() in lowered), default=-1
    )
    return first_action.text if 0 <= first_action.start < first_hedge else None


def _directed(parsed: Parsed) -> list[tuple[Mention, str]]:
    """Each technology with the direction the word before it gives ("" when none)."""
    out = []
    for tech in parsed.techs:
        before = parsed.text[: tech.start].split()
        out.append((tech, DIRECTIONS.get(before[-1].lower(), "") if before else ""))
    return out


def _ladder(strength: int) -> str:
    return {LED: "leading", OWNED: "owning", BUILT: "doing", 1: "helping"}.get(strength, "none")


def _forms(words: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for word in words:
        out |= lemmas(word) | {word}
    return out


def _tech_word_kept(word: str, techs: set[str]) -> bool:
    parsed = parse(word)
    return any(t.key.lower() in techs for t in parsed.techs)


def _known(lower: str, allowed: set[str]) -> bool:
    if lower in allowed or lemmas(lower) & allowed:
        return True
    parts = [p for p in re.split(r"[-/.&']", lower) if p]
    if len(parts) > 1 and all(
        p in allowed or lemmas(p) & allowed or p in FUNCTION_WORDS or p in TECH_SUFFIXES
        for p in parts
    ):
        return not all(p in TECH_SUFFIXES or p in FUNCTION_WORDS for p in parts)
    return False


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return bool(needle) and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def _findwords(words: list[str], pool: Sequence[tuple[Span, Parsed]]) -> Span | None:
    for span, parsed in pool:
        lowers = [t.lower for t in parsed.tokens]
        if _contains(lowers, words):
            return span
        forms = forms_of(parsed)
        if all(w in forms or lemmas(w) & forms for w in words) and len(words) == 1:
            return span
    return None


def _find_quantity(
    q: Quantity, pool: Sequence[tuple[Span, Parsed]]
) -> tuple[Span | None, tuple[Span, Quantity] | None]:
    near: tuple[Span, Quantity] | None = None
    for span, parsed in pool:
        for other in parsed.quantities:
            if other.key == q.key and _same_measure(q, other):
                return span, None
            if (other.value == q.value and near is None) or other.key == q.key:
                near = (span, other)
    return None, near


def _same_measure(q: Quantity, other: Quantity) -> bool:
    if q.unit or not q.measure or not other.measure:
        return True
    return bool(_forms(q.measure) & _forms(other.measure))


def _same_pair(a: tuple[str, str], b: tuple[str, str]) -> bool:
    return _same_phrase(a[0], b[0]) and _same_phrase(a[1], b[1])


def _same_phrase(a: str, b: str) -> bool:
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    return bool(wa) and not words_in(tuple(wa), _forms(wb))


def _verbatim(text: str, spans: Iterable[Span]) -> Span | None:
    flat = " ".join(text.split()).rstrip(" .")
    cut = flat.endswith("…")
    flat = flat.removesuffix("…").rstrip()
    if not flat:
        return None
    for span in spans:
        whole = " ".join(span.text.split())
        if whole.rstrip(" .") == flat:
            return span
        if cut and whole.startswith(flat):
            return span
        if any(s.rstrip(" .") == flat for s in sentences(whole)):
            return span
    return None


def check(
    text: str,
    evidence: Evidence,
    cited: Sequence[str] = (),
    scope: Scope = Scope.BULLET,
    *,
    keywords: Sequence[str] = (),
    frame: frozenset[str] = frozenset(),
) -> SentenceVerdict:
    """Check one sentence against the master CV.

    `cited` names the spans it rewrites (`work[0].highlights[2]`): a bullet must cite its
    source. Headers and prose may cite none: then any span may support each claim.
    `keywords` are the job's terms (their words are free when the cited spans show them);
    `frame` the words a composer adds around the user's ("hands-on", "experience").
    """
    if scope is Scope.BULLET and not cited:
        raise ValueError("a bullet must cite the master-CV span it rewrites")
    folded = " ".join(fold(text).split())
    spans = [evidence.span(p) for p in cited]
    claims: list[ClaimCheck] = []
    for refusal in lookalikes(folded, evidence.tokens):
        claims.append(
            ClaimCheck(
                kind=ClaimKind.LOOKALIKE, text=refusal.token, supported=False, reason=refusal.reason
            )
        )
    if not claims:
        same = _verbatim(folded, spans or evidence.spans.values())
        if same is not None and (
            scope is not Scope.BULLET or same.text.rstrip(". ") == folded.rstrip(". ")
        ):
            return SentenceVerdict(folded, [], verbatim=folded == text.strip(), written=text)
    if not folded:
        claims.append(
            ClaimCheck(kind=ClaimKind.LENGTH, text="", supported=False, reason="the text is empty")
        )
        return SentenceVerdict(folded, claims, written=text)
    if scope is Scope.BULLET and len(folded) > MAX_GROWTH * max(len(spans[0].text), 40):
        claims.append(
            ClaimCheck(
                kind=ClaimKind.LENGTH,
                text=folded[:40] + "…",
                supported=False,
                reason=f"more than {MAX_GROWTH:g}x longer than its source",
            )
        )
    try:
        checker = _Checker(evidence, parse(folded), spans, scope, keywords, frame)
        checker.quantities()
        checker.pairs()
        checker.directions()
        checker.measures()
        checker.actions()
        checker.drops()
        checker.deeds()
        checker.names()
        checker.titles()
        checker.techs()
        checker.credentials()
        checker.dates()
        checker.details(strict=scope in (Scope.BULLET, Scope.HEADER))
    except Exception as exc:  # fail closed: a gate that cannot judge refuses
        claims.append(
            ClaimCheck(
                kind=ClaimKind.DETAIL,
                text=folded,
                supported=False,
                reason=f"could not be checked: {exc}",
            )
        )
        return SentenceVerdict(folded, claims, written=text)
    claims += checker.claims
    claims.sort(key=lambda c: (c.supported, _position(folded, c)))
    return SentenceVerdict(
        folded, claims, dropped=list(dict.fromkeys(checker.dropped)), written=text
    )


def _position(text: str, claim: ClaimCheck) -> int:
    found = text.find(claim.text)
    return found if found >= 0 else len(text)


def check_text(
    text: str,
    evidence: Evidence,
    cited: Sequence[str] = (),
    scope: Scope = Scope.PROSE,
    *,
    keywords: Sequence[str] = (),
    frame: frozenset[str] = frozenset(),
) -> TextVerdict:
    """Check a multi-sentence text (a letter, a summary) sentence by sentence."""
    return TextVerdict(
        [check(s, evidence, cited, scope, keywords=keywords, frame=frame) for s in sentences(text)]
    )


def dropped(source: str, output: str) -> list[str]:
    """What `output` leaves out of `source`: hedges, qualifiers, quantities, negations."""
    src, out = parse(fold(source)), parse(fold(output))
    out_forms = forms_of(out)
    found: list[str] = []
    if src.hedges and not out.hedges:
        found += src.hedges
    found += [p.text for p in src.qualifiers if words_in(p.words, out_forms)]
    said = {(q.value, q.unit) for q in out.quantities}
    found += [q.text for q in src.quantities if (q.value, q.unit) not in said]
    found += [w for w in src.negations if w not in out.negations]
    return list(dict.fromkeys(found))
