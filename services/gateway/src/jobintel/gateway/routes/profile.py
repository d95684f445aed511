"""The master CV (JSON Resume) and persona: written as `profile.updated`, read from the model."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, HTTPException, status

from jobintel.contracts import MasterProfile, Persona, ProfileUpdated

from .. import SERVICE
from ..commands import send
from ..deps import State, Store
from ..readmodel import get_profile as read_profile
from ..readmodel import next_profile_version
from ..schemas import ProfileAccepted, ProfileIn
from ..security import require_token

router = APIRouter(prefix="/api", tags=["profile"], dependencies=[Depends(require_token)])
PROFILE_ID = "default"


@router.put("/profile", status_code=status.HTTP_202_ACCEPTED, response_model=ProfileAccepted)
async def put_profile(body: ProfileIn, state: State, store: Store) -> ProfileAccepted:
    """Replace the master CV; the CV generator uses the new version for the next CVs."""
    version = await next_profile_version(store, PROFILE_ID)
    profile = MasterProfile(
        profile_id=PROFILE_ID,
        version=version,
        resume=body.resume,
        persona=body.persona or Persona(),
    )
    await send(
        state.publisher, [ProfileUpdated(event_id=uuid.uuid4(), producer=SERVICE, profile=profile)]
    )
    return ProfileAccepted(profile_id=PROFILE_ID, version=version)


@router.get("/profile", response_model=MasterProfile)
async def get_profile(store: Store) -> MasterProfile:
    profile = await read_profile(store, PROFILE_ID)
    if profile is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            detail="no master CV yet: PUT /api/profile with a JSON Resume",
        )
    return profile
