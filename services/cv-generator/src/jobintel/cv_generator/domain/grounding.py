"""The truthfulness gate: fail closed on any claim the master CV does not support.

Three layers, each naming what it refuses:
- claims: a number (with its scale) must be in the bullet's OWN source (so a metric cannot move
  between bullets, let alone roles); a name (capitalised mid-sentence, mixed-case or
  alphanumeric like "EC2"), technology, rank, credential word or JD keyword must be in the role;
- titles: a phrase ending in a job noun ("platform engineer") must be a title the person held
  (a position or the CV's own label), never a target role;
- words: every other content word must be a light paraphrase (same stem or alias) of a word of
  the source, a function word, or a JD keyword the role supports. This is what catches scope
  and magnitude the source does not state: "halved", "sole", "end-to-end", "led" for "helped".
Anything else sends the bullet back to its source text, and the report says why. The header
(headline, value proposition) is checked against the resume's own text, never the persona.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import BaseModel

from jobintel.contracts import GroundingItem, SourceRef, Verdict
from jobintel.contracts.profile import Resume

from .lexicon import (
    CREDENTIALS,
    FUNCTION_WORDS,
    LEADERSHIP,
    MONTHS,
    NEGATIONS,
    NUMBER_WORDS,
    ORDINARY,
    ROLE_NOUNS,
    SCALES,
    TECHNOLOGIES,
    TITLES,
)
from .text import ALIASES, TermIndex, canonical, normalise, stem, stems, tokens, variants

_WORD = re.compile(
    r"[A-Za-z0-9\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f+#&'./-]*[A-Za-z0-9\u00c0-\u024f+#]|[A-Za-z0-9\u00c0-\u024f]"
)
_NUMBER = re.compile(r"(?<![A-Za-z])\d+(?:[.,]\d+)*")
_SENTENCE_START = re.compile(r"(^|[.!?:;(\u2022\u2014-]\s*|\n\s*)$")
MAX_GROWTH = 2.0  # a rewrite more than twice as long is a new text, not a rewording


def _numbers(text: str) -> set[str]:
    found = set()
    for raw in _NUMBER.findall(text):
        value = raw.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", raw) else raw
        value = value.replace(",", ".")
        if "." in value:
            value = value.rstrip("0").rstrip(".")
        found.add(value.lstrip("0") or "0")
    for token in re.findall(r"[a-z]+", normalise(text)):
        if token in NUMBER_WORDS:
            found.add(str(NUMBER_WORDS[token]))
    return found


def _words(text: str) -> list[tuple[str, bool]]:
    """Words as written, with whether each starts a sentence (where capitals mean nothing)."""
    out = []
    for match in _WORD.finditer(text):
        word = match.group(0).rstrip(".'")
        initial = bool(_SENTENCE_START.search(text[: match.start()]))
        out.append((word, initial))
    return out


def _negations(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", normalise(text)) if w in NEGATIONS}


def _is_name(word: str, initial: bool) -> bool:
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return False
    if any(c.isdigit() for c in word):
        return True  # EC2, p95, S3
    if any(c.isupper() for c in letters[1:]):
        return True  # PostgreSQL, AWS, GitLab
    return letters[0].isupper() and not initial


@dataclass(frozen=True, slots=True)
class Scope:
    """What a piece of output may draw on: its words, numbers and the terms they name."""

    text: str
    words: frozenset[str]
    numbers: frozenset[str]
    titles: tuple[tuple[str, ...], ...] = ()  # stem runs a title phrase may be taken from

    @classmethod
    def of(cls, texts: Iterable[str | None], titles: Iterable[str | None] | None = None) -> Scope:
        kept = [t for t in texts if t]
        text = "\n".join(kept)
        runs = tuple(tuple(stems(t)) for t in (kept if titles is None else titles) if t)
        words: set[str] = set()
        for word, _ in _words(text):
            lower = normalise(word)
            words.update({lower, stem(lower), canonical(lower)})
            for part in re.split(r"[-/.]", lower):
                if part:
                    words.update({part, stem(part)})
        # a spelled-out alias of a term the CV uses is the same claim ("Amazon Web Services")
        for alias, target in ALIASES.items():
            if target in words or alias in words:
                for part in re.split(r"[ -/]", f"{alias} {target}"):
                    words.update({part, stem(part)})
        for iso in re.findall(r"\b\d{4}-(\d{2})\b", text):
            if 1 <= int(iso) <= 12:
                words.update(MONTHS[int(iso) - 1])
        return cls(text, frozenset(words), frozenset(_numbers(text)), runs)

    def knows(self, word: str) -> bool:
        lower = normalise(word)
        if lower in self.words or stem(lower) in self.words or canonical(lower) in self.words:
            return True
        parts = [p for p in re.split(r"[-/.&']", lower) if p]
        return bool(parts) and all(p in self.words or stem(p) in self.words for p in parts)

    def holds(self, phrase: str) -> bool:
        """Whether `phrase` is, word for word, part of a title this scope states."""
        run = tuple(stems(phrase))
        n = len(run)
        return bool(run) and any(
            t[i : i + n] == run for t in self.titles for i in range(len(t) - n + 1)
        )


def title_phrases(text: str) -> list[str]:
    """Phrases that claim a job title: a job noun with the words that qualify it."""
    found = list(_WORD.finditer(text))
    out: list[str] = []
    for i, match in enumerate(found):
        if normalise(match.group(0).rstrip(".'")) not in ROLE_NOUNS:
            continue
        start = i
        while start > 0 and i - start < 4:
            prev = found[start - 1]
            word = normalise(prev.group(0).rstrip(".'"))
            gap = text[prev.end() : found[start].start()]
            if gap.strip() or word in FUNCTION_WORDS or word in NEGATIONS or _NUMBER.search(word):
                break
            start -= 1
        out.append(text[found[start].start() : match.end()].rstrip(".'"))
    return out


def _allowed_jd_words(output: str, scope: Scope, jd_terms: Iterable[str]) -> set[str]:
    """Stems of the JD keywords the output uses and the scope supports: free to add."""
    index, scope_index = TermIndex(output), TermIndex(scope.text)
    allowed: set[str] = set()
    for term in jd_terms:
        if index.mentions(term) and scope_index.mentions(term):
            for variant in variants(term):
                allowed.update(variant)
            for token in tokens(term):
                allowed.update({token, stem(token), *re.split(r"[-/.]", token)})
    return allowed


def unsupported_claims(
    output: str,
    scope: Scope,
    jd_terms: Iterable[str] = (),
    *,
    source: Scope | None = None,
    frame: frozenset[str] = frozenset(),
) -> list[str]:
    """Every claim in `output` that `scope` does not support, in reading order, once each.

    With a `source`, numbers must come from it and so must every content word (up to stems
    and aliases), apart from function words, the composer's `frame` words and JD keywords
    the scope supports.
    """
    jd_terms = list(jd_terms)
    found: list[str] = []

    def flag(claim: str) -> None:
        if claim not in found:
            found.append(claim)

    numbers = (source or scope).numbers
    for number in sorted(_numbers(output) - numbers, key=lambda n: output.find(n)):
        flag(number)
    for word, initial in _words(output):
        lower = normalise(word)
        claim = (
            _is_name(word, initial)
            or lower in SCALES | TITLES | CREDENTIALS | LEADERSHIP
            or (lower in TECHNOLOGIES and not (lower in ORDINARY and word.islower()))
        )
        if claim and not scope.knows(word):
            flag(word)
    for phrase in title_phrases(output):
        if not scope.holds(phrase):
            flag(phrase)
    index = TermIndex(output)
    scope_index = TermIndex(scope.text)
    for term in jd_terms:
        if index.mentions(term) and not scope_index.mentions(term):
            flag(term)
    if source is not None:
        allowed = _allowed_jd_words(output, scope, jd_terms)
        for word, _ in _words(output):
            lower = normalise(word)
            if lower in FUNCTION_WORDS or lower in frame or _NUMBER.search(lower):
                continue
            parts = [p for p in re.split(r"[-/.&']", lower) if p]
            if source.knows(word) or all(p in allowed or stem(p) in allowed for p in parts):
                continue
            flag(word)
    return found


def changes(source: str, output: str) -> list[str]:
    """Words added (+) and removed (-): what a reviewer reads to see the rewording."""
    a, b = source.split(), output.split()
    diff: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            diff.append("-" + " ".join(a[i1:i2]))
        if op in ("insert", "replace"):
            diff.append("+" + " ".join(b[j1:j2]))
    return diff


def judge(
    section: str,
    source: SourceRef,
    proposed: str,
    scope: Scope,
    jd_terms: Iterable[str] = (),
) -> GroundingItem:
    """The verdict on one rewritten bullet; the output is the source text unless all holds."""
    proposed = proposed.strip()
    if proposed == source.text:
        return GroundingItem(
            output=source.text, source=source, verdict=Verdict.VERBATIM, section=section
        )
    if not proposed:
        problems = ["the rewrite is empty"]
    elif len(proposed) > MAX_GROWTH * max(len(source.text), 40):
        problems = [f"the rewrite is more than {MAX_GROWTH:g}x longer than its source"]
    else:
        try:
            own = Scope.of([source.text])
            problems = unsupported_claims(proposed, scope, jd_terms, source=own)
            # a rewording that drops a "no" or "without" says the opposite of its source
            problems += [
                f"dropped '{w}'" for w in sorted(_negations(source.text) - _negations(proposed))
            ]
        except Exception as exc:  # fail closed: a gate that cannot judge refuses
            problems = [f"could not be checked: {exc}"]
    verdict = Verdict.REVERTED if problems else Verdict.GROUNDED
    return GroundingItem(
        output=source.text if problems else proposed,
        source=source,
        verdict=verdict,
        unsupported=problems,
        section=section,
        proposed=proposed if problems else None,
        changes=changes(source.text, proposed),
    )


def resume_texts(resume: Resume) -> list[str | None]:
    """Every string the user wrote, for the header's scope and the document audit."""
    dump = resume.model_dump(mode="json", exclude_none=True)
    out: list[str | None] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(dump)
    return out


