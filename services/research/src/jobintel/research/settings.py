"""Research's own settings, on top of the runtime's (same `JOBINTEL_` prefix)."""

from __future__ import annotations

from pydantic import Field

from jobintel.runtime.settings import Settings, service_settings


class ResearchSettings(Settings):  # type: ignore[misc]
    research_cache_ttl_days: float = Field(
        default=30.0, ge=0, description="How long a company profile is reused before refreshing"
    )
    research_contacts_ttl_days: float = Field(
        default=14.0, ge=0, description="How long discovered contacts are reused"
    )
    research_max_pages: int = Field(
        default=8, ge=1, le=40, description="Pages read per company besides its homepage"
    )
    research_min_interval_seconds: float = Field(
        default=1.0, ge=0, description="Least time between two requests to one company host"
    )


def research_settings(settings: Settings | None) -> ResearchSettings:
    """The runtime settings given (tests, the supervisor), completed from the environment."""
    return service_settings(settings, ResearchSettings)
