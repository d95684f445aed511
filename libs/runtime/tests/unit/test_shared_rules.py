"""Rules every service shares: service settings, consumer names, one backoff formula."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import Field

from jobintel.contracts import JobIngested, StructureJob
from jobintel.runtime.backoff import retry_delay
from jobintel.runtime.fetch import Fetcher, FetchLimits
from jobintel.runtime.settings import Settings, service_settings
from jobintel.runtime.worker import consumer_name

pytestmark = pytest.mark.unit


class PumpSettings(Settings):  # type: ignore[misc]
    pump_rate: int = Field(default=3)


def test_service_settings_keep_the_runtime_values_and_read_their_own_from_the_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("JOBINTEL_PUMP_RATE", "7")
    given = Settings(data_dir=tmp_path, max_deliver=9, _env_file=None)  # type: ignore[call-arg]
    own = service_settings(given, PumpSettings)
    assert (own.data_dir, own.max_deliver, own.pump_rate) == (tmp_path, 9, 7)
    assert service_settings(own, PumpSettings) is own
    assert service_settings(None, PumpSettings).pump_rate == 7


def test_consumer_names_are_one_per_service_event_and_version() -> None:
    assert consumer_name("gateway", JobIngested) == "gateway-job-ingested-v1"
    assert consumer_name("annotation", StructureJob, 2) == "annotation-cmd-structure-v2"


def test_fetch_retries_wait_by_the_delivery_formula(tmp_path: Path) -> None:
    limits = FetchLimits(backoff_base=0.25, backoff_max=1.5)
    fetcher = Fetcher(Settings(data_dir=tmp_path, _env_file=None), limits=limits)  # type: ignore[call-arg]
    state = type("State", (), {"outcome": None, "attempt_number": 0})()
    waits: list[float] = []
    for attempt in range(1, 6):
        state.attempt_number = attempt
        waits.append(fetcher._wait(state))
    assert waits == [retry_delay(a, 0.25, 1.5) for a in range(1, 6)]
    assert waits == [0.25, 0.5, 1.0, 1.5, 1.5]
