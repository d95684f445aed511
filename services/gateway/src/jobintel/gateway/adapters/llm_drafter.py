"""A CV's text drafted into a JSON Resume by Claude, through the runtime's LLM port.

The model answers `DraftReply` (validated by pydantic in the port). Every text value it gives
that is not in the file word for word is added to `unsure`, so the person checks it. Any
failure (the API, an invalid reply, a CV too long) raises `DraftingFailed`, and `WithFallback`
gives the offline draft instead, saying why.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, Field

from jobintel.contracts import Resume
from jobintel.runtime.llm import LLM, LlmError
from jobintel.runtime.logs import get_logger

from ..domain.cv_draft import Draft
from ..domain.jsonresume import DATE_FIELDS
from ..drafting import DraftingFailed
from .cv_files import CvText

log = get_logger(__name__)

PURPOSE = "cv_import"
MAX_CHARS = 40_000

SYSTEM = """You turn the text of a person's CV into a JSON Resume (v1.0.0) document: their
master CV, which every tailored CV is later drawn from, so it must hold only what the CV says.

Copy names, titles, employers, bullets and descriptions exactly as written: no rewording, no
fixing, no translating, no summarising, nothing added. Each role goes in `work` with `name`
(the employer), `position` (the title), `startDate`/`endDate` as YYYY, YYYY-MM or YYYY-MM-DD
(leave `endDate` out for a current role) and its bullets as `highlights`. Use `education`,
`skills` (groups with keywords), `languages`, `certificates`, `projects`, `awards`,
`publications`, `volunteer`, `interests` and `references` for what the CV has of them.
Leave out what the CV does not say.

In `unsure`, list the JSON path (e.g. `work[1].name`, `basics.location`) of every value you
had to infer rather than read plainly: an employer or title you told apart by guessing, a date
you completed, a section you were not sure of."""


class DraftReply(BaseModel):
    resume: Resume
    unsure: list[str] = Field(
        default_factory=list, description="JSON paths of the values inferred, not read plainly"
    )


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text).casefold().strip()


def _strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{path}[{i}]")
    elif isinstance(value, str):
        yield path, value


DATE_KEYS = {key for keys in DATE_FIELDS.values() for key in keys}


class ClaudeDrafter:
    def __init__(self, llm: LLM, *, max_chars: int = MAX_CHARS, max_tokens: int = 16_000):
        self._llm = llm
        self._max_chars = max_chars
        self._max_tokens = max_tokens

    async def draft(self, cv: CvText) -> Draft:
        if len(cv.text) > self._max_chars:
            raise DraftingFailed(
                f"the CV has {len(cv.text):,} characters, more than the {self._max_chars:,} "
                "sent to the model"
            )
        try:
            result = await self._llm.structured(
                prompt=f'<cv format="{cv.format}">\n{cv.text}\n</cv>',
                schema=DraftReply,
                purpose=PURPOSE,
                system=SYSTEM,
                max_tokens=self._max_tokens,
                effort="low",
            )
        except LlmError as err:
            raise DraftingFailed(f"{type(err).__name__}: {err}") from err
        resume = result.value.resume.model_dump(mode="json", exclude_none=True)
        resume = _without_empty(resume)
        source = _norm(cv.text)
        unsure = list(result.value.unsure)
        invented = [
            path
            for path, text in _strings(resume)
            if path.rsplit(".", 1)[-1] not in DATE_KEYS
            and not path.endswith("url")
            and _norm(text)
            and _norm(text) not in source
        ]
        notes = [f"drafted by {result.model}"]
        if invented:
            notes.append(
                f"{len(invented)} value(s) are not in the file word for word: check them "
                "(listed as unsure)"
            )
        log.info("cv drafted by the model", model=result.model, cost_usd=result.cost_usd)
        return Draft(resume=resume, unsure=list(dict.fromkeys(unsure + invented)), notes=notes)


def _without_empty(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_empty(v) for k, v in value.items() if v not in ([], {}, None)}
    if isinstance(value, list):
        return [_without_empty(v) for v in value]
    return value
