"""Outreach drafts: the offline template stays unless Claude is configured to write them.

Drafters write; they do not decide when. The use case asks once per job and JD version and
stores what came back, so a redelivery or a later cache hit does not pay the model again.

Claude gets the job, the company's cited summary and each contact's title and why they matter,
and writes one short note per contact. It knows nothing about the sender beyond the job they
want, so the notes end with a `[your name]` placeholder and make no claim about the sender; a
note with an email address in it, or one for a person not asked about, is not used. Every note
(the model's or the template's) then goes through the truthfulness gate and is signed with the
master CV's `basics.name` (`domain/outreach.py`, applied by the use case).
"""

from __future__ import annotations

import re
from typing import Protocol

from pydantic import BaseModel, Field

from jobintel.contracts import CompanyProfile, StructuredJD
from jobintel.runtime.llm import LLM, LlmError
from jobintel.runtime.logs import get_logger

log = get_logger(__name__)
MAX_CONTACTS = 6
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
SYSTEM = (
    "You write short, warm, specific first messages from a job seeker to people at a company. "
    "One message per person, 50 to 110 words, plain text, starting with 'Hi <first name>,' and "
    "ending with '[your name]'. Mention the role and one thing about the company from the "
    "summary. Never claim anything about the sender's experience, never include an email "
    "address or a link, and never invent facts about the company or the person."
)


class Drafter(Protocol):
    async def draft(self, company: CompanyProfile, jd: StructuredJD) -> dict[str, str] | None:
        """Drafts for `company.contacts` by lower-cased name; a contact left out keeps its
        template. None when nothing was written now (offline, or the model failed): asking
        again later may give drafts."""


class TemplateDrafter:
    """The default: keep the offline template each contact already has."""

    async def draft(self, company: CompanyProfile, jd: StructuredJD) -> dict[str, str] | None:
        return None


class Draft(BaseModel):
    name: str
    message: str = Field(min_length=20, max_length=1500)


class Drafts(BaseModel):
    drafts: list[Draft] = Field(max_length=MAX_CONTACTS)


def prompt_for(company: CompanyProfile, jd: StructuredJD) -> str:
    people = "\n".join(
        f"- {c.name}, {c.title or 'title unknown'} ({c.role.value}): {c.relevance or ''}"
        for c in company.contacts[:MAX_CONTACTS]
    )
    return (
        f"Role: {jd.title}\nCompany: {company.name}\n"
        f"Summary: {company.summary or 'none known'}\n\nPeople:\n{people}"
    )


class LlmDrafter:
    def __init__(self, llm: LLM) -> None:
        self._llm = llm

    async def draft(self, company: CompanyProfile, jd: StructuredJD) -> dict[str, str] | None:
        if not company.contacts:
            return None
        try:
            result = await self._llm.structured(
                prompt=prompt_for(company, jd),
                schema=Drafts,
                purpose="outreach_drafts",
                system=SYSTEM,
                max_tokens=4096,
            )
        except LlmError as exc:
            log.warning("outreach drafts by the LLM failed, keeping the templates", reason=str(exc))
            return None
        asked = {c.name.lower() for c in company.contacts[:MAX_CONTACTS]}
        return {
            d.name.strip().lower(): d.message.strip()
            for d in result.value.drafts
            if d.name.strip().lower() in asked and not _EMAIL.search(d.message)
        }
