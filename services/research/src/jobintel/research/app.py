"""Research's FastStream app: subscribers decode, call the use case, and return."""

from __future__ import annotations

from faststream import FastStream

from jobintel.contracts import JdStructured, ResearchCompany
from jobintel.runtime.settings import Settings
from jobintel.runtime.worker import create_runtime

from . import SERVICE, service


def create_app(settings: Settings | None = None) -> FastStream:
    rt = create_runtime(SERVICE, settings, indexes=service.INDEXES)

    @rt.subscriber(JdStructured)  # type: ignore[untyped-decorator]
    async def on_jd_structured(event: JdStructured) -> None:
        await service.on_jd_structured(event, store=rt.store, publisher=rt.publisher)

    @rt.subscriber(ResearchCompany)  # type: ignore[untyped-decorator]
    async def on_research(command: ResearchCompany) -> None:
        await service.on_research_command(command, store=rt.store, publisher=rt.publisher)

    app: FastStream = rt.app()
    return app
