"""Fixture data for the gateway's tests: events as the upstream services would publish them."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import socket
import threading
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TypeVar

import httpx
import pytest
import uvicorn

from jobintel.contracts import (
    Annotation,
    AtsReport,
    CompanyProfile,
    CompanyResearched,
    Contact,
    ContactRole,
    CvFile,
    CvFormat,
    CvGenerated,
    Fact,
    GroundingItem,
    GroundingReport,
    JdSection,
    JdStructured,
    JobIngested,
    Keyword,
    NewsItem,
    Posting,
    Requirement,
    RequirementKind,
    SectionKind,
    SourceRef,
    Span,
    StructuredJD,
    TailoredBullet,
    TailoredCV,
    TailoredRole,
    Verdict,
)
from jobintel.contracts.cv import ScoreBreakdown
from jobintel.contracts.jd import Coverage, SectionCoverage
from jobintel.gateway.app import create_app
from jobintel.runtime.settings import Settings

DESCRIPTION = (
    "About Tidewater\n"
    "Tidewater builds tide prediction software for small harbours.\n\n"
    "What you will do\n"
    "Run our Kubernetes platform and improve our Python services.\n\n"
    "Requirements\n"
    "5+ years of Python. Experience with PostgreSQL.\n\n"
    "Nice to have\n"
    "Terraform and Grafana."
)
CV_MARKDOWN = b"# Ada Quill\n\nPlatform engineer.\n\n- Ran Kubernetes for 40 services\n"


def _span(text: str, part: str) -> Span:
    start = DESCRIPTION.index(part)
    return Span(start=start, end=start + len(part))


@dataclass
class Samples:
    """A job's facts, each from its own service, with times that move forward."""

    job_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    base: datetime = field(default_factory=lambda: datetime.now(UTC))
    company: str = "Tidewater"

    def at(self, seconds: float) -> datetime:
        return self.base + timedelta(seconds=seconds)

    def posting(self) -> Posting:
        return Posting(
            source="paste",
            title="Platform Engineer",
            company=self.company,
            description_text=DESCRIPTION,
            description_html="<p>About Tidewater</p><script>alert(1)</script>",
        )

    def jd(self, version: int = 1) -> StructuredJD:
        sections = [
            JdSection(
                kind=SectionKind.ABOUT_COMPANY,
                heading="About Tidewater",
                text="Tidewater builds tide prediction software for small harbours.",
                span=_span(DESCRIPTION, "Tidewater builds tide prediction software"),
            ),
            JdSection(
                kind=SectionKind.RESPONSIBILITIES,
                heading="What you will do",
                text="Run our Kubernetes platform and improve our Python services.",
                span=_span(
                    DESCRIPTION, "Run our Kubernetes platform and improve our Python services."
                ),
            ),
            JdSection(
                kind=SectionKind.MUST_HAVE,
                heading="Requirements",
                text="5+ years of Python. Experience with PostgreSQL.",
                span=_span(DESCRIPTION, "5+ years of Python. Experience with PostgreSQL."),
            ),
            JdSection(
                kind=SectionKind.NICE_TO_HAVE,
                heading="Nice to have",
                text="Terraform and Grafana.",
                span=_span(DESCRIPTION, "Terraform and Grafana."),
            ),
        ]
        return StructuredJD(
            version=version,
            title="Platform Engineer",
            company=self.company,
            description_text=DESCRIPTION,
            sections=sections,
            requirements=[
                Requirement(
                    kind=RequirementKind.MUST_HAVE,
                    text="5+ years of Python",
                    span=_span(DESCRIPTION, "5+ years of Python"),
                    skills=["Python"],
                ),
                Requirement(
                    kind=RequirementKind.MUST_HAVE,
                    text="Experience with PostgreSQL",
                    span=_span(DESCRIPTION, "Experience with PostgreSQL"),
                    skills=["PostgreSQL"],
                ),
                Requirement(
                    kind=RequirementKind.NICE_TO_HAVE,
                    text="Terraform",
                    span=_span(DESCRIPTION, "Terraform"),
                    skills=["Terraform"],
                ),
            ],
            keywords=[
                Keyword(name="Python", weight=3.0, required=True),
                Keyword(name="Kubernetes", weight=2.0),
                Keyword(name="Terraform", weight=1.0),
            ],
            seniority="senior",
        )

    def annotated(
        self, annotations: list[Annotation], version: int = 2, t: float = 6
    ) -> JdStructured:
        """The annotation service's answer to annotations: a new JD version with its coverage."""
        jd = self.jd(version)

        def inside(span: Span | None) -> list[Annotation]:
            return [
                a
                for a in annotations
                if span is not None and a.start < span.end and a.end > span.start
            ]

        marked = [r for r in jd.requirements if inside(r.span)]
        jd.coverage = Coverage(
            sections=[
                SectionCoverage(
                    kind=s.kind, heading=s.heading, span=s.span, annotations=len(inside(s.span))
                )
                for s in jd.sections
            ],
            requirements=len(jd.requirements),
            requirements_annotated=len(marked),
            share=len(marked) / len(jd.requirements),
        )
        return JdStructured(
            job_id=self.job_id,
            producer="annotation",
            occurred_at=self.at(t),
            jd=jd,
            posting=self.posting(),
        )

    def ingested(self, t: float = 1) -> JobIngested:
        return JobIngested(
            job_id=self.job_id, producer="ingestion", occurred_at=self.at(t), posting=self.posting()
        )

    def structured(self, version: int = 1, t: float = 2) -> JdStructured:
        return JdStructured(
            job_id=self.job_id,
            producer="annotation",
            occurred_at=self.at(t),
            jd=self.jd(version),
            posting=self.posting(),
        )

    def researched(self, version: int = 1, t: float = 3) -> CompanyResearched:
        profile = CompanyProfile(
            company_id="tidewater.example",
            name=self.company,
            domain="tidewater.example",
            website="https://tidewater.example",
            summary="Tide prediction software for harbours.",
            summary_sources=["https://tidewater.example/about"],
            facts=[
                Fact(label="Founded", value="2014", source_url="https://tidewater.example/about"),
                Fact(
                    label="Employees",
                    value="about 60",
                    source_url="https://tidewater.example/careers",
                ),
            ],
            tech_stack=["Python", "Kubernetes", "PostgreSQL"],
            news=[
                NewsItem(
                    title="Tidewater opens a Rotterdam office",
                    source_url="https://tidewater.example/news/rotterdam",
                    summary="Twelve engineers will join by spring.",
                )
            ],
            contacts=[
                Contact(
                    name="Noor Haddad",
                    title="Head of Platform",
                    role=ContactRole.HIRING_MANAGER,
                    relevance="Leads the platform team this role joins",
                    source_url="https://tidewater.example/team",
                    outreach_draft="Hi Noor, I read about the Rotterdam office and "
                    "would like to talk about the platform role.",
                )
            ],
        )
        return CompanyResearched(
            job_id=self.job_id,
            producer="research",
            occurred_at=self.at(t),
            company=profile,
            jd=self.jd(version),
        )

    def cv_file(self, data: bytes = CV_MARKDOWN) -> CvFile:
        return CvFile(
            format=CvFormat.MARKDOWN,
            object_name=f"{self.job_id}/cv.md",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )

    def cv_generated(self, jd_version: int = 1, t: float = 4) -> CvGenerated:
        source = SourceRef(path="work[0].highlights[0]", text="Ran Kubernetes for 40 services")
        bullet = TailoredBullet(
            text=source.text,
            source=source,
            score=ScoreBreakdown(total=0.9, matched_keywords=["Kubernetes"]),
        )
        return CvGenerated(
            job_id=self.job_id,
            producer="cv-generator",
            occurred_at=self.at(t),
            cv=TailoredCV(
                name="Ada Quill",
                headline="Platform engineer",
                work=[TailoredRole(employer="Harbour Ltd", title="Engineer", bullets=[bullet])],
            ),
            ats=AtsReport(score=82.5, must_have_found=["Python"], must_have_missing=["PostgreSQL"]),
            grounding=GroundingReport(
                items=[GroundingItem(output=source.text, source=source, verdict=Verdict.VERBATIM)]
            ),
            files=[self.cv_file()],
            jd_version=jd_version,
            profile_version=1,
        )


