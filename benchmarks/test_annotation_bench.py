"""Offline structuring speed: the labelled set, and one posting at the 200,000-character cap.

Targets: under 25 ms per typical posting and under 3 s for the largest accepted posting on
one core, so a structuring step never stalls the pipeline.
"""

from __future__ import annotations

from typing import Any

from jobintel.annotation.domain.structure import structure_posting
from jobintel.annotation.domain.taxonomy import default_taxonomy
from jobintel.annotation.eval.cases import load_cases
from jobintel.contracts import Posting

TYPICAL_MS = 25.0
LARGEST_S = 3.0
MAX_TEXT = 200_000


def test_structure_the_labelled_set(benchmark: Any) -> None:
    cases = load_cases() + load_cases("holdout")
    taxonomy = default_taxonomy()

    def run() -> int:
        return sum(len(structure_posting(c.posting, taxonomy).keywords) for c in cases)

    assert benchmark(run) > 0
    per_posting_ms = benchmark.stats.stats.mean / len(cases) * 1000
    benchmark.extra_info["per_posting_ms"] = round(per_posting_ms, 2)
    print(f"\nstructuring: {per_posting_ms:.1f} ms per posting ({len(cases)} postings)")
    assert per_posting_ms < TYPICAL_MS


def test_structure_the_largest_accepted_posting(benchmark: Any) -> None:
    text = "\n\n".join(c.posting.description_text for c in load_cases())
    text = (text * (MAX_TEXT // len(text) + 1))[:MAX_TEXT]
    posting = Posting(source="bench", title="Largest posting", description_text=text)
    jd = benchmark.pedantic(structure_posting, args=(posting,), rounds=2, iterations=1)
    seconds = benchmark.stats.stats.mean
    print(
        f"\nstructuring {len(text):,} characters: {seconds:.2f} s, "
        f"{len(jd.requirements)} requirements"
    )
    assert seconds < LARGEST_S
