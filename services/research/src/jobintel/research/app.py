"""Research's FastStream app: subscribers decode, call the use case, and return.

The process holds one fetcher (opened at start-up, closed at shutdown), so its conditional
cache, its robots.txt verdicts and its per-host limits hold across messages, not per job.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta

from faststream import FastStream

from jobintel.contracts import JdStructured, ProfileUpdated, ResearchCompany
from jobintel.runtime.fetch import Fetcher
from jobintel.runtime.llm import ClaudeLLM, llm_from_settings
from jobintel.runtime.settings import Settings
from jobintel.runtime.worker import ServiceRuntime, create_runtime

from . import SERVICE, service
from .adapters.site import HostPacer, SiteReader
from .drafts import Drafter, LlmDrafter, TemplateDrafter
from .settings import ResearchSettings, research_settings
from .summarize import ExtractiveSummarizer, LlmSummarizer, Summarizer


def create_app(settings: Settings | None = None) -> FastStream:
    config = research_settings(settings)
    rt = create_runtime(SERVICE, config, indexes=service.INDEXES)
    policy = service.CachePolicy(
        profile_ttl=timedelta(days=config.research_cache_ttl_days),
        contacts_ttl=timedelta(days=config.research_contacts_ttl_days),
    )
    llm = llm_from_settings(config)
    summarizer: Summarizer = LlmSummarizer(llm) if llm is not None else ExtractiveSummarizer()
    drafter: Drafter = LlmDrafter(llm) if llm is not None else TemplateDrafter()
    resources = contextlib.AsyncExitStack()
    ports: list[service.Research] = []

    async def open_ports(runtime: ServiceRuntime) -> None:
        fetcher = await resources.enter_async_context(Fetcher(config))
        site = SiteReader(
            fetcher,
            HostPacer(config.research_min_interval_seconds),
            max_pages=config.research_max_pages,
        )
        ports[:] = [
            service.Research(
                store=runtime.store,
                publisher=runtime.publisher,
                site=site,
                cache=policy,
                summarizer=summarizer,
                drafter=drafter,
            )
        ]

    def research() -> service.Research:
        if not ports:
            raise RuntimeError("research's ports open when the service starts")
        return ports[0]

    @rt.subscriber(ProfileUpdated)  # type: ignore[untyped-decorator]
    async def on_profile_updated(event: ProfileUpdated) -> None:
        await service.store_profile(event, rt.store)

    @rt.subscriber(JdStructured)  # type: ignore[untyped-decorator]
    async def on_jd_structured(event: JdStructured) -> None:
        await service.on_jd_structured(event, research())

    @rt.subscriber(ResearchCompany)  # type: ignore[untyped-decorator]
    async def on_research(command: ResearchCompany) -> None:
        await service.on_research_command(command, research())

    app: FastStream = rt.app(on_startup=open_ports)

    @app.after_shutdown
    async def _close() -> None:
        ports.clear()
        await resources.aclose()
        if isinstance(llm, ClaudeLLM):
            await llm.aclose()

    return app


__all__ = ["ResearchSettings", "create_app"]
