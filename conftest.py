"""Fixtures shared by every test suite: a real nats-server and settings pointing at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from jobintel.runtime.nats_server import NatsServer
from jobintel.runtime.settings import Settings
from jobintel.testkit.jetstream import settings_for_tests


@pytest.fixture
def nats_server(tmp_path: Path) -> Iterator[NatsServer]:
    """A fresh nats-server with JetStream for one test."""
    server = NatsServer(store_dir=tmp_path / "nats", log_file=tmp_path / "nats.log")
    with server:
        yield server


@pytest.fixture
def settings(nats_server: NatsServer, tmp_path: Path) -> Settings:
    return settings_for_tests(nats_server.url, tmp_path / "data")
