"""How CVs made together share a batch, and what each gets when the batch goes wrong."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest

from jobintel.contracts.profile import MasterProfile
from jobintel.cv_generator.adapters.llm_rewriter import BatchingRewriter, RewrittenBullets
from jobintel.cv_generator.domain.generate import rewrite_requests
from jobintel.cv_generator.domain.tailoring import tailor
from jobintel.runtime.llm import LlmFailure, LlmRequest, LlmUnavailableError

from ..conftest import make_jd

pytestmark = pytest.mark.unit
TODAY = dt.date(2026, 11, 24)


class BrokenBatches:
    """An LLM whose batches fail: for one request of two, or for the whole batch."""

    model = "fake-model"

    def __init__(self, *, whole: bool) -> None:
        self.whole = whole
        self.batches: list[int] = []

    async def structured(self, **_: Any) -> Any:
        raise AssertionError("two CVs at once must go as a batch")

    async def structured_batch(
        self, requests: Sequence[LlmRequest[RewrittenBullets]], **_: Any
    ) -> list[Any]:
        self.batches.append(len(requests))
        if self.whole:
            raise LlmUnavailableError("the batches endpoint is down")
        return [
            LlmFailure(key=r.key, purpose=r.purpose, reason="request too large", transient=False)
            for r in requests
        ]

    async def aclose(self) -> None:
        return None


@pytest.mark.parametrize("whole", [True, False], ids=["batch-down", "each-failed"])
async def test_a_failed_batch_leaves_every_cv_in_its_own_words(
    profile: MasterProfile, whole: bool
) -> None:
    llm = BrokenBatches(whole=whole)
    rewriter = BatchingRewriter(llm, window_seconds=0.05)  # type: ignore[arg-type]
    jd = make_jd()
    requests = rewrite_requests(tailor(profile, jd, TODAY), profile)
    outcomes = await asyncio.gather(
        rewriter.rewrite(requests, jd=jd, profile=profile),
        rewriter.rewrite(requests, jd=jd, profile=profile),
    )
    assert llm.batches == [2]
    for outcome in outcomes:
        assert outcome.texts == [r.source.text for r in requests]
        assert outcome.method == "offline"
        assert outcome.note is not None
        reason = "endpoint is down" if whole else "request too large"
        assert reason in outcome.note
