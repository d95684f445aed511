"""The Claude-written summary, against a local fake of the Anthropic API (the SDK runs for real)."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from jobintel.research.domain.facts import Passage
from jobintel.research.summarize import LlmSummarizer
from jobintel.runtime.llm import ClaudeLLM, llm_from_settings
from jobintel.runtime.llm.fake import ErrorReply, FakeAnthropic, FakeCall
from jobintel.runtime.settings import Settings

pytestmark = pytest.mark.integration

PASSAGES = [
    Passage(url="https://acme.example/", kind="home",
            text="Acme Robotics builds warehouse robots for small retailers. "
                 "More than 400 retailers use them every day."),
    Passage(url="https://acme.example/about", kind="about",
            text="Acme Robotics was founded in 2015 in Berlin. Our mission is to give every "
                 "small retailer the speed of the largest shops."),
]


def configured(settings: Settings, fake: FakeAnthropic) -> Settings:
    return settings.model_copy(update={"anthropic_base_url": fake.url,
                                       "anthropic_api_key": SecretStr(fake.api_key)})


async def test_every_sentence_keeps_the_page_it_cites(settings: Settings) -> None:
    def answer(call: FakeCall) -> dict[str, object]:
        assert "[2] https://acme.example/about" in call.prompt
        return {"sentences": [
            {"text": "Acme Robotics makes warehouse robots for small retailers.", "page": 1},
            {"text": "It was founded in Berlin in 2015.", "page": 2},
            {"text": "It is listed on the stock exchange.", "page": 7},  # cites no given page
        ]}

    async with FakeAnthropic(answer) as fake:
        llm = llm_from_settings(configured(settings, fake), max_retries=0)
        assert isinstance(llm, ClaudeLLM)
        try:
            summary = await LlmSummarizer(llm).summarize("Acme Robotics", PASSAGES)
        finally:
            await llm.aclose()
    assert summary is not None
    assert summary.method == "llm"
    assert summary.text == ("Acme Robotics makes warehouse robots for small retailers. "
                            "It was founded in Berlin in 2015.")
    assert summary.sources == ["https://acme.example/", "https://acme.example/about"]


async def test_a_failing_model_falls_back_to_the_extractive_summary(settings: Settings) -> None:
    async with FakeAnthropic(lambda call: ErrorReply(400, "bad request")) as fake:
        llm = llm_from_settings(configured(settings, fake), max_retries=0)
        assert isinstance(llm, ClaudeLLM)
        try:
            summary = await LlmSummarizer(llm).summarize("Acme Robotics", PASSAGES)
        finally:
            await llm.aclose()
    assert summary is not None
    assert summary.method == "extractive"
    assert "warehouse robots" in summary.text
