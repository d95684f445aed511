"""Uploaded files (txt, md, html, pdf, docx) → text or HTML a posting can be read from."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import PurePath

from docx import Document
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from .normalise import NotAPosting

MAX_FILE_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm"}


@dataclass(frozen=True, slots=True)
class FileBody:
    text: str | None = None
    html: str | None = None


def _decode(content: bytes) -> str:
    if content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return content.decode("utf-16")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def read_file(filename: str, content: bytes) -> FileBody:
    """Raises `NotAPosting` for an unsupported, empty, oversized or unreadable file."""
    if len(content) > MAX_FILE_BYTES:
        raise NotAPosting(f"{filename} is over the {MAX_FILE_BYTES // (1024 * 1024)} MB limit")
    if not content:
        raise NotAPosting(f"{filename} is empty")
    suffix = PurePath(filename).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return FileBody(text=_decode(content))
    if suffix in HTML_SUFFIXES:
        return FileBody(html=_decode(content))
    if suffix == ".pdf":
        try:
            reader = PdfReader(io.BytesIO(content))
            pages = [page.extract_text() or "" for page in reader.pages]
        except (PdfReadError, ValueError, KeyError) as exc:
            raise NotAPosting(f"{filename} is not a readable PDF ({exc})") from exc
        text = "\n\n".join(p.strip() for p in pages if p.strip())
        if not text:
            raise NotAPosting(f"{filename} has no text layer (a scanned PDF?): paste the text")
        return FileBody(text=text)
    if suffix == ".docx":
        try:
            document = Document(io.BytesIO(content))
        except Exception as exc:  # python-docx raises several unrelated types
            raise NotAPosting(f"{filename} is not a readable .docx file ({exc})") from exc
        lines = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                lines.append(" | ".join(cell.text for cell in row.cells))
        return FileBody(text="\n".join(lines))
    raise NotAPosting(
        f"{filename}: unsupported file type '{suffix or 'none'}'; use txt, md, html, pdf or docx"
    )
