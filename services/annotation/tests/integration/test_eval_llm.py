"""`make eval` measures the LLM-assisted mode when a key is set, against a fake Anthropic API.

The fake model answers, for each labelled posting, what the offline structurer finds there,
quoted from the description; so the LLM mode must score what the offline one does, and a
posting the model fails on must show up as a fallback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from jobintel.annotation.domain.structure import structure_posting
from jobintel.annotation.eval.__main__ import (
    evaluate,
    llm_structurer,
    main,
    print_llm,
    run_llm,
    scored,
)
from jobintel.annotation.eval.cases import load_cases
from jobintel.annotation.llm_structurer import description_for_model
from jobintel.contracts import StructuredJD
from jobintel.runtime.llm import llm_from_settings
from jobintel.runtime.settings import Settings
from jobintel.testkit.anthropic import ErrorReply, FakeAnthropic, FakeCall

pytestmark = pytest.mark.integration


def quoted(jd: StructuredJD) -> dict[str, Any]:
    """The offline result as a model would give it: opening words and verbatim quotes."""
    text = jd.description_text
    sections = []
    for s in jd.sections:
        assert s.span is not None
        opening = " ".join(text[s.span.start : s.span.end].split()[:8])
        sections.append({"kind": s.kind.value, "heading": s.heading, "starts_with": opening})
    return {
        "sections": sections,
        "requirements": [
            {"kind": r.kind.value, "quote": r.text, "skills": r.skills} for r in jd.requirements
        ],
        "skills": [
            {"name": k.name, "category": (k.category.value if k.category else "tool")}
            for k in jd.keywords
        ],
    }


def description_in(call: FakeCall) -> str:
    return call.prompt.split("<description>\n", 1)[1].rsplit("\n</description>", 1)[0]


async def test_the_llm_mode_is_scored_with_its_fallbacks_and_cost(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = load_cases()
    # the model is sent each description without the passages addressed to automated tools
    answers = {
        description_for_model(c.posting): quoted(structure_posting(c.posting)) for c in cases
    }
    failing = cases[3]

    def model(call: FakeCall) -> dict[str, Any] | ErrorReply:
        text = description_in(call)
        if text == description_for_model(failing.posting):
            return ErrorReply(400, "prompt is too long")
        return answers[text]

    async with FakeAnthropic(model) as fake:
        configured = settings.model_copy(
            update={"anthropic_base_url": fake.url, "anthropic_api_key": SecretStr(fake.api_key)}
        )
        llm = llm_from_settings(configured, max_retries=0)
        assert llm is not None
        try:
            run = await run_llm(cases, llm_structurer(llm))
        finally:
            await llm.aclose()
    assert len(fake.message_requests) == len(cases)
    fallbacks = run.fallbacks()
    assert len(fallbacks) == 1, fallbacks  # says why, should another case fall back too
    [(name, note)] = fallbacks
    assert name == failing.name
    assert "prompt is too long" in note

    offline, assisted = evaluate(cases), scored(run.cases, run.jds)
    assert assisted.must == offline.must
    assert assisted.nice == offline.nice
    assert assisted.skills == offline.skills
    assert run.dropped() == 0
    tokens_in, _, tokens_out, cost = run.spend()
    assert tokens_in > 0
    assert tokens_out > 0
    assert cost is not None
    assert cost > 0

    print_llm("claude-sonnet-5-5", run, run, verbose=False)
    out = capsys.readouterr().out
    assert f"fell back to offline on 2 of {2 * len(cases)}" in out
    assert f"{failing.name}: LLM-assisted structuring failed (LlmRequestError" in out


def test_without_a_key_the_llm_mode_is_skipped_and_says_so(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("JOBINTEL_ANTHROPIC_API_KEY", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env file either
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "Offline structuring" in out
    assert "LLM-assisted mode: skipped, not measured (JOBINTEL_ANTHROPIC_API_KEY is not set)" in out
