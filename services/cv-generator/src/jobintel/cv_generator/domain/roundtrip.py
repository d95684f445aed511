"""PDF parse round-trip: read the PDF back as an ATS would, and compare with what was meant.

Every word of the intended text must come back, character for character (up to case, which a
template may change for headings, and compatibility forms): a glyph the font lacks comes back
as nothing or as NUL, so the word it was in goes missing and the round trip fails.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from pypdf import PdfReader

from .text import normalise


@dataclass(frozen=True, slots=True)
class RoundTrip:
    pages: int
    missing: list[str] = field(default_factory=list)
    out_of_order: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.missing and not self.out_of_order


def pdf_text(pdf: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages), len(reader.pages)


_WORD = re.compile(r"[^\W_]+")
_LOST = re.compile("[\x00\ufffd]+")


def _words(text: str) -> Counter[str]:
    return Counter(w.casefold() for w in _WORD.findall(unicodedata.normalize("NFKC", text)))


def lost_words(extracted: str, intended: str) -> list[str]:
    """The words of `intended` the PDF does not give back (a missing glyph, a dropped line)."""
    out = []
    if _LOST.search(extracted):
        where = [m.start() for m in _LOST.finditer(extracted)][:1]
        context = extracted[max(0, where[0] - 20) : where[0] + 20].replace("\x00", "?")
        out.append(f"glyphs the font lacks (read back as {context.strip()!r})")
    missing = _words(intended) - _words(extracted)
    out += [f"text {w!r}" for w in sorted(missing, key=lambda w: intended.casefold().find(w))]
    return out[:6]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", normalise(text)).strip()


def _positions(text: str, needles: Sequence[str]) -> dict[str, int]:
    """Where each needle first occurs as a whole word."""
    found = {}
    for needle in needles:
        pattern = rf"(?<![a-z0-9]){re.escape(_flat(needle))}(?![a-z0-9])"
        match = re.search(pattern, text)
        if match:
            found[needle] = match.start()
    return found


def round_trip(
    pdf: bytes, intended: str, headings: Sequence[str], keywords: Sequence[str]
) -> RoundTrip:
    """Every heading comes back in order, and every keyword in the order `intended` has them."""
    raw, pages = pdf_text(pdf)
    text = _flat(raw)
    missing: list[str] = []
    out_of_order: list[str] = []
    # a heading must come back as a line of its own, after the previous one
    lines = [_flat(line) for line in raw.splitlines()]
    cursor = 0
    for heading in headings:
        try:
            cursor = lines.index(_flat(heading), cursor) + 1
        except ValueError:
            missing.append(f"heading {heading!r}")
    intended_flat = _flat(intended)
    want = _positions(intended_flat, keywords)
    got = _positions(text, keywords)
    missing += [f"keyword {k!r}" for k in keywords if k in want and k not in got]
    missing += lost_words(raw, intended)
    expected = sorted((k for k in want if k in got), key=lambda k: (want[k], k))
    actual = sorted(expected, key=lambda k: (got[k], k))
    if expected != actual:
        out_of_order = [
            f"{e!r} (expected) vs {a!r} (read)"
            for e, a in zip(expected, actual, strict=True)
            if e != a
        ][:5]
    return RoundTrip(pages=pages, missing=missing, out_of_order=out_of_order)
