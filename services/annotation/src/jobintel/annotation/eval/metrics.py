"""Precision and recall of one structured JD against its labels (pure functions)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts behind precision and recall; they add up across cases (micro-average)."""

    true_predicted: int = 0  # predictions that match a label
    predicted: int = 0
    found_labels: int = 0  # labels matched by some prediction
    labels: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.true_predicted + other.true_predicted,
            self.predicted + other.predicted,
            self.found_labels + other.found_labels,
            self.labels + other.labels,
        )

    @property
    def precision(self) -> float:
        return self.true_predicted / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found_labels / self.labels if self.labels else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def normalise(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").casefold().split())


def set_tally(predicted: Iterable[str], expected: Iterable[str]) -> Tally:
    got, want = set(predicted), set(expected)
    hits = len(got & want)
    return Tally(hits, len(got), hits, len(want))


def phrase_tally(predicted: Iterable[str], expected: Iterable[str]) -> Tally:
    """A predicted requirement is right when it contains a labelled phrase of the same kind."""
    got = [normalise(p) for p in predicted]
    want = [normalise(e) for e in expected]
    true_predicted = sum(any(w in g for w in want) for g in got)
    found = sum(any(w in g for g in got) for w in want)
    return Tally(true_predicted, len(got), found, len(want))


def count_tally(predicted: int, expected: int) -> Tally:
    """Counted items with no text to match (passages flagged): the overlap is the smaller."""
    hits = min(predicted, expected)
    return Tally(hits, predicted, hits, expected)
