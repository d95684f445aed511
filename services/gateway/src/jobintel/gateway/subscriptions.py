"""The read model's durable subscribers: one per fact (and per ingest command), all thin."""

from __future__ import annotations

from faststream.nats import NatsBroker

from jobintel.contracts import (
    AnnotationUpdated,
    CompanyResearched,
    CvGenerated,
    IngestPosting,
    IngestUrl,
    JdStructured,
    JobDiscarded,
    JobIngested,
    PipelineFailed,
    ProfileUpdated,
)
from jobintel.runtime.settings import Settings

from . import ingest_readmodel
from .consumers import read_model_subscriber
from .readmodel import project, project_profile
from .state import GatewayState


def register(broker: NatsBroker, settings: Settings, state: GatewayState) -> None:
    sub = read_model_subscriber(broker, settings, state)

    ingest_readmodel.register(broker, settings, state)  # sources and run history

    @sub(IngestPosting)
    async def on_ingest_posting(event: IngestPosting) -> None:
        await project(state.store, event)

    @sub(IngestUrl)
    async def on_ingest_url(event: IngestUrl) -> None:
        await project(state.store, event)

    @sub(JobIngested)
    async def on_job_ingested(event: JobIngested) -> None:
        await project(state.store, event)

    @sub(JdStructured)
    async def on_jd_structured(event: JdStructured) -> None:
        await project(state.store, event)

    @sub(CompanyResearched)
    async def on_company_researched(event: CompanyResearched) -> None:
        await project(state.store, event)

    @sub(CvGenerated)
    async def on_cv_generated(event: CvGenerated) -> None:
        await project(state.store, event)

    @sub(JobDiscarded)
    async def on_job_discarded(event: JobDiscarded) -> None:
        await project(state.store, event)

    @sub(AnnotationUpdated)
    async def on_annotation_updated(event: AnnotationUpdated) -> None:
        await project(state.store, event)

    @sub(PipelineFailed)
    async def on_pipeline_failed(event: PipelineFailed) -> None:
        await project(state.store, event)

    @sub(ProfileUpdated)
    async def on_profile_updated(event: ProfileUpdated) -> None:
        await project_profile(state.store, event)
