"""jobintel's contracts: every event, command and value that crosses a service boundary."""

from . import streams, subjects
from .annotations import Annotation, AnnotationType
from .base import Event, Model, derive_id, utcnow
from .company import CacheOutcome, CompanyProfile, Contact, ContactRole, Fact, NewsItem
from .cv import (
    CONTENT_TYPES,
    AtsCheck,
    AtsReport,
    CompetencyGroup,
    CvFile,
    CvFormat,
    GroundingItem,
    GroundingReport,
    ScoreBreakdown,
    SourceRef,
    TailoredBullet,
    TailoredCV,
    TailoredRole,
    Verdict,
)
from .events import (
    EVENT_BY_SUBJECT,
    EVENT_TYPES,
    AnnotationUpdated,
    CompanyResearched,
    CvGenerated,
    DeadLetter,
    ApplyAnnotations,
    FailureKind,
    GenerateCv,
    Heartbeat,
    IngestPosting,
    IngestRun,
    IngestUrl,
    JdStructured,
    JobDiscarded,
    JobIngested,
    PipelineFailed,
    ProfileUpdated,
    Progress,
    ProgressState,
    ResearchCompany,
    StructureJob,
)
from .jd import (
    JdSection,
    Keyword,
    Requirement,
    RequirementKind,
    SectionKind,
    SkillCategory,
    Span,
    StructuredJD,
    StructuringMethod,
)
from .posting import Confidence, Posting, RemoteType, Salary, SalaryPeriod, SourceSection
from .profile import MasterProfile, Persona, Resume

__all__ = [
    "CONTENT_TYPES", "EVENT_BY_SUBJECT", "EVENT_TYPES", "Annotation", "AnnotationType",
    "AnnotationUpdated", "AtsCheck", "AtsReport", "CacheOutcome", "CompanyProfile",
    "CompanyResearched", "CompetencyGroup", "Confidence", "Contact", "ContactRole", "CvFile",
    "CvFormat", "CvGenerated", "DeadLetter", "ApplyAnnotations", "Event", "Fact", "FailureKind",
    "GenerateCv", "GroundingItem", "GroundingReport", "Heartbeat", "IngestPosting", "IngestRun",
    "IngestUrl", "JdSection", "JdStructured", "JobDiscarded", "JobIngested", "Keyword",
    "MasterProfile", "Model", "NewsItem", "Persona", "PipelineFailed", "Posting",
    "ProfileUpdated", "Progress", "ProgressState", "RemoteType", "Requirement",
    "RequirementKind", "ResearchCompany", "Resume", "Salary", "SalaryPeriod", "ScoreBreakdown",
    "SectionKind", "SkillCategory", "SourceRef", "SourceSection", "Span", "StructureJob",
    "StructuredJD", "StructuringMethod", "TailoredBullet", "TailoredCV", "TailoredRole",
    "Verdict", "derive_id", "streams", "subjects", "utcnow",
]
