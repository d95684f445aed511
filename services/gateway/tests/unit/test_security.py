"""The gateway refuses to listen beyond this machine without a token."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from jobintel.gateway.security import check_bind, token_ok

pytestmark = pytest.mark.unit


def test_a_non_loopback_host_needs_a_token() -> None:
    with pytest.raises(SystemExit, match="JOBINTEL_API_TOKEN"):
        check_bind("0.0.0.0", has_token=False)
    with pytest.raises(SystemExit):
        check_bind("192.168.1.10", has_token=False)
    check_bind("0.0.0.0", has_token=True)
    check_bind("127.0.0.1", has_token=False)
    check_bind("::1", has_token=False)
    check_bind("localhost", has_token=False)


def test_tokens_compare_exactly() -> None:
    assert token_ok("s3cret", "s3cret")
    assert not token_ok("s3cret", "s3cret ")
    assert not token_ok("s3cret", None)


def test_the_process_refuses_to_start_on_an_open_address() -> None:
    env = {**os.environ, "JOBINTEL_HOST": "0.0.0.0", "JOBINTEL_NATS_URL": "nats://127.0.0.1:1"}
    env.pop("JOBINTEL_API_TOKEN", None)
    done = subprocess.run(
        [sys.executable, "-m", "jobintel.gateway"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert "refusing to listen on 0.0.0.0" in done.stderr


def test_an_empty_expected_token_matches_nothing() -> None:
    assert not token_ok("", "")
    assert not token_ok("", None)


def test_a_blank_token_setting_is_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    from jobintel.runtime.settings import Settings

    for blank in ("", "   "):
        monkeypatch.setenv("JOBINTEL_API_TOKEN", blank)
        assert Settings().api_token is None
    monkeypatch.setenv("JOBINTEL_API_TOKEN", "s3cret")
    token = Settings().api_token
    assert token is not None
    assert token.get_secret_value() == "s3cret"


def test_failures_age_out_of_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    from jobintel.gateway import throttle

    clock = [1000.0]
    monkeypatch.setattr(throttle.time, "monotonic", lambda: clock[0])
    failures = throttle.FailedAuth(limit=3, window=60.0)
    for _ in range(3):
        assert failures.retry_after("10.0.0.1") == 0
        failures.failed("10.0.0.1")
    assert failures.retry_after("10.0.0.1") == 60
    assert failures.retry_after("10.0.0.2") == 0  # per address
    clock[0] += 59.5
    assert failures.retry_after("10.0.0.1") == 1
    clock[0] += 1
    assert failures.retry_after("10.0.0.1") == 0


def test_the_failure_ledger_is_bounded() -> None:
    from jobintel.gateway.throttle import FailedAuth

    failures = FailedAuth(limit=1, clients=100)
    for i in range(1000):
        failures.failed(f"198.51.100.{i}")
    assert failures.retry_after("198.51.100.999") > 0
    assert failures.retry_after("198.51.100.0") == 0  # forgotten, not remembered forever
