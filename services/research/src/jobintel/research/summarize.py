"""The company summary: extractive offline; written by Claude, with citations, when configured.

Claude sees the company's own page texts, numbered, and must cite a page for every sentence;
a sentence citing no page it was given is dropped, and a reply with nothing left (or any LLM
failure) falls back to the extractive summary, so a profile always has its summary.
"""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel, Field

from jobintel.runtime.llm import LLM, LlmError
from jobintel.runtime.logs import get_logger

from .domain.facts import Passage
from .domain.summary import Summary, extractive_summary

log = get_logger(__name__)
MAX_PASSAGE_CHARS = 4000
SYSTEM = (
    "You summarise a company for a job seeker, using only the numbered pages given. "
    "Write two to four short, plain sentences: what the company makes, for whom, and anything "
    "notable (size, founding, mission, recent news). Every sentence cites the number of the page "
    "that supports it. Never add facts that are not on the pages."
)


class Summarizer(Protocol):
    async def summarize(self, company: str, passages: list[Passage]) -> Summary | None:
        """A short summary whose every sentence can be traced to one of `passages`' URLs."""


class ExtractiveSummarizer:
    """The default: the company's own most representative sentences, no network."""

    async def summarize(self, company: str, passages: list[Passage]) -> Summary | None:
        return extractive_summary(company, passages)


class CitedSentence(BaseModel):
    text: str = Field(min_length=1, max_length=400)
    page: int = Field(ge=1, description="Number of the page that supports the sentence")


class CitedSummary(BaseModel):
    sentences: list[CitedSentence] = Field(min_length=1, max_length=6)


def prompt_for(company: str, passages: list[Passage]) -> str:
    pages = "\n\n".join(
        f"[{i}] {p.url}\n{p.text[:MAX_PASSAGE_CHARS]}" for i, p in enumerate(passages, 1)
    )
    return f"Company: {company}\n\nPages:\n\n{pages}"


class LlmSummarizer:
    """Claude writes the summary; every sentence keeps the URL of the page it cites."""

    def __init__(self, llm: LLM, fallback: Summarizer | None = None) -> None:
        self._llm = llm
        self._fallback = fallback or ExtractiveSummarizer()

    async def summarize(self, company: str, passages: list[Passage]) -> Summary | None:
        if not passages:
            return None
        try:
            result = await self._llm.structured(
                prompt=prompt_for(company, passages),
                schema=CitedSummary,
                purpose="company_summary",
                system=SYSTEM,
                max_tokens=2048,
            )
        except LlmError as exc:
            log.warning("summary by the LLM failed, using the extractive one", reason=str(exc))
            return await self._fallback.summarize(company, passages)
        cited = [s for s in result.value.sentences if s.page <= len(passages)]
        if not cited:
            return await self._fallback.summarize(company, passages)
        sources = list(dict.fromkeys(passages[s.page - 1].url for s in cited))
        return Summary(text=" ".join(s.text.strip() for s in cited), sources=sources, method="llm")
