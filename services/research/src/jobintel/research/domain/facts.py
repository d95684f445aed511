"""Facts read from page text: what the company makes, mission, values, size, tech signals.

Every fact keeps the URL of the page it was read on.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from jobintel.contracts import Fact, taxonomy

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"])")


@dataclass(frozen=True, slots=True)
class Passage:
    """Main text of one page, with where it came from."""

    url: str
    text: str
    kind: str = "other"


def sentences(text: str) -> list[str]:
    out: list[str] = []
    for line in text.split("\n"):
        for part in _SENTENCE.split(line.strip()):
            part = part.strip()
            if part:
                out.append(part)
    return out


_MISSION = re.compile(r"\b(our mission|mission is|we exist to|our purpose|we believe)\b", re.I)
_VALUES = re.compile(r"\b(our values|we value|values are|principles)\b", re.I)
_FOUNDED = re.compile(r"\b(?:founded|established|started)\s+(?:in\s+)?((?:19|20)\d{2})\b", re.I)
_SIZE = re.compile(
    r"\b(?:team of|more than|over|nearly|about)?\s*(\d{1,3}(?:,\d{3})*|\d+)\+?\s+"
    r"(?:people|employees|team members|engineers|colleagues)\b",
    re.I,
)


def text_facts(passages: list[Passage], known: set[str]) -> list[Fact]:
    """Mission, values, founding year and size stated in the text, unless JSON-LD said it."""
    facts: list[Fact] = []
    seen: set[str] = set(known)
    for passage in passages:
        for sentence in sentences(passage.text):
            if len(sentence) > 400:
                continue
            if "Mission" not in seen and _MISSION.search(sentence):
                facts.append(Fact(label="Mission", value=sentence, source_url=passage.url))
                seen.add("Mission")
            elif "Values" not in seen and _VALUES.search(sentence):
                facts.append(Fact(label="Values", value=sentence, source_url=passage.url))
                seen.add("Values")
            if "Founded" not in seen and (m := _FOUNDED.search(sentence)):
                facts.append(Fact(label="Founded", value=m.group(1), source_url=passage.url))
                seen.add("Founded")
            if "Employees" not in seen and (m := _SIZE.search(sentence)):
                facts.append(
                    Fact(
                        label="Employees", value=m.group(1).replace(",", ""), source_url=passage.url
                    )
                )
                seen.add("Employees")
    return facts


def what_they_make(description: str | None, passages: list[Passage]) -> str | None:
    """One sentence saying what the company does: its own description, else its about text."""
    if description:
        return description
    for kind in ("home", "about"):
        for passage in passages:
            if passage.kind == kind:
                for sentence in sentences(passage.text):
                    if 40 <= len(sentence) <= 300 and not sentence.endswith("?"):
                        return sentence
    return None


_LEFT = r"(?<![\w.+#])"
_RIGHT = r"(?![\w+#])"
# A one- or two-letter name ("Go", "R", "C") counts only inside a list of technologies, never
# as a sentence's first word ("Go to our careers page").
_IN_A_LIST = r"(?:(?<=, )|(?<=and )|(?<=or )|(?<=in )|(?<=/))"


def _pattern(spellings: Iterable[str], flags: int) -> re.Pattern[str]:
    parts = []
    for spelling in sorted(spellings, key=len, reverse=True):
        body = r"\s+".join(re.escape(w) for w in spelling.split())
        parts.append(_IN_A_LIST + body if len(spelling) <= 2 else body)
    return re.compile(_LEFT + "(?:" + "|".join(parts) + ")" + _RIGHT, flags)


@cache
def _tech_patterns() -> tuple[tuple[re.Pattern[str], bool, dict[str, str]], ...]:
    """The shared taxonomy's technologies as two patterns: spellings as written, and folded."""
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    for entry in taxonomy.technologies():
        for spelling in entry.spellings:
            if spelling in entry.case_sensitive:
                exact.setdefault(" ".join(spelling.split()), entry.name)
            elif spelling.lower() not in {c.lower() for c in entry.case_sensitive}:
                folded.setdefault(" ".join(spelling.lower().split()), entry.name)
    return (
        (_pattern(exact, 0), False, exact),
        (_pattern(folded, re.I), True, folded),
    )


def tech_mentions(text: str) -> Counter[str]:
    """How often each technology of the shared taxonomy is named, by canonical name.

    Where spellings overlap ("Node" inside "Node.js") the longer one counts, once.
    """
    spans: list[tuple[int, int, str]] = []
    for pattern, fold, names in _tech_patterns():
        for m in pattern.finditer(text):
            key = " ".join((m.group(0).lower() if fold else m.group(0)).split())
            if (name := names.get(key)) is not None:
                spans.append((m.start(), m.end(), name))
    found: Counter[str] = Counter()
    end = -1
    for start, stop, name in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start >= end:
            found[name] += 1
            end = stop
    return found


@dataclass(frozen=True, slots=True)
class TechSignals:
    stack: list[str]
    facts: list[Fact]


def tech_signals(
    sources: list[tuple[str | None, str]], *, label: str = "Tech stack signals"
) -> TechSignals:
    """Technologies named on the company's pages and in the posting, most mentioned first.

    One fact per source lists what that source names, so every signal is cited.
    """
    total: Counter[str] = Counter()
    facts: list[Fact] = []
    for url, text in sources:
        found = tech_mentions(text)
        if not found:
            continue
        total.update(found)
        names = ", ".join(sorted(found, key=lambda n: (-found[n], n)))
        facts.append(Fact(label=label, value=names, source_url=url))
    stack = sorted(total, key=lambda n: (-total[n], n))
    return TechSignals(stack=stack, facts=facts)
