"""A cover letter written for one job, with the grounding report that justifies each sentence."""

from __future__ import annotations

from pydantic import Field

from .base import Model
from .cv import CvFile, GroundingReport


class CoverLetter(Model):
    """The letter as it was sent to the renderers: every sentence passed the truthfulness gate.

    The body reads `paragraphs`, then `achievements` as a list, then `after_achievements`;
    `grounding` has one item per sentence the letter could have held, including the ones the
    gate dropped or reverted.
    """

    name: str = Field(description="The sender, from the master CV's basics.name")
    contact: list[str] = Field(default_factory=list, description="Email, phone, links, location")
    recipient: str | None = Field(default=None, description="Who it is addressed to, if known")
    company: str | None = None
    job_title: str | None = None
    salutation: str = "Dear Hiring Team,"
    paragraphs: list[str] = Field(default_factory=list, description="Before the achievements")
    achievements: list[str] = Field(
        default_factory=list, description="Key achievements quoted as a list, each gated"
    )
    after_achievements: list[str] = Field(default_factory=list)
    closing: str = "Kind regards,"
    grounding: GroundingReport = Field(default_factory=GroundingReport)
    files: list[CvFile] = Field(default_factory=list, description="md, docx and pdf renderings")
    method: str = Field(default="template", description="template, or llm:<model>")
