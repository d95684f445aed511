"""Fixtures for the runtime's integration tests: the probe service and JetStream counters."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

PROBE_PATH = Path(__file__).with_name("probe_service.py")


def _load_probe() -> ModuleType:
    spec = importlib.util.spec_from_file_location("jobintel_runtime_probe_service", PROBE_PATH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def probe() -> ModuleType:
    """The probe service module (a script file, so it can also run as its own process)."""
    return _load_probe()
