"""The letter's `SentenceGate`: the claim-level gate (`jobintel.truth`) in its prose scope.

A letter sentence may draw on anything the master CV says, never on the persona, the posting
or the company: those are not evidence about the person. A sentence quoting a CV item (a key
achievement) cites that item, so its metrics, hedges and scope must be that item's.
"""

from __future__ import annotations

from collections.abc import Iterable

from jobintel.contracts import GroundingItem, SourceRef
from jobintel.contracts.profile import MasterProfile
from jobintel.truth import Evidence, Scope, check

# words of the letter's own frame around a claim ("Skills I can bring to this role: …")
LETTER_FRAME = frozenset({"skills", "bring", "role"})


class ResumeGate:
    """Every claim of a sentence must map to the master CV; the verdict names what does not."""

    def __init__(self, profile: MasterProfile, jd_terms: Iterable[str] = ()) -> None:
        self._evidence = Evidence.from_resume(profile.resume)
        self._keywords = list(jd_terms)

    def check(self, sentence: str, *, section: str, source: SourceRef | None) -> GroundingItem:
        cited = [source.path] if source is not None and source.path in self._evidence.spans else []
        verdict = check(
            sentence,
            self._evidence,
            cited,
            Scope.PROSE,
            keywords=self._keywords,
            frame=LETTER_FRAME,
        )
        return verdict.item(section, source, fallback="")
