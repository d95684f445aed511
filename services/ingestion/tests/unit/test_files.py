"""Uploaded files: txt, md, html, pdf and docx are read; anything else is refused clearly."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from jobintel.ingestion.config import SourcesFileError, load_sources
from jobintel.ingestion.domain.files import read_file
from jobintel.ingestion.domain.normalise import NotAPosting

pytestmark = pytest.mark.unit


def simple_pdf(lines: list[str]) -> bytes:
    """A minimal one-page PDF with a text layer (written by hand, no generator library)."""
    text = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >>"
        b" >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text.encode()),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def test_text_and_markdown() -> None:
    assert read_file("job.txt", b"Gardener\nMow lawns").text == "Gardener\nMow lawns"
    assert read_file("job.md", b"\xef\xbb\xbf# Gardener").text == "# Gardener"


def test_html_file_stays_html() -> None:
    body = read_file("job.HTML", b"<h1>Gardener</h1>")
    assert body.html == "<h1>Gardener</h1>"


def test_pdf_text_layer() -> None:
    body = read_file("job.pdf", simple_pdf(["Greenhouse Gardener", "Requirements: horticulture"]))
    assert body.text is not None
    assert "Greenhouse Gardener" in body.text
    assert "horticulture" in body.text


def test_docx_paragraphs_and_tables() -> None:
    document = Document()
    document.add_heading("Greenhouse Gardener", level=1)
    document.add_paragraph("Look after 2,000 m2 of glasshouses.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Hours"
    table.rows[0].cells[1].text = "32 a week"
    buffer = io.BytesIO()
    document.save(buffer)
    body = read_file("job.docx", buffer.getvalue())
    assert body.text is not None
    assert "Greenhouse Gardener" in body.text
    assert "Hours | 32 a week" in body.text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("job.exe", b"MZ", "unsupported file type"),
        ("job.pdf", b"not a pdf", "not a readable PDF"),
        ("job.docx", b"not a zip", "not a readable .docx"),
        ("job.txt", b"", "is empty"),
    ],
)
def test_bad_files_are_refused_with_a_reason(name: str, content: bytes, message: str) -> None:
    with pytest.raises(NotAPosting, match=message):
        read_file(name, content)


def test_sources_file_in_toml(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(
        '[[sources]]\nname = "acme"\nkind = "greenhouse"\nboard = "acme"\ninterval_minutes = 60\n'
        '[sources.filters]\ntitle_include = ["engineer"]\n\n'
        '[[sources]]\nname = "blog"\nkind = "feed"\nurl = "https://acme.example/jobs.rss"\n'
    )
    acme, blog = load_sources(path)
    assert acme.interval_minutes == 60
    assert acme.filters.title_include == ["engineer"]
    assert blog.url == "https://acme.example/jobs.rss"


def test_sources_file_errors_name_the_source(tmp_path: Path) -> None:
    path = tmp_path / "sources.json"
    path.write_text('{"sources": [{"name": "acme", "kind": "lever"}]}')
    with pytest.raises(SourcesFileError, match=r"source #1 \(acme\) is invalid"):
        load_sources(path)


def test_the_example_sources_file_is_valid() -> None:
    example = Path(__file__).parents[2] / "sources.example.toml"
    specs = load_sources(example)
    assert [s.name for s in specs] == [
        "acme",
        "tulip",
        "kestrel",
        "orchardline",
        "brightwater",
        "saltmarsh",
        "kadevos",
        "fennwerk",
        "harbour-feed",
    ]
    assert [s.kind for s in specs][3:8] == [
        "workday",
        "smartrecruiters",
        "workable",
        "recruitee",
        "personio",
    ]
    assert specs[0].filters.title_exclude == ["intern"]
    assert specs[2].filters.remote_only
