"""The master CV in JSON Resume shape (https://jsonresume.org/schema, v1.0.0), plus a persona.

Field names follow JSON Resume v1.0.0 (camelCase on the wire); older names (`work[].company`,
`website`, `picture`, `gpa`, ...) are mapped to these by the gateway before a document gets
here. Unknown fields are kept, as the schema allows them, so nothing the user wrote is lost on
a round trip. Dates are the schema's `iso8601`: `2019`, `2019-04` or `2019-04-01`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .base import Model

# The schema's iso8601 (a year, a month or a day), with months and days that exist.
ISO8601 = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
# What JSON Schema's `format: email` asks: one @ with something on either side, no spaces.
EMAIL = r"^[^@\s<>]+@[^@\s<>]+$"


class ResumeModel(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Location(ResumeModel):
    address: str | None = None
    postalCode: str | None = None
    city: str | None = None
    countryCode: str | None = None
    region: str | None = None


class SocialProfile(ResumeModel):
    network: str | None = None
    username: str | None = None
    url: str | None = None


class Basics(ResumeModel):
    name: str = Field(min_length=1)
    label: str | None = None
    image: str | None = None
    email: str | None = Field(default=None, pattern=EMAIL)
    phone: str | None = None
    url: str | None = None
    summary: str | None = None
    location: Location | None = None
    profiles: list[SocialProfile] = Field(default_factory=list)


class Role(ResumeModel):
    """What a job and a volunteering role share."""

    position: str | None = None
    url: str | None = None
    startDate: str | None = Field(default=None, pattern=ISO8601)
    endDate: str | None = Field(default=None, pattern=ISO8601)
    summary: str | None = None
    highlights: list[str] = Field(default_factory=list)


class Work(Role):
    name: str | None = None  # the employer
    location: str | None = None
    description: str | None = None  # of the employer, e.g. "Online ferry and rail booking"


class Volunteer(Role):
    organization: str | None = None


class Project(ResumeModel):
    name: str | None = None
    description: str | None = None
    highlights: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    startDate: str | None = Field(default=None, pattern=ISO8601)
    endDate: str | None = Field(default=None, pattern=ISO8601)
    url: str | None = None
    roles: list[str] = Field(default_factory=list)
    entity: str | None = None
    type: str | None = None


class Skill(ResumeModel):
    name: str | None = None
    level: str | None = None
    keywords: list[str] = Field(default_factory=list)


class Education(ResumeModel):
    institution: str | None = None
    url: str | None = None
    area: str | None = None
    studyType: str | None = None
    startDate: str | None = Field(default=None, pattern=ISO8601)
    endDate: str | None = Field(default=None, pattern=ISO8601)
    score: str | None = None
    courses: list[str] = Field(default_factory=list)


class Certificate(ResumeModel):
    name: str | None = None
    date: str | None = None
    issuer: str | None = None
    url: str | None = None


class Language(ResumeModel):
    language: str | None = None
    fluency: str | None = None


class Award(ResumeModel):
    title: str | None = None
    date: str | None = None
    awarder: str | None = None
    summary: str | None = None


class Publication(ResumeModel):
    name: str | None = None
    publisher: str | None = None
    releaseDate: str | None = None
    url: str | None = None
    summary: str | None = None


class Interest(ResumeModel):
    name: str | None = None
    keywords: list[str] = Field(default_factory=list)


class Reference(ResumeModel):
    name: str | None = None
    reference: str | None = None


class Meta(ResumeModel):
    canonical: str | None = None
    version: str | None = None
    lastModified: str | None = None


class Resume(ResumeModel):
    """A JSON Resume document: the user's master CV, the single source of truth."""

    basics: Basics
    work: list[Work] = Field(default_factory=list)
    volunteer: list[Volunteer] = Field(default_factory=list)
    education: list[Education] = Field(default_factory=list)
    awards: list[Award] = Field(default_factory=list)
    certificates: list[Certificate] = Field(default_factory=list)
    publications: list[Publication] = Field(default_factory=list)
    skills: list[Skill] = Field(default_factory=list)
    languages: list[Language] = Field(default_factory=list)
    interests: list[Interest] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    meta: Meta | None = None


class Persona(Model):
    """How the user wants to come across; frames the tailored CV."""

    identity: str | None = Field(
        default=None, description="e.g. 'Platform engineer'", max_length=200
    )
    core_strengths: list[str] = Field(default_factory=list, max_length=20)
    target_roles: list[str] = Field(default_factory=list, max_length=20)
    tone: str | None = Field(default=None, max_length=100)


class MasterProfile(Model):
    profile_id: str = "default"
    version: int = Field(default=1, ge=1)
    resume: Resume
    persona: Persona = Field(default_factory=Persona)
