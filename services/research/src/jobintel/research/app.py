"""Research's FastStream app: subscribers decode, call the use case, and return."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta

from faststream import FastStream

from jobintel.contracts import JdStructured, ResearchCompany
from jobintel.runtime.fetch import Fetcher
from jobintel.runtime.llm import ClaudeLLM, llm_from_settings
from jobintel.runtime.settings import Settings
from jobintel.runtime.worker import create_runtime

from . import SERVICE, service
from .adapters.site import HostPacer, SiteReader
from .drafts import Drafter, LlmDrafter, TemplateDrafter
from .settings import ResearchSettings, research_settings
from .summarize import ExtractiveSummarizer, LlmSummarizer, Summarizer


def create_app(settings: Settings | None = None) -> FastStream:
    config = research_settings(settings)
    rt = create_runtime(SERVICE, config, indexes=service.INDEXES)
    pacer = HostPacer(config.research_min_interval_seconds)
    policy = service.CachePolicy(
        profile_ttl=timedelta(days=config.research_cache_ttl_days),
        contacts_ttl=timedelta(days=config.research_contacts_ttl_days),
    )

    llm = llm_from_settings(config)
    summarizer: Summarizer = LlmSummarizer(llm) if llm is not None else ExtractiveSummarizer()
    drafter: Drafter = LlmDrafter(llm) if llm is not None else TemplateDrafter()

    @contextlib.asynccontextmanager
    async def research() -> AsyncIterator[service.Research]:
        """Ports for one job: a fetcher of its own, the process's pacer and store."""
        async with Fetcher(config) as fetcher:
            site = SiteReader(fetcher, pacer, max_pages=config.research_max_pages)
            yield service.Research(store=rt.store, publisher=rt.publisher, site=site,
                                   cache=policy, summarizer=summarizer, drafter=drafter)

    @rt.subscriber(JdStructured)  # type: ignore[untyped-decorator]
    async def on_jd_structured(event: JdStructured) -> None:
        async with research() as deps:
            await service.on_jd_structured(event, deps)

    @rt.subscriber(ResearchCompany)  # type: ignore[untyped-decorator]
    async def on_research(command: ResearchCompany) -> None:
        async with research() as deps:
            await service.on_research_command(command, deps)

    app: FastStream = rt.app()

    @app.after_shutdown
    async def _close_llm() -> None:
        if isinstance(llm, ClaudeLLM):
            await llm.aclose()

    return app


__all__ = ["ResearchSettings", "create_app"]
