"""Master CV validation with errors that name the field, so the user knows what to fix."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from jobintel.contracts.profile import Resume


class ProfileError(ValueError):
    """The master CV does not fit the JSON Resume schema; the message names each field."""


def _where(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def check_profile(document: dict[str, Any]) -> Resume:
    try:
        return Resume.model_validate(document)
    except ValidationError as exc:
        problems = [f"{_where(e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise ProfileError("; ".join(problems)) from exc
