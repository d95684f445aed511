"""The master CV in JSON Resume shape (https://jsonresume.org/schema), plus a persona.

Field names follow JSON Resume (camelCase on the wire). Unknown fields are kept, as the
schema allows them, so nothing the user wrote is lost on a round trip.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from .base import Model


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
    email: EmailStr | None = None
    phone: str | None = None
    url: str | None = None
    summary: str | None = None
    location: Location | None = None
    profiles: list[SocialProfile] = Field(default_factory=list)


class Work(ResumeModel):
    name: str | None = None
    position: str | None = None
    url: str | None = None
    location: str | None = None
    startDate: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    endDate: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    summary: str | None = None
    highlights: list[str] = Field(default_factory=list)


class Project(ResumeModel):
    name: str | None = None
    description: str | None = None
    highlights: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    startDate: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    endDate: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
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
    startDate: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    endDate: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
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


class Resume(ResumeModel):
    """A JSON Resume document: the user's master CV, the single source of truth."""

    basics: Basics
    work: list[Work] = Field(default_factory=list)
    volunteer: list[Work] = Field(default_factory=list)
    education: list[Education] = Field(default_factory=list)
    awards: list[Award] = Field(default_factory=list)
    certificates: list[Certificate] = Field(default_factory=list)
    publications: list[Publication] = Field(default_factory=list)
    skills: list[Skill] = Field(default_factory=list)
    languages: list[Language] = Field(default_factory=list)
    interests: list[ResumeModel] = Field(default_factory=list)
    references: list[ResumeModel] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)


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
