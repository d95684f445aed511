"""cv-generator use cases: take ports (store, publisher, file sink, rewriter); no NATS here."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Sequence
from typing import Any

from jobintel.contracts import (
    CompanyResearched,
    CvFile,
    CvGenerated,
    Event,
    FailureKind,
    GenerateCv,
    ProfileUpdated,
    ProgressState,
)
from jobintel.contracts.company import CompanyProfile
from jobintel.contracts.cv import CONTENT_TYPES
from jobintel.contracts.jd import StructuredJD
from jobintel.contracts.profile import MasterProfile
from jobintel.runtime.errors import PermanentError, TransientError
from jobintel.runtime.publishing import ProgressReporter, Publisher
from jobintel.runtime.store import DocumentStore

from . import SERVICE
from .domain.generate import Generated, finish, rewrite_requests
from .domain.profile_check import ProfileError, check_profile
from .domain.rewriting import OfflineRewriter, Rewriter
from .domain.tailoring import tailor
from .ports import FileSink

PROFILES = "profiles"  # profile_id → the latest master CV
PROFILE_VERSIONS = "profile_versions"  # profile_id:version → that version, kept
JOBS = "job_contexts"  # job_id → the JD and company the CV is tailored to
CVS = "cvs"  # job_id:jd<v>:p<v> → the generated CV with its reports
INDEXES: dict[str, Sequence[Sequence[str]]] = {
    PROFILE_VERSIONS: [("profile_id",)],
    CVS: [("job_id",)],
}
DEFAULT_PROFILE = "default"
NO_PROFILE = (
    "no master CV yet: upload one with PUT /api/profile (a JSON Resume document), "
    "then generate the CV again"
)


async def store_profile(event: ProfileUpdated, *, store: DocumentStore) -> int:
    """Keep every version; the newest version stays current even if events arrive out of order."""
    profile = event.profile
    try:
        check_profile(profile.resume.model_dump(mode="json", exclude_none=True))
    except ProfileError as exc:
        raise PermanentError(f"master CV refused: {exc}") from exc
    doc = profile.model_dump(mode="json")
    await store.put(
        PROFILE_VERSIONS,
        f"{profile.profile_id}:{profile.version}",
        {"profile_id": profile.profile_id, **doc},
    )
    current = await store.get(PROFILES, profile.profile_id)
    if current is None or int(current.data["version"]) <= profile.version:
        await store.put(PROFILES, profile.profile_id, doc)
    return profile.version


async def generate_for_job(
    event: CompanyResearched,
    *,
    store: DocumentStore,
    publisher: Publisher,
    files: FileSink,
    rewriter: Rewriter | None = None,
) -> CvGenerated:
    """A researched job gets its tailored CV; the job context is kept for regeneration."""
    assert event.job_id is not None
    await store.put(
        JOBS,
        event.job_id,
        {
            "jd": event.jd.model_dump(mode="json"),
            "company": event.company.model_dump(mode="json"),
        },
    )
    return await _generate(
        event,
        event.jd,
        event.company,
        store=store,
        publisher=publisher,
        files=files,
        rewriter=rewriter,
    )


async def regenerate(
    command: GenerateCv,
    *,
    store: DocumentStore,
    publisher: Publisher,
    files: FileSink,
    rewriter: Rewriter | None = None,
) -> CvGenerated:
    """The user asked again (e.g. after changing the master CV): same job, current profile."""
    if command.job_id is None:
        raise PermanentError("cmd.cv.generate needs a job_id")
    context = await store.get(JOBS, command.job_id)
    if context is None:
        raise TransientError(
            f"job {command.job_id} has not reached CV generation yet (no researched JD); "
            "wait for research to finish, then generate again",
            kind=FailureKind.NOT_READY,
        )
    jd = StructuredJD.model_validate(context.data["jd"])
    company = CompanyProfile.model_validate(context.data["company"])
    return await _generate(
        command, jd, company, store=store, publisher=publisher, files=files, rewriter=rewriter
    )


async def _generate(
    cause: Event,
    jd: StructuredJD,
    company: CompanyProfile,
    *,
    store: DocumentStore,
    publisher: Publisher,
    files: FileSink,
    rewriter: Rewriter | None,
) -> CvGenerated:
    progress = ProgressReporter(publisher, cause, SERVICE)
    await progress(ProgressState.STARTED, 75, "tailoring the master CV to the job")
    current = await store.get(PROFILES, DEFAULT_PROFILE)
    if current is None:
        raise TransientError(NO_PROFILE, kind=FailureKind.NOT_READY)
    profile = MasterProfile.model_validate(current.data)
    today = cause.occurred_at.date()
    tailoring = tailor(profile, jd, today)
    rewriter = rewriter or OfflineRewriter()
    rewrites = await rewriter.rewrite(rewrite_requests(tailoring, profile), jd=jd, profile=profile)
    await progress(ProgressState.RUNNING, 85, "checking every claim against the master CV")
    generated: Generated = await asyncio.to_thread(
        finish,
        tailoring,
        rewrites,
        profile=profile,
        jd=jd,
        company=company,
        timestamp=cause.occurred_at,
    )
    await progress(ProgressState.RUNNING, 95, "storing the documents")
    stem = f"{cause.job_id}/jd{jd.version}-p{profile.version}"
    stored: list[CvFile] = []
    for document in generated.documents:
        suffix = f"-{document.template}" if document.template and not document.default else ""
        name = f"{stem}{suffix}.{document.format.value}"
        await files.put(name, document.data, CONTENT_TYPES[document.format])
        stored.append(
            CvFile(
                format=document.format,
                object_name=name,
                size=len(document.data),
                sha256=hashlib.sha256(document.data).hexdigest(),
                template=document.template,
            )
        )
    event = CvGenerated.caused_by(
        cause,
        producer=SERVICE,
        stage="cv-generated",
        cv=generated.cv,
        ats=generated.ats,
        grounding=generated.grounding,
        files=stored,
        jd_version=jd.version,
        profile_version=profile.version,
        scores=tailoring.scores,
        method=rewrites.method,
    )
    await store.put(
        CVS,
        f"{cause.job_id}:jd{jd.version}:p{profile.version}",
        {"job_id": cause.job_id, **_summary(event)},
    )
    await publisher.publish(event)
    reverted = len(generated.grounding.reverted)
    note = f"; {reverted} rewrite(s) reverted by the truthfulness gate" if reverted else ""
    await progress(
        ProgressState.DONE, 100, f"CV ready (ATS score {generated.ats.score:.0f}){note}", final=True
    )
    return event


def _summary(event: CvGenerated) -> dict[str, Any]:
    return event.model_dump(
        mode="json",
        include={
            "event_id",
            "jd_version",
            "profile_version",
            "files",
            "ats",
            "grounding",
            "method",
        },
    )
