"""Claude rewords the bullets for the job, through the runtime's LLM port.

The master CV goes in the cached prefix (the same for every job of a profile version), the
persona frames the wording, and the answer is structured. The truthfulness gate still judges
every bullet afterwards; when the model fails, the offline wording is used and the CV says so.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from pydantic import BaseModel, Field

from jobintel.contracts.cv import RewriteUsage
from jobintel.contracts.jd import RequirementKind, StructuredJD
from jobintel.contracts.profile import MasterProfile
from jobintel.runtime.llm import LLM, LlmError
from jobintel.runtime.logs import get_logger

from ..domain.rewriting import RewriteRequest, Rewrites

log = get_logger(__name__)
PURPOSE = "cv_rewrite"


class RewrittenBullet(BaseModel):
    key: str = Field(description="The key of the bullet, exactly as given")
    text: str = Field(description="The reworded bullet, one sentence, no trailing period")


class RewrittenBullets(BaseModel):
    bullets: list[RewrittenBullet]


SYSTEM = """You reword the bullets of a CV for one job application.

Hard rules (a checker reverts any bullet that breaks them):
- Keep every fact of the source bullet and add none. Every number, percentage, employer,
  product, job title, date, technology and certificate you write must be in that bullet's
  source text or its role in the master CV. Do not move a fact from one role to another.
- Never add a skill or keyword just because the job asks for it; use the job's words only for
  things the source bullet already says.
- One sentence per bullet, starting with a strong verb, at most 30 words.
- Return every key you were given, exactly once."""


def persona_lines(profile: MasterProfile) -> str:
    persona = profile.persona
    lines = []
    if persona.identity:
        lines.append(f"The candidate presents as: {persona.identity}.")
    if persona.core_strengths:
        lines.append("Their core strengths: " + ", ".join(persona.core_strengths) + ".")
    if persona.tone:
        lines.append(f"Tone: {persona.tone}.")
    return "\n".join(lines)


def master_cv_prefix(profile: MasterProfile) -> str:
    """Stable text for the cache: the same bytes for every job of this profile version."""
    resume = profile.resume.model_dump(mode="json", exclude_none=True, by_alias=True)
    return "The master CV (JSON Resume), the only source of facts:\n" + json.dumps(
        resume, ensure_ascii=False, sort_keys=True, indent=1
    )


def prompt_for(requests: Sequence[RewriteRequest], jd: StructuredJD) -> str:
    must = [r.text for r in jd.requirements if r.kind is RequirementKind.MUST_HAVE]
    nice = [r.text for r in jd.requirements if r.kind is RequirementKind.NICE_TO_HAVE]
    lines = [f"Job: {jd.title}" + (f" at {jd.company}" if jd.company else "")]
    if must:
        lines += ["Must-haves:", *(f"- {m}" for m in must[:15])]
    if nice:
        lines += ["Nice-to-haves:", *(f"- {n}" for n in nice[:10])]
    lines += ["", "Bullets to reword (key | source path | source text | job keywords it has):"]
    for r in requests:
        keywords = ", ".join(r.keywords) or "-"
        lines.append(f"{r.key} | {r.source.path} | {r.source.text} | {keywords}")
    return "\n".join(lines)


class LlmRewriter:
    def __init__(self, llm: LLM) -> None:
        self._llm = llm

    async def rewrite(
        self, requests: Sequence[RewriteRequest], *, jd: StructuredJD, profile: MasterProfile
    ) -> Rewrites:
        sources = [r.source.text for r in requests]
        if not requests:
            return Rewrites(sources)
        try:
            result = await self._llm.structured(
                prompt=prompt_for(requests, jd),
                schema=RewrittenBullets,
                purpose=PURPOSE,
                system=[SYSTEM, persona_lines(profile)],
                cache_prefix=master_cv_prefix(profile),
                max_tokens=8192,
            )
        except LlmError as exc:
            log.warning(
                "rewording by the LLM failed, keeping the master CV's words", reason=str(exc)
            )
            return Rewrites(sources, note=f"the model was not used: {exc}")
        by_key = {b.key: b.text.strip() for b in result.value.bullets}
        missing = [r.key for r in requests if not by_key.get(r.key)]
        usage = RewriteUsage(
            model=result.model,
            cost_usd=result.cost_usd,
            batched=result.batched,
            **result.usage.model_dump(),
        )
        return Rewrites(
            [by_key.get(r.key) or r.source.text for r in requests],
            method=f"llm:{result.model}",
            usage=usage,
            note=f"the model left {len(missing)} bullet(s) as they were" if missing else None,
        )
