"""The master CV (a JSON Resume document) and the persona, each PUT on its own.

Both are written as `profile.updated` (the resume and the persona together, next version) and
read back from the read model. Reading a document is `profiles.read_document`.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from fastapi.responses import JSONResponse

from jobintel.contracts import MasterProfile, Persona

from ..adapters.cv_files import UnreadableCv
from ..deps import State, Store
from ..domain.jsonresume import ResumeRejected
from ..profiles import (
    PROFILE_ID,
    UnsupportedDocument,
    import_cv,
    load_document,
    save_persona,
    save_resume,
)
from ..readmodel import get_persona
from ..readmodel import get_profile as read_profile
from ..schemas import (
    CvDraftOut,
    FieldProblem,
    IgnoredField,
    NormalisedField,
    PersonaAccepted,
    PersonaIn,
    ProfileAccepted,
    ProfileRejected,
    RenamedField,
)
from ..security import require_token

router = APIRouter(prefix="/api", tags=["profile"], dependencies=[Depends(require_token)])

EXAMPLE = {
    "basics": {"name": "Ada Quill", "label": "Platform engineer", "email": "ada@example.org"},
    "work": [
        {
            "name": "Harbour Ltd",
            "position": "Engineer",
            "startDate": "2019-03",
            "highlights": ["Ran Kubernetes for 40 services"],
        }
    ],
    "skills": [{"name": "Platform", "keywords": ["Kubernetes", "Python"]}],
}
RESUME_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": (
            "A JSON Resume document (https://jsonresume.org/schema), as JSON or as YAML "
            "(`content-type: application/yaml` or `text/yaml`)."
        ),
        "content": {
            "application/json": {"schema": {"type": "object"}, "example": EXAMPLE},
            "application/yaml": {"schema": {"type": "string"}},
        },
    },
}


def rejected(err: ResumeRejected, what: str = "The master CV was not saved") -> JSONResponse:
    """A 422 naming each field and what to write; the document is not echoed back."""
    count = len(err.problems)
    body = ProfileRejected(
        message=f"{what}: {count} field{'s' if count != 1 else ''} to fix",
        detail=[
            FieldProblem(loc=p.loc, field=p.field, msg=f"{p.message}; {p.fix}", fix=p.fix)
            for p in err.problems
        ],
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=422)


@router.put(
    "/profile",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=ProfileAccepted,
    openapi_extra=RESUME_BODY,
    responses={422: {"model": ProfileRejected, "description": "Fields to fix, each named"}},
)
async def put_profile(
    request: Request, response: Response, state: State, store: Store
) -> ProfileAccepted | JSONResponse:
    """Replace the master CV with a JSON Resume document, JSON or YAML.

    Every document valid against the JSON Resume schema (v1.0.0) is accepted, plus what people's
    files hold: the older field names (`work[].company`, `website`, `picture`, `gpa`,
    `awardDate`, `bio`, `hobbies`, ...) are read as the current ones, and dates such as
    `Present`, `""`, `2019-04-01T00:00:00Z`, `April 2019` or `04/2019` as the schema's iso8601
    (`2019`, `2019-04`, `2019-04-01`). Fields the schema does not define are kept. The answer
    lists every name mapped and every value rewritten or not used. The one addition to the
    schema: the CV needs `basics.name`.

    The persona is kept from `PUT /api/profile/persona`. Deprecated: a body
    `{"resume": {…}, "persona": {…}}` (a top-level `resume` and no `basics`) is still read.
    """
    try:
        data = load_document(await request.body(), request.headers.get("content-type", ""))
        saved = await save_resume(store, state.publisher, data)
    except UnsupportedDocument as err:
        raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, detail=str(err)) from err
    except ResumeRejected as err:
        return rejected(err)
    if saved.deprecated:
        response.headers["Deprecation"] = "true"
    reading = saved.reading
    return ProfileAccepted(
        profile_id=saved.profile_id,
        version=saved.version,
        mapped=[RenamedField(**{"from": m.old, "to": m.new}) for m in reading.mapped],
        normalised=[
            NormalisedField(field=n.field, was=n.was, now=n.now, note=n.note)
            for n in reading.normalised
        ],
        ignored=[IgnoredField(field=i.field, reason=i.reason) for i in reading.ignored],
        unknown_kept=reading.unknown_kept,
        persona_saved=saved.persona_saved,
        deprecated=saved.deprecated,
    )


@router.get("/profile", response_model=MasterProfile, response_model_exclude_none=True)
async def get_profile(store: Store) -> MasterProfile:
    """The master CV and persona as the CV generator uses them, with their version."""
    profile = await read_profile(store, PROFILE_ID)
    if profile is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            detail="no master CV yet: PUT /api/profile with a JSON Resume",
        )
    return profile


@router.put("/profile/persona", response_model=PersonaAccepted)
async def put_persona(body: PersonaIn, state: State, store: Store) -> PersonaAccepted:
    """Replace the persona (how you want to come across); the master CV is kept.

    With a master CV saved, the two are published as the profile's next version; before one,
    the persona is kept and used with the first `PUT /api/profile`.
    """
    saved = await save_persona(store, state.publisher, Persona.model_validate(body.model_dump()))
    return PersonaAccepted(
        profile_id=saved.profile_id,
        persona=saved.persona,
        version=saved.version,
        notes=saved.notes,
    )


@router.get("/profile/persona", response_model=Persona)
async def read_persona(store: Store) -> Persona:
    persona = await get_persona(store, PROFILE_ID)
    if persona is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, detail="no persona yet: PUT /api/profile/persona"
        )
    return persona


IMPORT_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The CV file's bytes: PDF, DOCX, or Markdown / plain text (UTF-8).",
        "content": {
            "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
                "schema": {"type": "string", "format": "binary"}
            },
            "text/markdown": {"schema": {"type": "string"}},
        },
    }
}


@router.post("/profile/import", response_model=CvDraftOut, openapi_extra=IMPORT_BODY)
async def import_profile(request: Request, state: State, filename: str = "") -> CvDraftOut:
    """Read a CV file (PDF, DOCX or Markdown) into a draft JSON Resume; nothing is saved.

    Send the file's bytes as the body (`curl --data-binary @cv.pdf -H 'content-type:
    application/pdf'`), optionally `?filename=cv.pdf`. The file is read offline; with an
    Anthropic key configured Claude drafts it, and the offline reading is used (and the notes
    say why) when that fails. `unsure` lists the fields that were guessed. Review the draft
    (the profile page shows it for editing), then `PUT /api/profile` with it.
    """
    try:
        imported = await import_cv(await request.body(), filename, state.drafter)
    except UnreadableCv as err:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(err)) from err
    return CvDraftOut(
        format=imported.format,
        draft=imported.draft.resume,
        unsure=imported.draft.unsure,
        notes=imported.draft.notes,
    )
