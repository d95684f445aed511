"""Settings come from JOBINTEL_* variables; per-message log values come and go cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest
import structlog

from jobintel.runtime.logs import bind_message, clear_job, reset_message
from jobintel.runtime.settings import Settings

pytestmark = pytest.mark.unit


def test_each_service_gets_its_own_sqlite_file_under_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "state", _env_file=None)  # type: ignore[call-arg]
    url = settings.store_url_for("annotation")
    assert url == f"sqlite:///{(tmp_path / 'state' / 'annotation.db').resolve()}"
    assert settings.store_url_for("research") != url


def test_relative_data_dir_is_made_absolute(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings(data_dir=Path("rel"), _env_file=None)  # type: ignore[call-arg]
    assert (
        settings.store_url_for("gateway")
        == f"sqlite:///{tmp_path.resolve() / 'rel' / 'gateway.db'}"
    )


def test_an_explicit_store_url_is_shared_by_every_service() -> None:
    settings = Settings(store_url="mongodb://db.internal/jobs", _env_file=None)  # type: ignore[call-arg]
    assert settings.store_url_for("gateway") == "mongodb://db.internal/jobs"
    assert settings.store_url_for("research") == "mongodb://db.internal/jobs"


def test_settings_read_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBINTEL_NATS_URL", "nats://nats.internal:4222")
    monkeypatch.setenv("JOBINTEL_MAX_DELIVER", "7")
    monkeypatch.setenv("JOBINTEL_STORE_URL", "mongodb://m/x")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert (settings.nats_url, settings.max_deliver) == ("nats://nats.internal:4222", 7)
    assert settings.store_url_for("ingestion") == "mongodb://m/x"


def test_invalid_settings_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBINTEL_MAX_DELIVER", "0")
    with pytest.raises(ValueError, match="max_deliver"):
        Settings(_env_file=None)  # type: ignore[call-arg]


def test_message_values_are_undone_after_the_message() -> None:
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(service="svc")
    tokens = bind_message(job_id="job-1", trace_id="abc")
    assert structlog.contextvars.get_contextvars() == {
        "service": "svc",
        "job_id": "job-1",
        "trace_id": "abc",
    }
    reset_message(tokens)
    assert structlog.contextvars.get_contextvars() == {"service": "svc"}
    structlog.contextvars.clear_contextvars()


def test_clear_job_keeps_the_service() -> None:
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(service="svc", job_id="j", trace_id="t")
    clear_job()
    assert structlog.contextvars.get_contextvars() == {"service": "svc"}
    structlog.contextvars.clear_contextvars()
