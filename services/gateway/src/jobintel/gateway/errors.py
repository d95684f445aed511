"""How the API answers a request it cannot take: concise, and never echoing the input back.

FastAPI's default 422 repeats each offending value (`input`), so one bad date in a 200 KB
master CV sends the whole CV back, and a value that cannot be encoded (a lone surrogate)
breaks the error response itself. This answer names the field and says what is wrong.
"""

from __future__ import annotations

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse


def problems(exc: RequestValidationError) -> list[dict[str, object]]:
    return [
        {"loc": list(error.get("loc", ())), "msg": error.get("msg", ""), "type": error.get("type")}
        for error in exc.errors()
    ]


async def validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return JSONResponse(
        {"detail": problems(exc)}, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, validation_error)
