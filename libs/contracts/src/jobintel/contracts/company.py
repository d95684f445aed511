"""What research learns about a company and the people worth contacting there."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from .base import Model
from .cv import GroundingReport


class Fact(Model):
    """One statement about a company, with the page it came from."""

    label: str
    value: str
    source_url: str | None = Field(description="Where the fact was read; None only for the posting")


class NewsItem(Model):
    title: str
    date: dt.date | None = None
    source_url: str
    summary: str | None = Field(default=None, description="First sentences of the item")


class ContactRole(StrEnum):
    HIRING_MANAGER = "hiring_manager"
    RECRUITER = "recruiter"
    ENGINEERING_LEADER = "engineering_leader"
    PRODUCT_LEADER = "product_leader"
    FOUNDER = "founder"
    PEER = "peer"
    OTHER = "other"


class Contact(Model):
    name: str
    title: str | None = None
    role: ContactRole = ContactRole.OTHER
    relevance: str | None = Field(default=None, description="Why this person matters for this job")
    source_url: str | None = None
    outreach_draft: str | None = None
    profile_urls: list[str] = Field(
        default_factory=list, description="Public profiles the source links (JSON-LD sameAs)"
    )
    from_posting: bool = Field(default=False, description="Named in the posting itself")
    outreach_grounding: GroundingReport | None = Field(
        default=None,
        description="The truthfulness gate's verdict on each sentence of the outreach draft",
    )


class CacheOutcome(StrEnum):
    MISS = "miss"
    HIT = "hit"
    PARTIAL_HIT = "partial_hit"  # profile cached, contacts discovered again


class CompanyProfile(Model):
    company_id: str = Field(description="Stable id: normalised domain, else normalised name")
    name: str
    domain: str | None = None
    website: str | None = None
    summary: str | None = None
    facts: list[Fact] = Field(default_factory=list)
    tech_stack: list[str] = Field(default_factory=list)
    news: list[NewsItem] = Field(default_factory=list)
    contacts: list[Contact] = Field(default_factory=list)
    partial: bool = False
    partial_reasons: list[str] = Field(default_factory=list)
    researched_at: dt.datetime | None = None
    cache: CacheOutcome = CacheOutcome.MISS
    same_as: list[str] = Field(
        default_factory=list, description="The company's other profiles (JSON-LD sameAs)"
    )
    pages: list[str] = Field(default_factory=list, description="URLs read for this profile")
    summary_sources: list[str] = Field(
        default_factory=list, description="URLs the summary's sentences come from"
    )
    summary_method: str = Field(default="extractive", description="extractive, or llm")
    contacts_researched_at: dt.datetime | None = None
