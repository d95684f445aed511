"""Field normalising, filters, job ids and the schedule."""

from __future__ import annotations

import pytest

from jobintel.contracts import Posting, RemoteType, SalaryPeriod, SourceFilters, SourceSpec
from jobintel.ingestion.domain.fields import (
    employment_type,
    job_id_for,
    parse_date,
    salary,
    salary_period,
)
from jobintel.ingestion.domain.filters import keep
from jobintel.ingestion.domain.schedule import due

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("raw", "norm"),
    [
        ("FULL_TIME", "full_time"),
        ("Full-time", "full_time"),
        ("FullTime", "full_time"),
        ("part time", "part_time"),
        ("CONTRACTOR", "contract"),
        ("Intern", "internship"),
        ("TEMPORARY", "temporary"),
        ("Gig", "other"),
        (None, None),
        (["FULL_TIME", "PART_TIME"], "full_time,part_time"),
    ],
)
def test_employment_types(raw: object, norm: str | None) -> None:
    assert employment_type(raw) == norm


@pytest.mark.parametrize(
    ("raw", "period"),
    [
        ("HOUR", SalaryPeriod.HOUR),
        ("per-year-salary", SalaryPeriod.YEAR),
        ("per-hour-wage", SalaryPeriod.HOUR),
        ("1 MONTH", SalaryPeriod.MONTH),
        ("weekly", SalaryPeriod.WEEK),
        (None, SalaryPeriod.YEAR),
    ],
)
def test_salary_periods(raw: object, period: SalaryPeriod) -> None:
    assert salary_period(raw) is period


def test_salary_range_is_ordered_and_currency_checked() -> None:
    pay = salary("90,000", 70000, "usd", "YEAR")
    assert pay is not None
    assert (pay.minimum, pay.maximum, pay.currency) == (70000, 90000, "USD")
    assert salary(None, None, "EUR", "YEAR") is None
    odd = salary(1, 2, "dollars", None)
    assert odd is not None
    assert odd.currency is None


def test_dates_from_iso_and_epoch_millis() -> None:
    assert str(parse_date("2026-11-09")) == "2026-11-09"
    assert str(parse_date("2026-11-18T10:00:00Z")) == "2026-11-18"
    assert str(parse_date(1793000000000)) == "2026-10-26"
    assert parse_date("next week") is None


def test_job_id_is_stable_per_source_and_external_id() -> None:
    assert job_id_for("acme", "42") == job_id_for("acme", "42")
    assert job_id_for("acme", "42") != job_id_for("acme", "43")
    assert job_id_for("acme", "42") != job_id_for("other", "42")


def posting(title: str, locations: list[str], remote: RemoteType = RemoteType.UNKNOWN) -> Posting:
    return Posting(
        source="s", title=title, locations=locations, remote=remote, description_text="x"
    )


def test_filters() -> None:
    backend = posting("Senior Backend Engineer", ["Berlin, DE"])
    remote = posting("Backend Engineer", [], RemoteType.REMOTE)
    sales = posting("Sales Engineer", ["Paris"])
    assert keep(backend, SourceFilters())
    assert keep(backend, SourceFilters(title_include=["backend"]))
    assert not keep(sales, SourceFilters(title_include=["backend"]))
    assert not keep(backend, SourceFilters(title_exclude=["senior"]))
    assert not keep(posting("Seniority Analyst", []), SourceFilters(title_include=["senior"]))
    assert keep(backend, SourceFilters(locations=["berlin"]))
    assert not keep(sales, SourceFilters(locations=["berlin"]))
    assert keep(remote, SourceFilters(locations=["remote"]))
    assert keep(remote, SourceFilters(remote_only=True))
    assert not keep(backend, SourceFilters(remote_only=True))


def test_a_source_is_due_once_per_interval_slot() -> None:
    hourly = SourceSpec(name="a", kind="greenhouse", board="a", interval_minutes=60)
    manual = SourceSpec(name="b", kind="greenhouse", board="b")
    asked: dict[str, int] = {}
    [(spec, run_id)] = due([hourly, manual], 7200.0, asked)
    assert spec.name == "a"
    assert run_id == "a-s2"
    assert due([hourly, manual], 7200.0 + 3599, asked) == []
    [(_, next_id)] = due([hourly], 7200.0 + 3600, asked)
    assert next_id == "a-s3"


def test_source_specs_say_what_is_missing() -> None:
    with pytest.raises(ValueError, match="needs 'board'"):
        SourceSpec(name="acme", kind="lever")
    with pytest.raises(ValueError, match="needs 'url'"):
        SourceSpec(name="acme", kind="feed")
    with pytest.raises(ValueError, match="pattern"):
        SourceSpec(name="Not A Slug", kind="lever", board="x")
