"""Liveness and readiness: ready only with NATS connected and every worker heard from."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from ..deps import State
from ..schemas import Health, Readiness
from ..state import WORKERS

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
async def healthz() -> Health:
    """The process is alive."""
    return Health(status="ok")


@router.get("/readyz", response_model=Readiness, responses={503: {"model": Readiness}})
async def readyz(state: State) -> JSONResponse:
    """200 when NATS is connected and each worker sent a heartbeat within 3 intervals (+1 s)."""
    connected = state.nats_connected
    window = 3 * state.settings.heartbeat_seconds + 1.0
    missing = state.presence.missing(WORKERS, window)
    if not connected:
        missing = ["nats", *missing]
    body = Readiness(ready=connected and not missing, nats_connected=connected, missing=missing)
    return JSONResponse(body.model_dump(), status_code=200 if body.ready else 503)
