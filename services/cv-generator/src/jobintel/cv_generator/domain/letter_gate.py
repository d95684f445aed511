"""The letter's `SentenceGate` over the CV's truthfulness gate, against the whole master CV.

A letter sentence may draw on anything the master CV says (it has no single source bullet),
never on the persona, the posting or the company: those are not evidence about the person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from jobintel.contracts import GroundingItem, SourceRef, Verdict
from jobintel.contracts.profile import MasterProfile

from .grounding import changes, header_problems, resume_scope, resume_texts

# words of the letter's own frame around a claim ("Skills I can bring to this role: …")
LETTER_FRAME = frozenset(
    {"skills", "skill", "bring", "role", "hands-on", "experience", "i", "me", "my", "can"}
)
# the CV's gate reads a capitalised word mid-sentence as a name; a letter's "I" is a pronoun
_PRONOUN = re.compile(r"\bI\b(?!\.)")


class ResumeGate:
    """Every claim of a sentence must be in the master CV; the verdict names what is not."""

    def __init__(self, profile: MasterProfile, jd_terms: Iterable[str] = ()) -> None:
        self._resume = profile.resume
        self._texts = resume_texts(profile.resume)
        self._scope = resume_scope(profile.resume)
        self._jd_terms = list(jd_terms)

    def check(self, sentence: str, *, section: str, source: SourceRef | None) -> GroundingItem:
        text = sentence.strip()
        own = [source.text] if source is not None else []
        problems = (
            header_problems(
                _PRONOUN.sub("i", text),
                self._resume,
                verbatim_from=[*own, *self._texts],
                jd_terms=self._jd_terms,
                frame=LETTER_FRAME,
                scope=self._scope,
            )
            if text
            else ["the sentence is empty"]
        )
        if problems:
            verdict = Verdict.REVERTED
        elif source is not None and text == source.text.strip():
            verdict = Verdict.VERBATIM
        else:
            verdict = Verdict.GROUNDED
        return GroundingItem(
            output="" if problems else text,
            source=source,
            verdict=verdict,
            unsupported=problems,
            section=section,
            proposed=text if problems else None,
            changes=changes(source.text, text) if source is not None and problems == [] else [],
        )
