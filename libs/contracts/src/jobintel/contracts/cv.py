"""A CV tailored to one job, with the reports that justify it."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .base import Model


class SourceRef(Model):
    """Where in the master CV a piece of output comes from, e.g. `work[0].highlights[2]`."""

    path: str
    text: str


class ScoreBreakdown(Model):
    """Why a master-CV item ranks where it does: the weighted parts add up to `total`."""

    total: float
    keyword: float = 0.0
    lexical: float = 0.0
    annotation: float = 0.0
    recency: float = 0.0
    matched_keywords: list[str] = Field(default_factory=list)
    path: str | None = Field(default=None, description="The scored master-CV item")
    kind: str | None = Field(default=None, description="highlight, project, skill, ...")
    reasons: list[str] = Field(default_factory=list, description="Annotations that moved it")


class TailoredBullet(Model):
    text: str
    source: SourceRef
    score: ScoreBreakdown


class TailoredRole(Model):
    employer: str | None = None
    title: str | None = None
    location: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    summary: str | None = None
    bullets: list[TailoredBullet] = Field(default_factory=list)


class CompetencyGroup(Model):
    name: str
    skills: list[str]


class TailoredCV(Model):
    name: str
    headline: str | None = None
    contact: list[str] = Field(default_factory=list, description="Email, phone, links, location")
    value_proposition: str | None = None
    key_achievements: list[TailoredBullet] = Field(default_factory=list)
    competencies: list[CompetencyGroup] = Field(default_factory=list)
    work: list[TailoredRole] = Field(default_factory=list)
    projects: list[TailoredRole] = Field(default_factory=list)
    skills: list[CompetencyGroup] = Field(default_factory=list)
    education: list[str] = Field(default_factory=list)
    certificates: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list, description="e.g. 'English (Fluent)'")


class Verdict(StrEnum):
    VERBATIM = "verbatim"  # copied from the master CV
    GROUNDED = "grounded"  # reworded; every claim traced to the master CV
    REVERTED = "reverted"  # a claim did not trace; the source text was restored


class ClaimKind(StrEnum):
    QUANTITY = "quantity"  # a number with its unit and what it counts ("40%", "6 engineers")
    PAIR = "pair"  # an ordered pair: from -> to, X-to-Y
    MEASURE = "measure"  # what a change applies to ("halving mean time to resolution")
    ACTION = "action"  # a verb and its strength (led > owned > built > helped)
    HEDGE = "hedge"  # a word that weakens an action ("helped", "co-", "part of")
    SCOPE = "scope"  # a qualifier that narrows a claim ("of the internal endpoint")
    NEGATION = "negation"  # "no", "without"
    ORGANISATION = "organisation"  # employers, clients, products, places
    TITLE = "title"  # a job title or rank the text claims
    CREDENTIAL = "credential"  # certificates and degrees
    DATE = "date"  # years and months
    TECHNOLOGY = "technology"  # a technology of the shared taxonomy
    SKILL = "skill"  # a skill claimed in a headline, summary or letter
    DETAIL = "detail"  # any other word the source does not state
    LOOKALIKE = "lookalike"  # characters that read as other characters
    LENGTH = "length"  # a rewrite too long to be a rewording


class ClaimCheck(Model):
    """One claim of an output sentence and where in the master CV it comes from."""

    kind: ClaimKind
    text: str = Field(description="The claim as written (the source's words, for a drop)")
    supported: bool
    source_path: str | None = Field(default=None, description="The span it maps to")
    source_text: str | None = None
    reason: str | None = Field(default=None, description="Why it does not map, when it fails")
    dropped: bool = Field(default=False, description="A source claim the output left out")


class GroundingItem(Model):
    output: str
    source: SourceRef | None
    verdict: Verdict
    unsupported: list[str] = Field(
        default_factory=list, description="Claims not found in the master CV"
    )
    section: str | None = Field(default=None, description="Where in the CV: headline, work[0], ...")
    proposed: str | None = Field(
        default=None, description="The rewrite that was refused, when the verdict is reverted"
    )
    changes: list[str] = Field(
        default_factory=list, description="Words added (+) and removed (-) against the source"
    )
    claims: list[ClaimCheck] = Field(
        default_factory=list, description="Each claim of the proposed text and what it maps to"
    )
    dropped: list[str] = Field(
        default_factory=list,
        description="Hedges, qualifiers, quantities, negations of the source the rewrite left out",
    )
    reason: str | None = Field(default=None, description="Why the proposal was reverted")


class RewriteUsage(Model):
    """What rewording one CV cost, when a language model did it."""

    model: str
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_input_tokens: int = 0
    cache_creation_input_tokens: int = 0
    cost_usd: float | None = Field(default=None, description="None when the price is unknown")
    batched: bool = False


class GroundingReport(Model):
    items: list[GroundingItem] = Field(default_factory=list)
    rewriter: str = Field(default="offline", description="Who proposed the wording")
    usage: RewriteUsage | None = None
    note: str | None = Field(default=None, description="e.g. why the model was not used")

    @property
    def reverted(self) -> list[GroundingItem]:
        return [i for i in self.items if i.verdict is Verdict.REVERTED]


class AtsCheck(Model):
    name: str
    passed: bool
    detail: str | None = None


class AtsReport(Model):
    """What an applicant tracking system would see; `checks` include the PDF round-trip."""

    score: float = Field(ge=0, le=100)
    breakdown: dict[str, float] = Field(default_factory=dict)
    must_have_found: list[str] = Field(default_factory=list)
    must_have_missing: list[str] = Field(default_factory=list)
    nice_to_have_found: list[str] = Field(default_factory=list)
    nice_to_have_missing: list[str] = Field(default_factory=list)
    supportable_missing: list[str] = Field(
        default_factory=list,
        description="Missing keywords the master CV could honestly support",
    )
    supportable_evidence: dict[str, list[str]] = Field(
        default_factory=dict,
        description="For each supportable keyword, the master-CV items that show it",
    )
    checks: list[AtsCheck] = Field(default_factory=list)


class CvFormat(StrEnum):
    MARKDOWN = "md"
    HTML = "html"
    PDF = "pdf"
    DOCX = "docx"
    JSON = "json"


CONTENT_TYPES: dict[CvFormat, str] = {
    CvFormat.MARKDOWN: "text/markdown; charset=utf-8",
    CvFormat.HTML: "text/html; charset=utf-8",
    CvFormat.PDF: "application/pdf",
    CvFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    CvFormat.JSON: "application/json",
}


class CvFile(Model):
    format: CvFormat
    object_name: str = Field(description="Key in the JetStream object store bucket")
    size: int = Field(ge=0)
    sha256: str
    template: str | None = Field(
        default=None, description="Layout of a PDF/DOCX; the first file of a format is the default"
    )
