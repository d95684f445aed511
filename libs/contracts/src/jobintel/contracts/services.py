"""The registry of jobintel's services: the one place their names, modules and consumers live.

The supervisor starts `SERVICES` in order, the gateway's status page and readiness ask
`WORKERS` for heartbeats, the CLI finds the gateway here, and a test holds the Kubernetes and
KEDA manifests against `consumers()`. A service's durable consumer for an event is named
`consumer_name(service, event)`, so adding an event to `consumes` is the whole change.
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import Event
from .events import (
    AnnotationUpdated,
    ApplyAnnotations,
    CompanyResearched,
    CvGenerated,
    GenerateCv,
    IngestPosting,
    IngestRun,
    IngestUrl,
    JdStructured,
    JobDiscarded,
    JobIngested,
    PipelineFailed,
    ProfileUpdated,
    ResearchCompany,
    StructureJob,
)
from .ingest import DefineSource, IngestFile, IngestRunFinished, SourceUpdated


def consumer_name(service: str, event_type: type[Event], version: int = 1) -> str:
    """The durable consumer of `service` for `event_type`: `gateway-job-ingested-v1`.

    Every consumer of every service is named here, so a restarted process resumes the same
    durable, and bumping `version` starts a new one from the stream's start.
    """
    return f"{service}-{event_type.subject.replace('.', '-')}-v{version}"


@dataclass(frozen=True)
class ServiceSpec:
    """One deployable service: what it is called, what runs it, what it consumes."""

    name: str
    module: str  # `python -m <module>` runs it
    consumes: tuple[type[Event], ...]
    health_port: int  # default port of its /healthz, /readyz and /metrics

    def consumers(self) -> tuple[str, ...]:
        return tuple(consumer_name(self.name, e) for e in self.consumes)


WORKERS: tuple[ServiceSpec, ...] = (
    ServiceSpec(
        "ingestion",
        "jobintel.ingestion",
        (IngestPosting, IngestFile, IngestUrl, DefineSource, IngestRun),
        9101,
    ),
    ServiceSpec(
        "annotation", "jobintel.annotation", (JobIngested, ApplyAnnotations, StructureJob), 9102
    ),
    ServiceSpec(
        "research", "jobintel.research", (ProfileUpdated, JdStructured, ResearchCompany), 9103
    ),
    ServiceSpec(
        "cv-generator",
        "jobintel.cv_generator",
        (ProfileUpdated, CompanyResearched, GenerateCv),
        9104,
    ),
)

GATEWAY = ServiceSpec(
    "gateway",
    "jobintel.gateway",
    (
        IngestPosting,
        IngestUrl,
        JobIngested,
        JdStructured,
        CompanyResearched,
        CvGenerated,
        JobDiscarded,
        AnnotationUpdated,
        PipelineFailed,
        ProfileUpdated,
        SourceUpdated,
        IngestRunFinished,
    ),
    8000,
)

SERVICES: tuple[ServiceSpec, ...] = (*WORKERS, GATEWAY)


def service(name: str) -> ServiceSpec:
    """The service called `name`; a KeyError names the ones there are."""
    for spec in SERVICES:
        if spec.name == name:
            return spec
    raise KeyError(f"no service {name!r}; there are {', '.join(s.name for s in SERVICES)}")
