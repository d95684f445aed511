"""Finding a quoted passage in the description, tolerant only of how text gets copied.

A model (or a person) copying a line drops the bullet, joins wrapped lines, lowercases a word,
straightens curly quotes and dashes, or shortens a long item with "...". Those still name the
same characters of the description; anything else (a reworded or invented line) is not found.
The span returned is always in the original text, so what is shown is the description's own.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2026": "...",
    }
)
_BULLET = re.compile(r"^(?:[-*\u2022\u00b7\u25aa\u25e6\u25cf\u2023+]|\d{1,2}[.)])\s+")
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|\[\.\.\.\])\s*")
MAX_GAP = 300  # characters "..." may stand for
MIN_ALNUM = 3  # a shorter quote matches almost anywhere


def fold(text: str) -> str:
    """Whitespace runs as one space, typographic quotes and dashes plain, lower case."""
    return "".join(_folded_chars(text)[0])


def _folded_chars(text: str) -> tuple[list[str], list[int]]:
    chars: list[str] = []
    index: list[int] = []
    for i, raw in enumerate(text):
        for c in raw.translate(_FOLD):
            if c.isspace():
                if chars and chars[-1] == " ":
                    continue
                c = " "
            else:
                low = c.lower()
                c = low if len(low) == 1 else c
            chars.append(c)
            index.append(i)
    return chars, index


class QuoteFinder:
    """Locates quotes in one text, reading forward from where the last one was found."""

    def __init__(self, text: str) -> None:
        self.text = text
        chars, self._index = _folded_chars(text)
        self._folded = "".join(chars)

    def _to_folded(self, offset: int) -> int:
        return bisect_left(self._index, offset)

    def _to_span(self, start: int, end: int) -> tuple[int, int]:
        return self._index[start], self._index[end - 1] + 1

    def find(self, quote: str, cursor: int = 0) -> tuple[int, int] | None:
        """(start, end) of `quote` in the text: the first match at or after `cursor`, else the
        first anywhere; None when the text does not contain it."""
        cleaned = _BULLET.sub("", fold(quote).strip()).strip().strip('"').strip()
        if sum(c.isalnum() for c in cleaned) < MIN_ALNUM:
            return self._whole_line(quote.strip(), cursor)
        for candidate in dict.fromkeys((cleaned, cleaned.rstrip(".;,:!"))):
            parts = [p for p in _ELLIPSIS.split(candidate) if p]
            if not parts:
                continue
            gap = rf"[\s\S]{{0,{MAX_GAP}}}?"
            pattern = re.compile(gap.join(re.escape(p) for p in parts))
            at = self._to_folded(cursor)
            found = pattern.search(self._folded, at) or pattern.search(self._folded)
            if found is not None and found.end() > found.start():
                return self._to_span(found.start(), found.end())
        return None

    def _whole_line(self, quote: str, cursor: int) -> tuple[int, int] | None:
        """A very short quote ("Go", "R") only where it is a whole line or list item."""
        body = _BULLET.sub("", quote).strip()
        if not any(c.isalnum() for c in body):
            return None
        pattern = re.compile(
            r"^[ \t]*(?:[-*\u2022\u00b7\u25aa\u25e6\u25cf\u2023+]|\d{1,2}[.)])?[ \t]*("
            + re.escape(body)
            + r")[ \t]*[.;,]?[ \t]*$",
            re.M,
        )
        found = pattern.search(self.text, cursor) or pattern.search(self.text)
        return found.span(1) if found is not None else None

    def occurrences(self, name: str) -> list[tuple[int, int]]:
        """Every place `name` appears as a whole word or phrase (for skills a model named).

        A name of three characters or fewer must match case and all ("Go", "R", "SQL"), or
        every "go" and "r" would count."""
        cleaned = fold(name).strip()
        if sum(c.isalnum() for c in cleaned) == 0:
            return []
        if len(cleaned) <= 3:
            exact = re.compile(r"(?<![\w+#])" + re.escape(name.strip()) + r"(?![\w+#])")
            return [(m.start(), m.end()) for m in exact.finditer(self.text)]
        pattern = re.compile(r"(?<![\w+#])" + re.escape(cleaned) + r"(?![\w+#])")
        return [self._to_span(m.start(), m.end()) for m in pattern.finditer(self._folded)]
