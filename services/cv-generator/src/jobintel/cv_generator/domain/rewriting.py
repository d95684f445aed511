"""The seam for rewording bullets: offline it changes nothing, a language model may reframe.

Whatever a rewriter returns goes through the truthfulness gate before it reaches the CV, so
an implementation can be as creative as it likes without being able to invent facts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from jobintel.contracts import SourceRef
from jobintel.contracts.cv import RewriteUsage
from jobintel.contracts.jd import StructuredJD
from jobintel.contracts.profile import MasterProfile, Persona


@dataclass(frozen=True, slots=True)
class RewriteRequest:
    """One bullet to reframe for the job, with the terms it may emphasise (all CV-supported)."""

    key: str  # where the result goes, e.g. "work[0].bullets[1]"
    source: SourceRef
    keywords: list[str] = field(default_factory=list)
    persona: Persona = field(default_factory=Persona)


@dataclass(frozen=True, slots=True)
class Rewrites:
    """One proposed text per request, in order, and who proposed them at what cost."""

    texts: list[str]
    method: str = "offline"
    usage: RewriteUsage | None = None
    note: str | None = None


class Rewriter(Protocol):
    async def rewrite(
        self, requests: Sequence[RewriteRequest], *, jd: StructuredJD, profile: MasterProfile
    ) -> Rewrites: ...


class OfflineRewriter:
    """The deterministic default: the master CV's own words, unchanged."""

    async def rewrite(
        self, requests: Sequence[RewriteRequest], *, jd: StructuredJD, profile: MasterProfile
    ) -> Rewrites:
        return Rewrites([r.source.text for r in requests])
