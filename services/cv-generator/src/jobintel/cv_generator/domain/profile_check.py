"""Master CV validation with errors that name the field, so the user knows what to fix."""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import ValidationError

from jobintel.contracts.profile import MasterProfile, Resume


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


def parse_profile(text: str) -> MasterProfile:
    """A master profile from JSON or YAML: `{resume, persona}`, or a bare JSON Resume."""
    try:
        data = yaml.safe_load(text)  # YAML is a superset of JSON
    except yaml.YAMLError as exc:
        raise ProfileError(f"the document is neither JSON nor YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ProfileError("expected an object with a 'resume' (JSON Resume) and a 'persona'")
    if "resume" not in data and "basics" in data:
        data = {"resume": data}
    if "resume" not in data or not isinstance(data["resume"], dict):
        raise ProfileError("resume: missing; give the master CV as a JSON Resume object")
    check_profile(data["resume"])
    try:
        return MasterProfile.model_validate(data)
    except ValidationError as exc:
        problems = [f"{_where(e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise ProfileError("; ".join(problems)) from exc