def held_titles(resume: Resume) -> list[str]:
    """The titles the person may claim: the CV's own label and every position held."""
    titles = [resume.basics.label, *(w.position for w in [*resume.work, *resume.volunteer])]
    return [t for t in titles if t]


def resume_scope(resume: Resume) -> Scope:
    """What the header may draw on: the resume's own text. Never the persona: its target
    roles are aspirations, and its identity and strengths are how the user wants to be seen."""
    return Scope.of(resume_texts(resume), titles=held_titles(resume))


def _verbatim(text: str, sources: Iterable[str | None]) -> bool:
    """`text` is, whole words and all, a piece of one of `sources` (the user's own words)."""
    needle = " ".join(normalise(text.removesuffix("…")).split()).rstrip(" .")
    if not needle:
        return False
    pattern = re.compile(r"(?<![\w])" + re.escape(needle) + r"(?![\w])")
    return any(pattern.search(" ".join(normalise(s).split())) for s in sources if s)


def header_problems(
    text: str,
    resume: Resume,
    *,
    verbatim_from: Iterable[str | None] = (),
    jd_terms: Iterable[str] = (),
    frame: frozenset[str] = frozenset(),
    scope: Scope | None = None,
) -> list[str]:
    """What in a header line the resume does not support; [] when it is the user's own words."""
    if _verbatim(text, verbatim_from):
        return []
    scope = scope or resume_scope(resume)
    try:
        return unsupported_claims(text, scope, jd_terms, source=scope, frame=frame)
    except Exception as exc:  # fail closed
        return [f"could not be checked: {exc}"]


def role_scope(resume: Resume, path: str) -> Scope:
    """A bullet of `work[i]` may draw on that role only; other items on themselves."""
    match = re.match(r"^(work|projects)\[(\d+)\]", path)
    if match is None:
        return Scope.of(resume_texts(resume))
    section, index = match.group(1), int(match.group(2))
    entry: BaseModel = getattr(resume, section)[index]
    return Scope.of(_entry_texts(entry))


def _entry_texts(entry: BaseModel) -> list[str | None]:
    dump = entry.model_dump(mode="json", exclude_none=True)
    out: list[str | None] = []
    for value in dump.values():
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, list):
            out.extend(v for v in value if isinstance(v, str))
    return out
