"""Every NATS subject jobintel uses. Defined here and nowhere else."""

from typing import Final

# Facts
JOB_INGESTED: Final = "job.ingested"
JOB_DISCARDED: Final = "job.discarded"
JD_STRUCTURED: Final = "jd.structured"
ANNOTATION_UPDATED: Final = "annotation.updated"
COMPANY_RESEARCHED: Final = "company.researched"
CV_GENERATED: Final = "cv.generated"
PROFILE_UPDATED: Final = "profile.updated"
PIPELINE_FAILED: Final = "pipeline.failed"

# Commands: one handler each
CMD_INGEST_POSTING: Final = "cmd.ingest.posting"
CMD_INGEST_URL: Final = "cmd.ingest.url"
CMD_INGEST_RUN: Final = "cmd.ingest.run"
CMD_STRUCTURE: Final = "cmd.structure"
CMD_RESEARCH: Final = "cmd.research"
CMD_CV_GENERATE: Final = "cmd.cv.generate"
CMD_ANNOTATION_APPLY: Final = "cmd.annotation.apply"
CMD_SOURCE_DEFINE: Final = "cmd.source.define"
CMD_INGEST_FILE: Final = "cmd.ingest.file"

# Ingestion sources and runs (facts)
SOURCE_UPDATED: Final = "source.updated"
INGEST_RUN_FINISHED: Final = "ingest.run.finished"

# Live progress, one subject per job
PROGRESS_PREFIX: Final = "pipeline.progress"
PROGRESS_ALL: Final = f"{PROGRESS_PREFIX}.>"


def progress_subject(job_id: str) -> str:
    return f"{PROGRESS_PREFIX}.{job_id}"


# Dead letters keep the subject they failed on: dlq.<original subject>
DEAD_LETTER_PREFIX: Final = "dlq"
DEAD_LETTER_ALL: Final = f"{DEAD_LETTER_PREFIX}.>"


def dead_letter_subject(subject: str) -> str:
    return f"{DEAD_LETTER_PREFIX}.{subject}"


# Service presence, core NATS (not stored): svc.heartbeat.<service>
HEARTBEAT_PREFIX: Final = "svc.heartbeat"
HEARTBEAT_ALL: Final = f"{HEARTBEAT_PREFIX}.*"


def heartbeat_subject(service: str) -> str:
    return f"{HEARTBEAT_PREFIX}.{service}"
