"""The seam for the company summary: extractive offline; an LLM summarizer plugs in here."""

from __future__ import annotations

from typing import Protocol

from .domain.facts import Passage
from .domain.summary import Summary, extractive_summary


class Summarizer(Protocol):
    async def summarize(self, company: str, passages: list[Passage]) -> Summary | None:
        """A short summary whose every sentence can be traced to one of `passages`' URLs."""


class ExtractiveSummarizer:
    """The default: the company's own most representative sentences, no network."""

    async def summarize(self, company: str, passages: list[Passage]) -> Summary | None:
        return extractive_summary(company, passages)