@pytest.fixture
def samples() -> Samples:
    return Samples()


T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    """A running gateway: its base URL and a client for it."""

    def __init__(self, url: str, client: httpx.AsyncClient) -> None:
        self.url = url
        self.client = client


@contextlib.asynccontextmanager
async def serve(settings: Settings) -> AsyncIterator[Served]:
    port = free_port()
    config = uvicorn.Config(
        create_app(settings),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="on",
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    async with asyncio.timeout(20):
        while not server.started:
            if task.done():
                task.result()
                raise AssertionError("the gateway stopped while starting")
            await asyncio.sleep(0.02)
    url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=url, timeout=20) as client:
            yield Served(url, client)
    finally:
        server.should_exit = True
        await task


@pytest.fixture
async def gateway(settings: Settings) -> AsyncIterator[Served]:
    async with serve(settings) as served:
        yield served


@pytest.fixture
def serve_gateway() -> Callable[[Settings], contextlib.AbstractAsyncContextManager[Served]]:
    """Start a gateway with settings of the test's own (e.g. an API token)."""
    return serve


async def _eventually(check: Callable[[], Awaitable[T | None]], limit: float = 15.0) -> T:
    last: T | None = None
    async with asyncio.timeout(limit):
        while True:
            last = await check()
            if last:
                return last
            await asyncio.sleep(0.05)


Eventually = Callable[..., Awaitable[object]]


