"""Markdown: the CV a person can paste anywhere, and the plain text the checks read."""

from __future__ import annotations

import re

from jobintel.contracts import TailoredCV

from .layout import blocks, period, role_heading

_SPECIAL = re.compile(r"([\\`*_\[\]#<>])")


def _md(text: str) -> str:
    """Escape what Markdown would otherwise interpret (e.g. `C#`, `*` in a bullet)."""
    return _SPECIAL.sub(r"\\\1", text)


def render_markdown(cv: TailoredCV) -> str:
    out = [f"# {_md(cv.name)}", ""]
    if cv.headline:
        out += [f"**{_md(cv.headline)}**", ""]
    if cv.contact:
        out += [" · ".join(_md(c) for c in cv.contact), ""]
    for block in blocks(cv):
        out += [f"## {block.heading}", ""]
        if block.paragraph:
            out += [_md(block.paragraph), ""]
        if block.bullets:
            out += [f"- {_md(b)}" for b in block.bullets] + [""]
        if block.groups:
            out += [f"- **{_md(name)}:** {_md(', '.join(skills))}" for name, skills in block.groups]
            out.append("")
        for role in block.roles or []:
            out.append(f"### {_md(role_heading(role))}")
            meta = " · ".join(filter(None, [period(role), role.location]))
            if meta:
                out.append(f"*{_md(meta)}*")
            out.append("")
            out += [f"- {_md(b.text)}" for b in role.bullets]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_text(cv: TailoredCV) -> str:
    """Plain text in document order: what a parser would read from any rendering."""
    out = [cv.name]
    if cv.headline:
        out.append(cv.headline)
    out += cv.contact
    for block in blocks(cv):
        out.append(block.heading)
        if block.paragraph:
            out.append(block.paragraph)
        out += block.bullets or []
        out += [f"{name}: {', '.join(skills)}" for name, skills in block.groups or []]
        for role in block.roles or []:
            out.append(role_heading(role))
            out += [p for p in [period(role), role.location] if p]
            out += [b.text for b in role.bullets]
    return "\n".join(out) + "\n"
