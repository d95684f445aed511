"""Use cases of the master CV: save a JSON Resume or a persona, draft one from a CV file.

The ports come in as arguments (store, publisher, drafter); the reading of a document is
`domain.jsonresume`, the offline drafting `domain.cv_draft`. No HTTP here.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import ValidationError

from jobintel.contracts import Persona, ProfileUpdated, Resume
from jobintel.runtime.publishing import Publisher
from jobintel.runtime.store import DocumentStore

from . import SERVICE
from .adapters.cv_files import read_cv_file
from .commands import send
from .domain.cv_draft import Draft
from .domain.jsonresume import Ignored, Problem, Reading, ResumeRejected, problems_from, read_resume
from .drafting import CvDrafter
from .readmodel import save_profile

PROFILE_ID = "default"
JSON_TYPES = frozenset({"application/json", "text/json"})
YAML_TYPES = frozenset({"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"})
UNSAID_TYPES = frozenset(
    {"", "text/plain", "application/octet-stream", "application/x-www-form-urlencoded"}
)
DEPRECATED_ENVELOPE = (
    'the {"resume": …, "persona": …} envelope is deprecated: PUT the JSON Resume document '
    "itself to /api/profile and the persona to /api/profile/persona"
)


class UnsupportedDocument(Exception):
    """The body is neither JSON nor YAML (or says it is something else)."""


class _NoDates(yaml.SafeLoader):  # type: ignore[misc]
    """YAML with dates left as written: `startDate: 2019-04-01` stays the text the user wrote."""


_NoDates.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_document(body: bytes, media_type: str) -> Any:
    """The body as data: JSON, or YAML when the content type says so.

    A type that says nothing (none, `text/plain`, `application/octet-stream`, or curl's
    default `application/x-www-form-urlencoded`) is read as JSON, else as YAML.
    """
    media = media_type.split(";", 1)[0].strip().casefold()
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ResumeRejected(
            [Problem("(document)", "the body is not UTF-8 text", "save the file as UTF-8")]
        ) from err
    if media in YAML_TYPES:
        return _yaml(text)
    if media in JSON_TYPES:
        return _json(text)
    if media in UNSAID_TYPES:
        if text.lstrip().startswith(("{", "[")):
            return _json(text)
        return _yaml(text)
    raise UnsupportedDocument(
        f"a master CV is JSON (application/json) or YAML (application/yaml), not {media}; "
        "to turn a PDF, DOCX or Markdown CV into one, POST it to /api/profile/import"
    )


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise ResumeRejected(
            [
                Problem(
                    "(document)",
                    f"not valid JSON at line {err.lineno}, column {err.colno}: {err.msg}",
                    "fix the JSON, or send YAML with content-type: application/yaml",
                )
            ]
        ) from err


def _yaml(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_NoDates)  # a SafeLoader: no Python objects
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "the document"
        problem = getattr(err, "problem", None) or "not valid YAML"
        raise ResumeRejected(
            [Problem("(document)", f"not valid YAML at {where}: {problem}", "fix the YAML")]
        ) from err


@dataclass
class ResumeSaved:
    profile_id: str
    version: int
    reading: Reading
    deprecated: str | None = None
    persona_saved: bool = False


@dataclass
class PersonaSaved:
    profile_id: str
    persona: Persona
    version: int | None  # None: no resume yet, the persona waits for the first one
    notes: list[str] = field(default_factory=list)


def read_document(data: Any) -> tuple[Resume, Reading, Persona | None, str | None]:
    """A plain JSON Resume (or the deprecated envelope) as the contract's `Resume`."""
    persona: Persona | None = None
    deprecated: str | None = None
    prefix = ""
    envelope = isinstance(data, dict) and "resume" in data and "basics" not in data
    if envelope:
        deprecated = DEPRECATED_ENVELOPE
        prefix = "resume."
        others = [k for k in data if k not in ("resume", "persona")]
        if data.get("persona") is not None:
            try:
                persona = Persona.model_validate(data["persona"])
            except ValidationError as err:
                raise ResumeRejected([_under("persona.", p) for p in problems_from(err)]) from err
        data = data["resume"]
    try:
        reading = read_resume(data)
    except ResumeRejected as err:
        raise ResumeRejected([_under(prefix, p) for p in err.problems]) from err
    if envelope:
        reading.ignored += [Ignored(k, "not part of the envelope; left out") for k in others]
    try:
        resume = Resume.model_validate(reading.document)
    except ValidationError as err:
        raise ResumeRejected([_under(prefix, p) for p in problems_from(err)]) from err
    return resume, reading, persona, deprecated


