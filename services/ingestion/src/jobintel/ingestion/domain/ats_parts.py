"""Pieces the newer ATS parsers share: titled parts into one body, places from their parts."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from jobintel.contracts import RemoteType, SourceSection

from .normalise import html_to_text


def titled_body(parts: Iterable[tuple[str | None, Any]]) -> tuple[str, list[SourceSection]]:
    """(heading, HTML) parts the source delimits itself → one HTML body and its sections.

    A part without a heading joins the body without a section; empty parts are dropped.
    """
    body: list[str] = []
    sections: list[SourceSection] = []
    for heading, content in parts:
        if not isinstance(content, str) or not content.strip():
            continue
        title = (heading or "").strip()
        if title:
            body.append(f"<h3>{html.escape(title)}</h3>")
            text = html_to_text(content)
            if text:
                sections.append(SourceSection(heading=title, text=text))
        body.append(content)
    return "".join(body), sections


def place(*parts: Any) -> str | None:
    """ "Dublin", "", "Ireland" → "Dublin, Ireland"; None when no part is text."""
    seen: list[str] = []
    for part in parts:
        if isinstance(part, str) and part.strip() and part.strip() not in seen:
            seen.append(part.strip())
    return ", ".join(seen) or None


def clean_place(value: Any) -> str | None:
    """A comma-joined place with empty pieces ("Dublin, , Ireland") → "Dublin, Ireland"."""
    if not isinstance(value, str):
        return None
    return place(*value.split(","))


def remote_from_flags(remote: Any, hybrid: Any = None, on_site: Any = None) -> RemoteType | None:
    """Boolean flags (SmartRecruiters, Recruitee, Workable) → a remote type; None if none is set."""
    if remote is True:
        return RemoteType.REMOTE
    if hybrid is True:
        return RemoteType.HYBRID
    if on_site is True:
        return RemoteType.ONSITE
    return None