@pytest.fixture
def eventually() -> Callable[..., Awaitable[object]]:
    """Poll `check` until it returns something truthy (the read model is eventually consistent)."""
    return _eventually


# A Greenhouse board and a job page, as a local site serves them (payloads written here).
BOARD = {
    "jobs": [
        {
            "id": 501,
            "title": "Harbour Pilot",
            "absolute_url": "https://jobs.example.test/tide/501",
            "location": {"name": "Rotterdam"},
            "company_name": "Tidewater Ports",
            "updated_at": "2026-11-01T10:00:00Z",
            "content": "&lt;p&gt;Guide ships into the harbour.&lt;/p&gt;"
            "&lt;h3&gt;Requirements&lt;/h3&gt;"
            "&lt;ul&gt;&lt;li&gt;Master mariner licence&lt;/li&gt;&lt;/ul&gt;",
        },
        {
            "id": 502,
            "title": "Crane Operator",
            "absolute_url": "https://jobs.example.test/tide/502",
            "location": {"name": "Antwerp"},
            "company_name": "Tidewater Ports",
            "updated_at": "2026-11-02T10:00:00Z",
            "content": "&lt;p&gt;Operate ship-to-shore cranes on rotating shifts.&lt;/p&gt;",
        },
    ],
    "meta": {"total": 2},
}
JOB_PAGE = b"""<!doctype html><html><head><script type="application/ld+json">
{"@context": "https://schema.org", "@type": "JobPosting", "title": "Lock Keeper",
 "description": "<p>Operate the river locks on early and late shifts.</p>",
 "hiringOrganization": {"@type": "Organization", "name": "Canal Trust"},
 "jobLocation": {"@type": "Place",
                 "address": {"addressLocality": "Leiden", "addressCountry": "NL"}},
 "employmentType": "FULL_TIME", "datePosted": "2026-11-20"}
</script></head><body><h1>Lock Keeper</h1></body></html>"""


@pytest.fixture
def site() -> Iterator[str]:
    """A local Greenhouse board (`/v1/boards/tide/jobs`) and a job page; anything else 404s."""
    routes = {
        "/v1/boards/tide/jobs": (json.dumps(BOARD).encode(), "application/json"),
        "/jobs/lock-keeper": (JOB_PAGE, "text/html"),
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body, kind = routes.get(self.path.split("?", 1)[0], (b"{}", "application/json"))
            self.send_response(200 if self.path.split("?", 1)[0] in routes else 404)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# CV files in each format, made from text written for these tests (no third-party files).
CVS = Path(__file__).parent / "fixtures" / "cvs"


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with `lines` as real text (Helvetica, WinAnsi), as an editor exports."""
    import io

    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, StreamObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
    )
    ops = ["BT", "/F1 9 Tf", "12 TL", "40 810 Td"]
    for line in lines:
        raw = line.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(")
        ops.append("(" + raw.replace(b")", b"\\)").decode("latin-1") + ") Tj T*")
    ops.append("ET")
    content = StreamObject()
    content.set_data("\n".join(ops).encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(content)  # pypdf has no public name
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_cv() -> bytes:
    """Marta Vidal's CV as Word writes one: heading styles, list bullets, a contact table."""
    import io

    import docx

    document = docx.Document()
    document.add_heading("Marta Vidal", 0)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "marta.vidal@example.es"
    table.rows[0].cells[1].text = "+34 910 555 321"
    document.add_paragraph("Product Designer")
    document.add_heading("Work Experience", 1)
    document.add_paragraph("Senior Product Designer at Lumen Health")
    document.add_paragraph("March 2020 \u2013 Present")
    document.add_paragraph("Redesigned the appointment booking flow for 200 clinics", "List Bullet")
    document.add_paragraph("Set up the design system used by four product teams", "List Bullet")
    document.add_paragraph("Interaction Designer \u2014 Ondas Studio, 2016 \u2013 2020")
    document.add_paragraph("Designed kiosk interfaces for museum exhibitions", "List Bullet")
    document.add_heading("Education", 1)
    document.add_paragraph(
        "MA Interaction Design, Escuela Superior de Diseño de Madrid, 2014 \u2013 2016"
    )
    document.add_heading("Skills", 1)
    document.add_paragraph("Design: Figma, prototyping, user research", "List Bullet")
    document.add_heading("Languages", 1)
    document.add_paragraph("Spanish (native), English (fluent), Catalan (good)")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@dataclass
class CvFiles:
    def markdown(self) -> bytes:
        return (CVS / "ines.md").read_bytes()

    def pdf(self, lines: list[str] | None = None) -> bytes:
        return text_pdf((CVS / "okafor.txt").read_text().splitlines() if lines is None else lines)

    def docx(self) -> bytes:
        return docx_cv()


@pytest.fixture
def cv_files() -> CvFiles:
    return CvFiles()
