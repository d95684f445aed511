"""The offline summary: the company's own most telling sentences, each with its page."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .facts import Passage, sentences

_WORD = re.compile(r"[a-z][a-z'-]+")
_STOP = frozenset(
    (  # noqa: SIM905 - a word list reads better as one string
        "the a an and or of to in for on with at by from as is are was were be been we our us you "
        "your it its this that these those their they them he she his her will can more most all "
        "any not no but if so than then there here which who what when where how about into over "
        "also have has had do does did"
    ).split()
)
_SIGNAL = re.compile(
    r"\b(we|our|founded|build|builds|make|makes|mission|customers|help|"
    r"helps|platform|product|team)\b",
    re.I,
)
_KIND_WEIGHT = {"about": 1.5, "home": 1.3, "team": 0.6, "news": 0.7, "careers": 0.8}


@dataclass(frozen=True, slots=True)
class Summary:
    text: str
    sources: list[str]
    method: str = "extractive"


def extractive_summary(
    company: str, passages: list[Passage], *, sentences_out: int = 3
) -> Summary | None:
    """Pick the sentences that best cover the company's pages, in reading order.

    Scores favour sentences naming the company or saying what it does, words frequent across
    its pages, and about/home pages; near-duplicates are skipped.
    """
    candidates: list[tuple[int, int, str, str, float]] = []
    freq: Counter[str] = Counter()
    for passage in passages:
        freq.update(w for w in _WORD.findall(passage.text.lower()) if w not in _STOP)
    name = company.lower()
    for p_index, passage in enumerate(passages):
        weight = _KIND_WEIGHT.get(passage.kind, 1.0)
        for s_index, sentence in enumerate(sentences(passage.text)):
            words = [w for w in _WORD.findall(sentence.lower()) if w not in _STOP]
            if not 6 <= len(sentence.split()) <= 45 or not words or sentence.endswith("?"):
                continue
            score = sum(freq[w] for w in set(words)) / (len(set(words)) ** 0.5)
            score *= weight * (1.5 if name and name in sentence.lower() else 1.0)
            score *= 1.3 if _SIGNAL.search(sentence) else 1.0
            score /= 1 + 0.1 * s_index  # earlier sentences of a page say more
            candidates.append((p_index, s_index, sentence, passage.url, score))
    if not candidates:
        return None
    chosen: list[tuple[int, int, str, str, float]] = []
    for cand in sorted(candidates, key=lambda c: -c[4]):
        cand_words = set(_WORD.findall(cand[2].lower()))
        if any(_overlap(cand_words, set(_WORD.findall(c[2].lower()))) > 0.6 for c in chosen):
            continue
        chosen.append(cand)
        if len(chosen) == sentences_out:
            break
    chosen.sort(key=lambda c: (c[0], c[1]))
    sources = list(dict.fromkeys(c[3] for c in chosen))
    return Summary(text=" ".join(c[2] for c in chosen), sources=sources)


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(1, min(len(a), len(b)))