async def save_resume(store: DocumentStore, publisher: Publisher, data: Any) -> ResumeSaved:
    """Read the document, keep the saved persona, publish `profile.updated` with a new version."""
    resume, reading, persona, deprecated = read_document(data)
    profile, _ = await save_profile(store, PROFILE_ID, resume=resume, persona=persona)
    assert profile is not None  # a resume was given
    await send(
        publisher, [ProfileUpdated(event_id=uuid.uuid4(), producer=SERVICE, profile=profile)]
    )
    return ResumeSaved(
        profile_id=PROFILE_ID,
        version=profile.version,
        reading=reading,
        deprecated=deprecated,
        persona_saved=persona is not None,
    )


async def save_persona(
    store: DocumentStore, publisher: Publisher, persona: Persona
) -> PersonaSaved:
    """Replace the persona; with a master CV saved, publish it as the profile's next version."""
    profile, kept = await save_profile(store, PROFILE_ID, persona=persona)
    if profile is None:
        return PersonaSaved(
            PROFILE_ID,
            kept,
            None,
            ["saved; there is no master CV yet, so it is used from the first PUT /api/profile"],
        )
    await send(
        publisher, [ProfileUpdated(event_id=uuid.uuid4(), producer=SERVICE, profile=profile)]
    )
    return PersonaSaved(PROFILE_ID, kept, profile.version)


@dataclass
class ImportedDraft:
    format: str
    draft: Draft


async def import_cv(data: bytes, filename: str, drafter: CvDrafter) -> ImportedDraft:
    """A CV file as a draft JSON Resume to review; nothing is saved.

    The draft is checked as `PUT /api/profile` would check it: a field that would be refused
    is left out of the draft and named in `unsure` and the notes, so saving it works.
    """
    cv = read_cv_file(data, filename)
    draft = _already_a_resume(cv.text) if cv.format == "markdown" else None
    if draft is None:
        draft = await drafter.draft(cv)
    for _ in range(50):  # each round drops what the check refused, until it passes
        try:
            read_document(draft.resume)
            break
        except ResumeRejected as err:
            for problem in err.problems:
                if problem.field == "basics.name" or problem.field == "basics":
                    draft.resume.setdefault("basics", {})["name"] = "(your name)"
                elif not _drop(draft.resume, problem.loc):
                    continue
                draft.unsure.append(problem.field)
                draft.notes.append(f"{problem.field}: {problem.message}; left for you to fill in")
    draft.unsure = list(dict.fromkeys(draft.unsure))
    return ImportedDraft(cv.format, draft)


def _already_a_resume(text: str) -> Draft | None:
    """A JSON Resume file sent to the importer: its own document, names mapped, not re-read."""
    if not text.lstrip().startswith("{"):
        return None
    try:
        data = json.loads(text)
        reading = read_resume(data)
    except (json.JSONDecodeError, ResumeRejected):
        return None
    if not isinstance(data, dict) or not ({"basics", "work", "bio"} & set(data)):
        return None
    notes = ["the file is already a JSON Resume document: taken as it is"]
    notes += [f"{m.old} read as {m.new}" for m in reading.mapped]
    return Draft(resume=reading.document, notes=notes)


def _drop(doc: Any, loc: list[str | int]) -> bool:
    for part in loc[:-1]:
        try:
            doc = doc[part]
        except (KeyError, IndexError, TypeError):
            return False
    if isinstance(doc, dict) and loc and loc[-1] in doc:
        del doc[loc[-1]]
        return True
    return False


def _under(prefix: str, problem: Problem) -> Problem:
    if not prefix:
        return problem
    where = problem.field if problem.field != "(document)" else ""
    return Problem(f"{prefix}{where}".rstrip("."), problem.message, problem.fix)
