"""Fixture data for the gateway's tests: events as the upstream services would publish them."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from jobintel.contracts import (
    AtsReport,
    CompanyProfile,
    CompanyResearched,
    Contact,
    ContactRole,
    CvFile,
    CvFormat,
    CvGenerated,
    GroundingItem,
    GroundingReport,
    JdSection,
    JdStructured,
    JobIngested,
    Keyword,
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
        return Posting(source="paste", title="Platform Engineer", company=self.company,
                       description_text=DESCRIPTION,
                       description_html="<p>About Tidewater</p><script>alert(1)</script>")

    def jd(self, version: int = 1) -> StructuredJD:
        sections = [
            JdSection(kind=SectionKind.ABOUT_COMPANY, heading="About Tidewater",
                      text="Tidewater builds tide prediction software for small harbours.",
                      span=_span(DESCRIPTION, "Tidewater builds tide prediction software")),
            JdSection(kind=SectionKind.RESPONSIBILITIES, heading="What you will do",
                      text="Run our Kubernetes platform and improve our Python services.",
                      span=_span(DESCRIPTION, "Run our Kubernetes platform and improve our "
                                 "Python services.")),
            JdSection(kind=SectionKind.MUST_HAVE, heading="Requirements",
                      text="5+ years of Python. Experience with PostgreSQL.",
                      span=_span(DESCRIPTION, "5+ years of Python. Experience with PostgreSQL.")),
            JdSection(kind=SectionKind.NICE_TO_HAVE, heading="Nice to have",
                      text="Terraform and Grafana.",
                      span=_span(DESCRIPTION, "Terraform and Grafana.")),
        ]
        return StructuredJD(
            version=version, title="Platform Engineer", company=self.company,
            description_text=DESCRIPTION, sections=sections,
            requirements=[
                Requirement(kind=RequirementKind.MUST_HAVE, text="5+ years of Python",
                            skills=["Python"]),
                Requirement(kind=RequirementKind.NICE_TO_HAVE, text="Terraform",
                            skills=["Terraform"]),
            ],
            keywords=[Keyword(name="Python", weight=3.0, required=True),
                      Keyword(name="Kubernetes", weight=2.0),
                      Keyword(name="Terraform", weight=1.0)],
            seniority="senior",
        )

    def ingested(self, t: float = 1) -> JobIngested:
        return JobIngested(job_id=self.job_id, producer="ingestion", occurred_at=self.at(t),
                           posting=self.posting())

    def structured(self, version: int = 1, t: float = 2) -> JdStructured:
        return JdStructured(job_id=self.job_id, producer="annotation", occurred_at=self.at(t),
                            jd=self.jd(version), posting=self.posting())

    def researched(self, version: int = 1, t: float = 3) -> CompanyResearched:
        profile = CompanyProfile(
            company_id="tidewater.example", name=self.company, domain="tidewater.example",
            summary="Tide prediction software for harbours.",
            contacts=[Contact(name="Noor Haddad", title="Head of Platform",
                              role=ContactRole.HIRING_MANAGER,
                              source_url="https://tidewater.example/team")],
        )
        return CompanyResearched(job_id=self.job_id, producer="research", occurred_at=self.at(t),
                                 company=profile, jd=self.jd(version))

    def cv_file(self, data: bytes = CV_MARKDOWN) -> CvFile:
        return CvFile(format=CvFormat.MARKDOWN, object_name=f"{self.job_id}/cv.md",
                      size=len(data), sha256=hashlib.sha256(data).hexdigest())

    def cv_generated(self, jd_version: int = 1, t: float = 4) -> CvGenerated:
        source = SourceRef(path="work[0].highlights[0]", text="Ran Kubernetes for 40 services")
        bullet = TailoredBullet(text=source.text, source=source,
                                score=ScoreBreakdown(total=0.9, matched_keywords=["Kubernetes"]))
        return CvGenerated(
            job_id=self.job_id, producer="cv-generator", occurred_at=self.at(t),
            cv=TailoredCV(name="Ada Quill", headline="Platform engineer",
                          work=[TailoredRole(employer="Harbour Ltd", title="Engineer",
                                             bullets=[bullet])]),
            ats=AtsReport(score=82.5, must_have_found=["Python"],
                          must_have_missing=["PostgreSQL"]),
            grounding=GroundingReport(items=[GroundingItem(output=source.text, source=source,
                                                           verdict=Verdict.VERBATIM)]),
            files=[self.cv_file()], jd_version=jd_version, profile_version=1,
        )


@pytest.fixture
def samples() -> Samples:
    return Samples()
