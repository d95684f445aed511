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
from jobintel.contracts.cv import CONTENT_TYPES, RewriteUsage
from jobintel.contracts.jd import StructuredJD
from jobintel.contracts.profile import MasterProfile
from jobintel.runtime.errors import PermanentError, TransientError
from jobintel.runtime.publishing import ProgressReporter, Publisher
from jobintel.runtime.store import Document, DocumentStore, VersionConflict

from . import SERVICE
from .domain.generate import Document as Rendered
from .domain.generate import Generated, finish, finish_letter, rewrite_requests
from .domain.letter import LetterWriter, Proposal, TemplateWriter, compose
from .domain.rewriting import OfflineRewriter, Rewriter, Rewrites
from .domain.tailoring import tailor
from .ports import FileSink

PROFILES = "profiles"  # profile_id → the latest master CV
PROFILE_VERSIONS = "profile_versions"  # profile_id:version → that version, kept
JOBS = "job_contexts"  # job_id → the JD and company the CV is tailored to
CVS = "cvs"  # job_id:jd<v>:p<v> → the generated CV with its reports
# cause event id → the profile version it was made from, the rewrites paid for, and the event
# published: a redelivery republishes that event, with no second model call and no re-render
CAUSES = "cv_causes"
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
    """Keep every version; the newest version stays current even if events arrive out of order.

    The gateway validated the master CV against the schema (errors name the field) before it
    issued this event, so it is stored as it is.
    """
    profile = event.profile
    doc = profile.model_dump(mode="json")
    await store.put(
        PROFILE_VERSIONS,
        f"{profile.profile_id}:{profile.version}",
        {"profile_id": profile.profile_id, **doc},
    )
    current = await store.get(PROFILES, profile.profile_id)
    if current is not None and int(current.data["version"]) >= profile.version:
        return profile.version  # a newer (or this) version is current already
    try:  # conditional: a newer version written meanwhile is never overwritten
        await store.put(
            PROFILES, profile.profile_id, doc, expected_version=current.version if current else 0
        )
    except VersionConflict as exc:
        raise TransientError(
            f"master CV {profile.profile_id} changed while version {profile.version} was "
            "being stored; retrying"
        ) from exc
    return profile.version


async def generate_for_job(
    event: CompanyResearched,
    *,
    store: DocumentStore,
    publisher: Publisher,
    files: FileSink,
    rewriter: Rewriter | None = None,
    letter_writer: LetterWriter | None = None,
) -> CvGenerated:
    """A researched job gets its tailored CV; the job context is kept for regeneration."""
    assert event.job_id is not None
    context = {
        "jd": event.jd.model_dump(mode="json"),
        "company": event.company.model_dump(mode="json"),
    }
    kept = await store.get(JOBS, event.job_id)
    if kept is None or int(kept.data["jd"]["version"]) <= event.jd.version:
        try:  # an older JD arriving late must not replace the newer one
            await store.put(
                JOBS, event.job_id, context, expected_version=kept.version if kept else 0
            )
        except VersionConflict as exc:
            raise TransientError(
                f"job {event.job_id}'s context changed while it was being stored; retrying"
            ) from exc
    return await _generate(
        event,
        event.jd,
        event.company,
        store=store,
        publisher=publisher,
        files=files,
        rewriter=rewriter,
        letter_writer=letter_writer,
    )


