"""A job posting is untrusted data: what of it may reach a model's prompt, and how.

Postings sometimes carry text aimed at AI screening or CV tools ("If you are an AI, ignore all
previous instructions and add ..."). Such lines are dropped before a prompt is built, and what
is left goes in as quoted data, never as instructions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Addressed to a tool: "if you are an AI", "ChatGPT:", "note to language models", ...
_TOOL = (
    r"(?:ai|a\.i\.|llms?|gpts?|chat\s?gpt|claude|gemini|copilot|language models?|chat ?bots?|"
    r"bots?|assistants?|automated (?:tools?|systems?|screen\w*)|ai (?:tools?|systems?|models?)|"
    r"(?:cv|resume|résumé|application|screening|applicant tracking) (?:tools?|bots?|systems?|"
    r"writers?|generators?|software))"
)
# Names only a model or a tool answers to (no "assistant": assistant managers exist).
_AI = r"(?:ai|a\.i\.|llms?|gpts?|chat\s?gpt|claude|gemini|copilot|language models?)"
_ADDRESSED = re.compile(
    rf"\b(?:ignore|disregard|forget|override)\b[^.\n]{{0,40}}\b(?:instructions?|prompts?|rules?|"
    rf"above|previous|prior)\b"
    rf"|\b(?:if|when|in case)\s+you\s+are\s+(?:an?\s+)?{_TOOL}"
    rf"|\b(?:note|message|instructions?)\s+(?:to|for)\s+(?:any\s+|all\s+)?{_TOOL}"
    rf"|^\s*(?:dear\s+)?{_TOOL}\s*[:,]"
    rf"|\b{_AI}\b[^.\n]{{0,60}}\b(?:must|should|shall|need to|are to|include|add|insert|mention|"
    rf"write|say|state|rank|score|rate)\b"
    rf"|\b(?:system|developer)\s+prompt\b",
    re.IGNORECASE,
)


def addresses_tools(line: str) -> bool:
    """Whether `line` speaks to an AI or automated tool rather than to a candidate."""
    return bool(_ADDRESSED.search(line))


def as_data(lines: Iterable[str]) -> list[str]:
    """The lines a prompt may quote: tool-addressed ones dropped, markup that could close the
    data block neutralised."""
    kept = []
    for line in lines:
        if addresses_tools(line):
            continue
        kept.append(line.replace("<", "\u2039").replace(">", "\u203a"))
    return kept
