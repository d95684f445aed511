"""Bearer-token protection of the API (and the UI) when `JOBINTEL_API_TOKEN` is set.

Browsers cannot put a header on an `EventSource` or a download link, so the UI logs in once
and gets an HttpOnly, SameSite=Strict cookie holding the same token.
"""

from __future__ import annotations

import hmac
import ipaddress
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from .deps import AppSettings

COOKIE = "jobintel_token"


def presented_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value:
        return value.strip()
    return request.cookies.get(COOKIE)


def token_ok(expected: str, given: str | None) -> bool:
    return given is not None and hmac.compare_digest(expected.encode(), given.encode())


async def require_token(request: Request, settings: AppSettings) -> None:
    if settings.api_token is None:
        return
    if not token_ok(settings.api_token.get_secret_value(), presented_token(request)):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="missing or wrong bearer token: "
            "send 'Authorization: Bearer <JOBINTEL_API_TOKEN>'",
            headers={"WWW-Authenticate": "Bearer"},
        )


Authorized = Annotated[None, Depends(require_token)]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_bind(host: str, has_token: bool) -> None:
    """Refuse to listen beyond this machine with no token: the API would be open to anyone."""
    if not is_loopback(host) and not has_token:
        raise SystemExit(
            f"refusing to listen on {host}: set JOBINTEL_API_TOKEN to expose the gateway beyond "
            "this machine, or use JOBINTEL_HOST=127.0.0.1"
        )
