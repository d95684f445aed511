"""Markdown: the CV a person can paste anywhere, and the plain text the checks read."""

from __future__ import annotations

import re

from jobintel.contracts import TailoredCV

from .layout import blocks, period, role_heading

SPECIAL = re.compile(r"([\\`*_\[\]#<>])")


def md(text: str) -> str:
    """Escape what Markdown would otherwise interpret (e.g. `C#`, `*` in a bullet)."""
    return SPECIAL.sub(r"\\\1", text)


def render_markdown(cv: TailoredCV) -> str:
    out = [f"# {md(cv.name)}", ""]
    if cv.headline:
        out += [f"**{md(cv.headline)}**", ""]
    if cv.contact:
        out += [" · ".join(md(c) for c in cv.contact), ""]
    for block in blocks(cv):
        out += [f"## {block.heading}", ""]
        if block.paragraph:
            out += [md(block.paragraph), ""]
        if block.bullets:
            out += [f"- {md(b)}" for b in block.bullets] + [""]
        if block.groups:
            out += [f"- **{md(name)}:** {md(', '.join(skills))}" for name, skills in block.groups]
            out.append("")
        for role in block.roles or []:
            out.append(f"### {md(role_heading(role))}")
            meta = " · ".join(filter(None, [period(role), role.location]))
            if meta:
                out.append(f"*{md(meta)}*")
            out.append("")
            out += [f"- {md(b.text)}" for b in role.bullets]
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
