"""DOCX with Word's own heading and list styles, which ATS parsers read as structure."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document
from docx.shared import Pt, RGBColor

from jobintel.contracts import TailoredCV

from .layout import blocks, period, role_heading

_ACCENT = RGBColor(0x2F, 0x5D, 0x8A)


def render_docx(cv: TailoredCV, timestamp: dt.datetime | None = None) -> bytes:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"  # type: ignore[attr-defined]
    normal.font.size = Pt(10.5)  # type: ignore[attr-defined]
    props = doc.core_properties
    props.author = cv.name
    props.title = f"{cv.name} - CV"
    if timestamp is not None:  # reproducible bytes for the same input
        props.created = props.modified = timestamp.replace(tzinfo=None)
        props.last_modified_by = cv.name
        props.revision = 1

    doc.add_heading(cv.name, level=0)
    if cv.headline:
        run = doc.add_paragraph().add_run(cv.headline)
        run.bold = True
        run.font.color.rgb = _ACCENT
    if cv.contact:
        doc.add_paragraph(" · ".join(cv.contact))
    for block in blocks(cv):
        doc.add_heading(block.heading, level=1)
        if block.paragraph:
            doc.add_paragraph(block.paragraph)
        for bullet in block.bullets or []:
            doc.add_paragraph(bullet, style="List Bullet")
        for name, skills in block.groups or []:
            item = doc.add_paragraph(style="List Bullet")
            item.add_run(f"{name}: ").bold = True
            item.add_run(", ".join(skills))
        for role in block.roles or []:
            doc.add_heading(role_heading(role), level=2)
            meta = " · ".join(filter(None, [period(role), role.location]))
            if meta:
                doc.add_paragraph(meta).runs[0].italic = True
            for b in role.bullets:
                doc.add_paragraph(b.text, style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    return restamp(out.getvalue(), timestamp) if timestamp is not None else out.getvalue()


def restamp(package: bytes, timestamp: dt.datetime) -> bytes:
    """Zip entries carry the time they were written; pin them so equal input gives equal bytes."""
    stamp = timestamp.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            pinned = zipfile.ZipInfo(info.filename, date_time=stamp)
            pinned.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(pinned, src.read(info.filename))
    return out.getvalue()
