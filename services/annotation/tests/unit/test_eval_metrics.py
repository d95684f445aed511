"""The evaluation's arithmetic, and that the labelled set loads and clears its bar."""

from __future__ import annotations

from collections import Counter

import pytest

from jobintel.annotation.domain.structure import structure_posting
from jobintel.annotation.eval.__main__ import Report, below, main
from jobintel.annotation.eval.cases import load_cases
from jobintel.annotation.eval.metrics import Tally, phrase_tally, set_tally

pytestmark = pytest.mark.unit


def test_set_tally() -> None:
    t = set_tally(["Python", "SQL", "Go"], ["Python", "SQL", "Rust", "Java"])
    assert (t.precision, t.recall) == (2 / 3, 0.5)


def test_phrase_tally_matches_labels_inside_requirements() -> None:
    t = phrase_tally(
        ["5+ years of Python experience", "Great coffee", "SQL"],
        ["5+ years of Python", "sql", "Kafka"],
    )
    assert (t.true_predicted, t.predicted, t.found_labels, t.labels) == (2, 3, 2, 3)


def test_tallies_add_up_and_empty_is_perfect() -> None:
    assert Tally(1, 2, 1, 4) + Tally(1, 2, 3, 4) == Tally(2, 4, 4, 8)
    assert (Tally().precision, Tally().recall) == (1.0, 1.0)


def test_the_labelled_set_is_big_and_varied() -> None:
    development, holdout = load_cases(), load_cases("holdout")
    assert len(development) >= 30
    assert len(holdout) >= 10
    everything = development + holdout
    assert len(everything) >= 85
    assert sum(c.posting.description_html is not None for c in everything) >= 30
    assert sum(bool(c.posting.sections) for c in everything) >= 3
    assert all(c.must_have and c.skills and c.sections for c in everything)
    languages = Counter(structure_posting(c.posting).language for c in everything)
    assert all(languages[lang] >= 5 for lang in ("en", "fr", "de", "es")), languages
    assert sum(c.tool_instructions > 0 for c in everything) >= 5


def test_the_bar_holds_for_each_field_over_the_whole_set() -> None:
    good = Tally(9, 10, 9, 10)
    poor = Tally(8, 10, 8, 10)
    fine = Report(skills=good, must=good, nice=good)
    assert below(0.85, fine, fine) == []
    assert below(0.85, Report(skills=good, must=good, nice=poor), fine) == ["nice-to-have 0.800"]
    assert below(0.85, Report(skills=poor, must=good, nice=good), fine) == ["skills 0.800"]
    assert below(0.85, Report(skills=good, must=poor, nice=good), fine) == ["must-have 0.800"]


def test_eval_reports_and_clears_the_bar(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--min", "0.85", "--no-llm"]) == 0
    out = capsys.readouterr().out
    assert "held-out set" in out
    assert "must/nice assignment" in out
    assert "instructions to tools" in out
    assert "LLM-assisted mode: skipped, not measured (--no-llm)" in out
