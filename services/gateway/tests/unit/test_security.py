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
