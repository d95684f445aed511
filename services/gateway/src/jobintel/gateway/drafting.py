"""The `CvDrafter` port: how a CV file's text becomes a draft JSON Resume to review.

The offline drafter (`domain.cv_draft`) is the default and needs nothing. The Claude one
(`adapters.llm_drafter`) implements the same protocol and is wrapped in `WithFallback`, so any
failure of it still gives the offline draft, with the reason in the draft's notes.
"""

from __future__ import annotations

import asyncio
from typing import Protocol

from .adapters.cv_files import CvText
from .domain.cv_draft import Draft, draft_from_text

FELL_BACK = "used the offline draft"  # how a fallback note ends


class CvDrafter(Protocol):
    async def draft(self, cv: CvText) -> Draft: ...


class DraftingFailed(Exception):
    """A drafter gave up; the message says why."""


class OfflineDrafter:
    async def draft(self, cv: CvText) -> Draft:
        return await asyncio.to_thread(draft_from_text, cv.text)


class WithFallback:
    """Use `primary`; when it fails in any way, use `fallback` and record why."""

    def __init__(self, primary: CvDrafter, fallback: CvDrafter, *, name: str = "primary"):
        self._primary = primary
        self._fallback = fallback
        self._name = name

    async def draft(self, cv: CvText) -> Draft:
        try:
            return await self._primary.draft(cv)
        except Exception as exc:  # any failure of the better path falls back, never fails
            draft = await self._fallback.draft(cv)
            reason = str(exc) if isinstance(exc, DraftingFailed) else f"{type(exc).__name__}: {exc}"
            draft.notes.append(f"{self._name} drafting failed ({reason[:300]}); {FELL_BACK}")
            return draft
