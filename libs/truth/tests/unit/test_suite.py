"""The adversarial suite against the gate: no fabrication through, honest rewrites kept."""

from __future__ import annotations

import pytest

from jobintel.truth import suite

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def outcomes() -> list[suite.Outcome]:
    return suite.run()


def test_the_suite_is_big_enough_and_covers_every_class(outcomes: list[suite.Outcome]) -> None:
    fabrications = [o for o in outcomes if o.case.fabricated]
    honest = [o for o in outcomes if not o.case.fabricated]
    assert len(fabrications) >= 100
    assert len(honest) >= 40
    classes = {o.case.cls for o in fabrications}
    for needed in (
        "numbers re-paired",
        "number made a metric",
        "direction reversed",
        "hedge dropped",
        "scope dropped",
        "look-alike",
        "technology moved",
        "skills-list only",
        "title",
    ):
        assert needed in classes


def test_no_fabrication_gets_through_and_each_is_named(outcomes: list[suite.Outcome]) -> None:
    through = [o for o in outcomes if o.case.fabricated and o.kept]
    assert not through, "\n".join(suite.failures(through))
    misnamed = [o for o in outcomes if o.case.fabricated and not o.named]
    assert not misnamed, "\n".join(suite.failures(misnamed))


def test_at_least_90_percent_of_honest_rewrites_are_kept(outcomes: list[suite.Outcome]) -> None:
    honest = [o for o in outcomes if not o.case.fabricated]
    kept = sum(o.kept for o in honest)
    reverted = [o for o in honest if not o.kept]
    assert kept / len(honest) >= suite.HONEST_KEPT_MIN, "\n".join(suite.failures(reverted))
    assert suite.thresholds_met(outcomes)


def test_the_table_counts_what_the_outcomes_say(outcomes: list[suite.Outcome]) -> None:
    rows = suite.table(outcomes)
    assert sum(r.fabrications for r in rows) == sum(o.case.fabricated for o in outcomes)
    assert sum(r.through for r in rows) == sum(o.case.fabricated and o.kept for o in outcomes)
    text = suite.render("t", outcomes)
    assert "through" in text
    assert "false reverts" in text
