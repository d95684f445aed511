"""Okapi BM25 over a small corpus (the master CV's items): a dozen lines, no numpy needed."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence


class BM25:
    """Lexical relevance of each document to a query, with the usual k1/b saturation."""

    def __init__(self, corpus: Sequence[Sequence[str]], k1: float = 1.5, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self._docs = [Counter(doc) for doc in corpus]
        self._lengths = [len(doc) for doc in corpus]
        n = len(corpus)
        self._avg = (sum(self._lengths) / n) if n else 0.0
        frequency: Counter[str] = Counter()
        for doc in self._docs:
            frequency.update(doc.keys())
        # the "+1" form keeps idf positive for terms in most documents
        self._idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in frequency.items()}

    def scores(self, query: Sequence[str]) -> list[float]:
        out = []
        for doc, length in zip(self._docs, self._lengths, strict=True):
            norm = self.k1 * (1 - self.b + self.b * length / self._avg) if self._avg else self.k1
            total = 0.0
            for term in set(query):
                tf = doc.get(term, 0)
                if tf:
                    total += self._idf[term] * tf * (self.k1 + 1) / (tf + norm)
            out.append(total)
        return out
