"""The cover letter as Markdown, DOCX and PDF (Typst, the same fonts as the CV's `modern`)."""

from __future__ import annotations

import datetime as dt
import io
import json
from functools import cache
from importlib.resources import files

import typst
from docx import Document
from docx.shared import Pt

from jobintel.contracts import CoverLetter

from .docx import restamp
from .markdown import md
from .pdf import font_for


def _title(letter: CoverLetter) -> str:
    about = " - ".join(p for p in (letter.job_title, letter.company) if p)
    return f"{letter.name} - cover letter" + (f" ({about})" if about else "")


def letter_text(letter: CoverLetter) -> str:
    """The letter's plain text in reading order: what every rendering must read back as."""
    lines = [letter.salutation, *letter.paragraphs, *letter.achievements]
    lines += [*letter.after_achievements, letter.closing, letter.name]
    return "\n".join(lines)


def _escape(text: str) -> str:
    """Markdown that shows the text as written: no emphasis, heading or list made from it."""
    out = md(text)
    return "\\" + out if out[:1] in "-+" else out


def render_letter_markdown(letter: CoverLetter) -> str:
    parts = [f"# {_escape(letter.name)}"]
    if letter.contact:
        parts.append(" · ".join(_escape(c) for c in letter.contact))
    parts.append(_escape(letter.salutation))
    parts += [_escape(p) for p in letter.paragraphs]
    if letter.achievements:
        parts.append("\n".join(f"- {_escape(a)}" for a in letter.achievements))
    parts += [_escape(p) for p in letter.after_achievements]
    parts.append(f"{_escape(letter.closing)}  \n{_escape(letter.name)}")
    return "\n\n".join(parts) + "\n"


def render_letter_docx(letter: CoverLetter, timestamp: dt.datetime | None = None) -> bytes:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"  # type: ignore[attr-defined]
    normal.font.size = Pt(11)  # type: ignore[attr-defined]
    props = doc.core_properties
    props.author = letter.name
    props.title = _title(letter)
    if timestamp is not None:  # reproducible bytes for the same input
        props.created = props.modified = timestamp.replace(tzinfo=None)
        props.last_modified_by = letter.name
        props.revision = 1
    doc.add_heading(letter.name, level=0)
    if letter.contact:
        doc.add_paragraph(" · ".join(letter.contact))
    doc.add_paragraph(letter.salutation)
    for paragraph in letter.paragraphs:
        doc.add_paragraph(paragraph)
    for achievement in letter.achievements:
        doc.add_paragraph(achievement, style="List Bullet")
    for paragraph in letter.after_achievements:
        doc.add_paragraph(paragraph)
    sign = doc.add_paragraph(letter.closing)
    sign.add_run().add_break()
    sign.add_run(letter.name)
    out = io.BytesIO()
    doc.save(out)
    return restamp(out.getvalue(), timestamp) if timestamp is not None else out.getvalue()


@cache
def _template() -> bytes:
    return files("jobintel.cv_generator").joinpath("templates", "letter.typ").read_bytes()


def render_letter_pdf(letter: CoverLetter, timestamp: dt.datetime | None = None) -> bytes:
    data = letter.model_dump(
        mode="json",
        include={"name", "contact", "salutation", "paragraphs", "achievements"}
        | {"after_achievements", "closing"},
    )
    out = typst.compile(
        _template(),
        format="pdf",
        sys_inputs={
            "data": json.dumps({**data, "title": _title(letter)}, ensure_ascii=False),
            "font": font_for("modern"),
        },
        timestamp=timestamp.replace(microsecond=0) if timestamp else None,
    )
    assert isinstance(out, bytes)
    return out
