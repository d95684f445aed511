"""The gate's public API on a small CV: claims, their sources, what a rewrite dropped."""

from __future__ import annotations

import pytest

from jobintel.contracts.cv import ClaimKind, Verdict
from jobintel.contracts.profile import Basics, Project, Resume, Skill, Work
from jobintel.truth import Evidence, Scope, check, check_text, dropped, fold, lookalikes

pytestmark = pytest.mark.unit

RESUME = Resume(
    basics=Basics(name="Noor Aziz", label="Data Engineer", summary="Data engineer since 2019."),
    work=[
        Work(
            name="Kelp Analytics",
            position="Data Engineer",
            startDate="2019-02",
            highlights=[
                "Helped move the ingestion jobs from cron to Airflow for two teams",
                "Cut warehouse load time from 3 hours to 25 minutes",
                "Built dbt models on Snowflake for the finance dashboard",
            ],
        )
    ],
    projects=[Project(name="tidyq", highlights=["Wrote a Rust queue that handles 5k jobs/s"])],
    skills=[Skill(name="Data", keywords=["Snowflake", "Apache Spark", "Rust"])],
)
EVIDENCE = Evidence.from_resume(RESUME)
MOVE = "work[0].highlights[0]"
CUT = "work[0].highlights[1]"


def test_evidence_addresses_spans_by_path_and_knows_where_a_skill_is_shown() -> None:
    assert EVIDENCE.span(CUT).text == RESUME.work[0].highlights[1]
    assert EVIDENCE.span("work[0].name").text == "Kelp Analytics"
    assert EVIDENCE.shows("Snowflake") == ["work[0].highlights[2]"]
    assert EVIDENCE.shows("Apache Spark") == []  # listed, never used in a bullet
    assert EVIDENCE.lists("Spark") == ["skills[0].keywords[1]"]
    assert "projects[0].highlights[0]" in EVIDENCE.shows("Rust")
    assert EVIDENCE.held_titles == ["Data Engineer", "Data Engineer"]
    with pytest.raises(KeyError, match="no text at"):
        EVIDENCE.span("work[3].highlights[0]")


def test_each_claim_maps_to_its_source_span() -> None:
    verdict = check("Reduced warehouse load time from 3 hours to 25 minutes", EVIDENCE, [CUT])
    assert verdict.ok, verdict.reason
    quantities = [c for c in verdict.claims if c.kind is ClaimKind.QUANTITY]
    assert {c.text for c in quantities} == {"3 hours", "25 minutes"}
    assert all(c.source_path == CUT for c in quantities)


def test_a_failing_claim_is_named_with_its_reason_and_the_source_is_restored() -> None:
    verdict = check("Moved the ingestion jobs from cron to Airflow for two teams", EVIDENCE, [MOVE])
    assert not verdict.ok
    [failure] = verdict.failures
    assert failure.kind is ClaimKind.HEDGE
    assert failure.dropped
    assert failure.text == "Helped"
    assert failure.source_path == MOVE
    assert verdict.unsupported == ["dropped 'Helped'"]
    item = verdict.item("work[0].bullets[0]", None, fallback=RESUME.work[0].highlights[0])
    assert item.verdict is Verdict.REVERTED
    assert item.output == RESUME.work[0].highlights[0]
    assert item.reason is not None
    assert "Helped" in item.reason


def test_what_a_rewrite_drops_is_reported() -> None:
    source = RESUME.work[0].highlights[0]
    assert dropped(source, "Moved the ingestion jobs from cron to Airflow") == [
        "Helped",
        "for two teams",
        "two",
    ]
    verdict = check("Helped move the ingestion jobs from cron to Airflow", EVIDENCE, [MOVE])
    assert "for two teams" in verdict.dropped
    assert not verdict.ok  # the scope qualifier is a claim too


def test_a_reversed_direction_fails() -> None:
    verdict = check(
        "Helped move the ingestion jobs from Airflow to cron for two teams", EVIDENCE, [MOVE]
    )
    assert {c.kind for c in verdict.failures} == {ClaimKind.PAIR}
    assert "reverses" in (verdict.failures[0].reason or "")


def test_unicode_is_folded_then_look_alikes_are_refused() -> None:
    assert fold("Ｋｅｌｐ Ａｎａｌｙｔｉｃｓ") == "Kelp Analytics"  # noqa: RUF001
    assert [r.token for r in lookalikes("the СЕО of Kelp")] == ["СЕО"]  # noqa: RUF001
    assert lookalikes("Zürich, Ørsted, café") == []
    verdict = check("Cut warehouse load time from 3 hours to 25 minutes at Kеlp", EVIDENCE, [CUT])  # noqa: RUF001
    assert next(c.kind for c in verdict.failures) is ClaimKind.LOOKALIKE
    folded = check("Cut warehouse load time from ３ hours to ２５ minutes", EVIDENCE, [CUT])  # noqa: RUF001
    assert folded.ok
    assert folded.text == "Cut warehouse load time from 3 hours to 25 minutes"


def test_a_letter_is_checked_sentence_by_sentence() -> None:
    letter = (
        "I am a data engineer at Kelp Analytics. "
        "I cut warehouse load time from 3 hours to 25 minutes. "
        "I have hands-on experience with Apache Spark."
    )
    verdict = check_text(letter, EVIDENCE, scope=Scope.PROSE)
    assert [s.ok for s in verdict.sentences] == [True, True, False]
    [failure] = verdict.sentences[2].failures
    assert failure.text == "Apache Spark"
    assert "skills list" in (failure.reason or "")
    assert "Apache Spark" not in verdict.kept


def test_a_bullet_must_cite_its_source() -> None:
    with pytest.raises(ValueError, match="cite"):
        check("Cut load time", EVIDENCE)
