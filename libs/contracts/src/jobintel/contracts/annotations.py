"""What the user marks up on a job description."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from .base import Model, utcnow


class AnnotationType(StrEnum):
    MUST_HAVE = "must_have"
    NICE_TO_HAVE = "nice_to_have"
    CORE_STRENGTH = "core_strength"
    IDENTITY = "identity"
    PASSION = "passion"
    AVOID = "avoid"
    NOTE = "note"


class Annotation(Model):
    annotation_id: str
    type: AnnotationType
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: str = Field(min_length=1, max_length=5000)
    relevance: int = Field(default=3, ge=1, le=5)
    note: str | None = Field(default=None, max_length=5000)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