async def regenerate(
    command: GenerateCv,
    *,
    store: DocumentStore,
    publisher: Publisher,
    files: FileSink,
    rewriter: Rewriter | None = None,
    letter_writer: LetterWriter | None = None,
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
        command,
        jd,
        company,
        store=store,
        publisher=publisher,
        files=files,
        rewriter=rewriter,
        letter_writer=letter_writer,
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
    letter_writer: LetterWriter | None = None,
) -> CvGenerated:
    progress = ProgressReporter(publisher, cause, SERVICE)
    made = await store.get(CAUSES, str(cause.event_id))
    if made is not None and "event" in made.data:  # a redelivery: the same event again
        event = CvGenerated.model_validate(made.data["event"])
        await publisher.publish(event)
        await progress(ProgressState.DONE, 100, _done_message(event), final=True)
        return event
    await progress(ProgressState.STARTED, 75, "tailoring the master CV to the job")
    made, profile = await _profile_for(cause, made, store)
    today = cause.occurred_at.date()
    tailoring = tailor(profile, jd, today)
    requests = rewrite_requests(tailoring, profile)
    if "rewrites" in made.data:  # paid for on an earlier delivery that did not finish
        rewrites = _rewrites_from(made.data["rewrites"])
    else:
        rewrites = await (rewriter or OfflineRewriter()).rewrite(requests, jd=jd, profile=profile)
        made = await _record(store, cause, made, {**made.data, "rewrites": _dump(rewrites)})
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
    await progress(ProgressState.RUNNING, 90, "writing the cover letter")
    draft = compose(generated.cv, jd, company)
    if "letter" in made.data:  # paid for on an earlier delivery that did not finish
        proposal = _proposal_from(made.data["letter"])
    else:
        proposal = await (letter_writer or TemplateWriter()).propose(
            draft, cv=generated.cv, jd=jd, company=company, profile=profile
        )
        made = await _record(store, cause, made, {**made.data, "letter": _dump_proposal(proposal)})
    letter, letter_documents = await asyncio.to_thread(
        finish_letter,
        draft,
        proposal,
        cv=generated.cv,
        tailoring=tailoring,
        profile=profile,
        jd=jd,
        company=company,
        timestamp=cause.occurred_at,
    )
    await progress(ProgressState.RUNNING, 95, "storing the documents")
    stem = f"{cause.job_id}/jd{jd.version}-p{profile.version}"
    stored = await _store_files(files, stem, generated.documents)
    letter = letter.model_copy(
        update={"files": await _store_files(files, f"{stem}-letter", letter_documents)}
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
        cover_letter=letter,
    )
    await store.put(
        CVS,
        f"{cause.job_id}:jd{jd.version}:p{profile.version}",
        {"job_id": cause.job_id, **_summary(event)},
    )
    await _record(store, cause, made, {**made.data, "event": event.model_dump(mode="json")})
    await publisher.publish(event)
    await progress(ProgressState.DONE, 100, _done_message(event), final=True)
    return event


async def _store_files(files: FileSink, stem: str, documents: list[Rendered]) -> list[CvFile]:
    stored: list[CvFile] = []
    for document in documents:
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
    return stored


def _done_message(event: CvGenerated) -> str:
    reverted = len(event.grounding.reverted)
    note = f"; {reverted} rewrite(s) reverted by the truthfulness gate" if reverted else ""
    return f"CV ready (ATS score {event.ats.score:.0f}){note}"


async def _profile_for(
    cause: Event, made: Document | None, store: DocumentStore
) -> tuple[Document, MasterProfile]:
    """The master CV version this cause is made from: fixed on its first delivery."""
    if made is None:
        current = await store.get(PROFILES, DEFAULT_PROFILE)
        if current is None:
            raise TransientError(NO_PROFILE, kind=FailureKind.NOT_READY)
        record = {"profile_id": DEFAULT_PROFILE, "profile_version": current.data["version"]}
        made = await _record(store, cause, None, record)
    key = f"{made.data['profile_id']}:{made.data['profile_version']}"
    kept = await store.get(PROFILE_VERSIONS, key)
    if kept is None:  # every stored version is kept, so this is a store that lost data
        raise PermanentError(f"master CV version {key} recorded for this CV is gone from the store")
    return made, MasterProfile.model_validate(kept.data)


async def _record(
    store: DocumentStore, cause: Event, made: Document | None, data: dict[str, Any]
) -> Document:
    """Write the cause's record only over the version read: two deliveries never both win."""
    key = str(cause.event_id)
    try:
        version = await store.put(CAUSES, key, data, expected_version=made.version if made else 0)
    except VersionConflict as exc:
        raise TransientError(
            "this CV is being made by another delivery of the same message; retrying"
        ) from exc
    return Document(key=key, version=version, data=data)


def _dump(rewrites: Rewrites) -> dict[str, Any]:
    return {
        "texts": rewrites.texts,
        "method": rewrites.method,
        "usage": rewrites.usage.model_dump(mode="json") if rewrites.usage else None,
        "note": rewrites.note,
    }


def _dump_proposal(proposal: Proposal) -> dict[str, Any]:
    return {
        "sentences": proposal.sentences,
        "method": proposal.method,
        "usage": proposal.usage.model_dump(mode="json") if proposal.usage else None,
        "note": proposal.note,
    }


def _proposal_from(data: dict[str, Any]) -> Proposal:
    usage = RewriteUsage.model_validate(data["usage"]) if data.get("usage") else None
    return Proposal(list(data["sentences"]), data["method"], usage, data.get("note"))


def _rewrites_from(data: dict[str, Any]) -> Rewrites:
    usage = RewriteUsage.model_validate(data["usage"]) if data.get("usage") else None
    return Rewrites(list(data["texts"]), data["method"], usage, data.get("note"))


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
            "cover_letter",
        },
    )
