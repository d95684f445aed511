"""The truthfulness gate: fail closed on any claim the master CV does not support.

A claim is a number (with its scale), a name (anything capitalised mid-sentence, mixed-case or
alphanumeric like "EC2"), a technology, a rank or title word, a credential word, or a keyword
of the job. Each must appear in the text it may draw on: for a bullet, its own role (so a
metric cannot move from one employer to another); for the header, the whole master CV.
Anything else sends the bullet back to its source text, and the report says why.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import BaseModel

from jobintel.contracts import GroundingItem, SourceRef, Verdict
from jobintel.contracts.profile import MasterProfile, Resume

from .lexicon import (
    CREDENTIALS,
    LEADERSHIP,
    MONTHS,
    NEGATIONS,
    NUMBER_WORDS,
    ORDINARY,
    SCALES,
    TECHNOLOGIES,
    TITLES,
)
from .text import ALIASES, TermIndex, canonical, normalise, stem

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

    @classmethod
    def of(cls, texts: Iterable[str | None]) -> Scope:
        text = "\n".join(t for t in texts if t)
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
        return cls(text, frozenset(words), frozenset(_numbers(text)))

    def knows(self, word: str) -> bool:
        lower = normalise(word)
        if lower in self.words or stem(lower) in self.words or canonical(lower) in self.words:
            return True
        parts = [p for p in re.split(r"[-/.&']", lower) if p]
        return bool(parts) and all(p in self.words or stem(p) in self.words for p in parts)


def unsupported_claims(output: str, scope: Scope, jd_terms: Iterable[str] = ()) -> list[str]:
    """Every claim in `output` that `scope` does not support, in reading order, once each."""
    found: list[str] = []

    def flag(claim: str) -> None:
        if claim not in found:
            found.append(claim)

    for number in sorted(_numbers(output) - scope.numbers, key=lambda n: output.find(n)):
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
    index = TermIndex(output)
    scope_index = TermIndex(scope.text)
    for term in jd_terms:
        if index.mentions(term) and not scope_index.mentions(term):
            flag(term)
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
            problems = unsupported_claims(proposed, scope, jd_terms)
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


def profile_scope(profile: MasterProfile) -> Scope:
    persona = profile.persona
    return Scope.of(
        [
            *resume_texts(profile.resume),
            persona.identity,
            *persona.core_strengths,
            *persona.target_roles,
        ]
    )


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
