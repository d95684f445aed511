"""A CV file's text, as lines a person would read: PDF (pypdf), DOCX (python-docx), Markdown.

Headings come out as `# Heading` where the file marks them (DOCX heading styles, Markdown);
list items as `- item` (DOCX list styles and numbering, bullet characters in PDFs). Parsing
the lines into a JSON Resume is `domain.cv_draft`, which works the same for every format.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

MAX_PAGES = 30
_BULLET_GLYPH = re.compile(r"^\s*[•●▪■◦‣∙]\s*")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # icon fonts' bullets in PDFs


class UnreadableCv(Exception):
    """The file cannot be read as a CV; the message says what to send instead."""


@dataclass(frozen=True)
class CvText:
    format: str  # "pdf", "docx" or "markdown"
    text: str


def read_cv_file(data: bytes, filename: str = "") -> CvText:
    """The text of a PDF, DOCX or Markdown/plain-text CV, told apart by content, then name."""
    name = filename.casefold()
    if not data.strip():
        raise UnreadableCv("the file is empty")
    if data.startswith(b"%PDF"):
        return CvText("pdf", _pdf(data))
    if data.startswith(b"PK\x03\x04"):
        if name.endswith((".odt", ".pages")):
            raise UnreadableCv("save the CV as DOCX, PDF or Markdown and upload that")
        return CvText("docx", _docx(data))
    if name.endswith((".doc", ".rtf")) or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableCv("old Word (.doc) and RTF files are not read: save the CV as DOCX or PDF")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as err:
            raise UnreadableCv(
                "the file is neither a PDF, a DOCX nor UTF-8 text (Markdown): "
                "export the CV as one of those"
            ) from err
    return CvText("markdown", text.replace("\r\n", "\n"))


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableCv("the PDF is password-protected: upload a copy without a password")
        pages = [page.extract_text() or "" for page in reader.pages[:MAX_PAGES]]
    except (PdfReadError, ValueError, KeyError) as err:
        raise UnreadableCv(f"the PDF cannot be read ({err}); export it again or send DOCX") from err
    text = "\n".join(pages)
    if not text.strip():
        raise UnreadableCv(
            "the PDF has no text layer (a scan or an image?): export the CV from your editor "
            "as a PDF with text, or upload DOCX or Markdown"
        )
    lines = []
    for line in text.splitlines():
        line = _PRIVATE_USE.sub("", line).rstrip()
        if _BULLET_GLYPH.match(line):
            line = "- " + _BULLET_GLYPH.sub("", line, count=1)
        lines.append(line)
    return "\n".join(lines)


def _docx(data: bytes) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as err:
        raise UnreadableCv(f"the DOCX cannot be read ({err}); save it again or send PDF") from err
    from docx.table import Table

    lines: list[str] = []
    for block in document.iter_inner_content():  # paragraphs and tables in reading order
        if isinstance(block, Table):  # CV templates often lay the contact line out in a table
            for row in block.rows:
                cells = [c.text.strip() for c in row.cells if c.text.strip()]
                if cells:
                    lines.append(" | ".join(dict.fromkeys(cells)))
        else:
            lines.append(_docx_line(block))
    return "\n".join(lines)


def _docx_line(paragraph: object) -> str:
    text = str(getattr(paragraph, "text", "")).strip()
    if not text:
        return ""
    style = getattr(getattr(paragraph, "style", None), "name", "") or ""
    element = getattr(paragraph, "_p", None)
    numbered = element is not None and element.pPr is not None and element.pPr.numPr is not None
    if style.startswith(("Heading", "Title")):
        return f"# {text}"
    if "List" in style or numbered:
        return f"- {text}"
    return text
