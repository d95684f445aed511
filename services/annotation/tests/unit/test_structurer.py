"""The structurer port: the offline default, and falling back when a better path fails."""

from __future__ import annotations

import pytest

from jobintel.annotation.structurer import OfflineStructurer, WithFallback
from jobintel.contracts import Posting, StructuredJD, StructuringMethod

pytestmark = pytest.mark.unit

POSTING = Posting(source="t", title="Engineer", description_text="Requirements:\n- Python\n")


class Broken:
    async def structure(self, posting: Posting) -> StructuredJD:
        raise TimeoutError("the model did not answer in 30s")


async def test_offline_structurer_structures() -> None:
    jd = await OfflineStructurer().structure(POSTING)
    assert jd.method is StructuringMethod.OFFLINE
    assert [k.name for k in jd.keywords] == ["Python"]


async def test_a_failing_primary_falls_back_with_the_reason() -> None:
    jd = await WithFallback(Broken(), OfflineStructurer(), name="LLM-assisted").structure(POSTING)
    assert [k.name for k in jd.keywords] == ["Python"]
    assert jd.notes[-1].startswith("LLM-assisted structuring failed (TimeoutError: the model")
