"""Bearer-token protection of the API (and the UI) when `JOBINTEL_API_TOKEN` is set.

Browsers cannot put a header on an `EventSource` or a download link, so the UI logs in once
and gets an HttpOnly, SameSite=Strict cookie holding the same token.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jobintel.runtime.processes import bind_refusal

from .deps import AppSettings, State
from .throttle import FailedAuth

COOKIE = "jobintel_token"


def presented_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value:
        return value.strip()
    return request.cookies.get(COOKIE)


def token_ok(expected: str, given: str | None) -> bool:
    """Constant-time comparison; an empty token never matches (settings turn a blank one off)."""
    return (
        bool(expected)
        and given is not None
        and hmac.compare_digest(expected.encode(), given.encode())
    )


def local_path(target: str) -> str:
    """`target` when it is a path on this site, else "/": `next=` must not send a person away.

    Browsers read `//host/x` and `/\\host/x` as another site, and a scheme as a URL.
    """
    if not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    if any(ch in target for ch in "\\\r\n\t") or ":" in target.split("?", 1)[0]:
        return "/"
    return target


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def throttled(seconds: int) -> HTTPException:
    return HTTPException(
        status.HTTP_429_TOO_MANY_REQUESTS,
        detail=f"too many wrong tokens from this address: try again in {seconds} s",
        headers={"Retry-After": str(seconds)},
    )


def check_presented(
    request: Request, expected: str, given: str | None, failures: FailedAuth
) -> bool:
    """Whether `given` is the token; raises 429 while this client is throttled."""
    client = client_address(request)
    wait = failures.retry_after(client)
    if wait:
        raise throttled(wait)
    if token_ok(expected, given):
        return True
    failures.failed(client)
    return False


async def require_token(request: Request, settings: AppSettings, state: State) -> None:
    if settings.api_token is None:
        return
    expected = settings.api_token.get_secret_value()
    if not check_presented(request, expected, presented_token(request), state.auth_failures):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="missing or wrong bearer token: "
            "send 'Authorization: Bearer <JOBINTEL_API_TOKEN>'",
            headers={"WWW-Authenticate": "Bearer"},
        )


Authorized = Annotated[None, Depends(require_token)]


def check_bind(host: str, has_token: bool) -> None:
    """Refuse to listen beyond this machine with no token: the API would be open to anyone."""
    refusal = bind_refusal(host, has_token)
    if refusal:
        raise SystemExit(refusal)


# What the API answers is data, never a page: a downloaded HTML CV opened from the API, or a
# JSON body a browser is tricked into sniffing, must not run anything.
API_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'; sandbox"),
)


class ApiHeaders:
    """ASGI middleware adding `API_HEADERS` to every `/api/` response (streams included)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in API_HEADERS if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)
