"""JetStream streams and buckets, declared by every process on start (idempotently)."""

from __future__ import annotations

from dataclasses import dataclass

from . import subjects as s

DAY = 24 * 3600.0


@dataclass(frozen=True, slots=True)
class StreamSpec:
    name: str
    subjects: tuple[str, ...]
    max_age_seconds: float
    duplicate_window_seconds: float
    description: str
    file_storage: bool = True


PIPELINE = StreamSpec(
    name="PIPELINE",
    subjects=(
        "job.>",
        "jd.>",
        "annotation.>",
        "company.>",
        "cv.>",
        "profile.>",
        "source.>",
        "ingest.>",
        s.PIPELINE_FAILED,
        "cmd.>",
    ),
    max_age_seconds=30 * DAY,  # long enough to replay a month of work
    duplicate_window_seconds=300.0,
    description="Facts and commands; retained so the pipeline can be replayed",
)
PROGRESS = StreamSpec(
    name="PROGRESS",
    subjects=(s.PROGRESS_ALL,),
    max_age_seconds=1 * DAY,
    duplicate_window_seconds=120.0,
    description="Live progress per job, replayed to a reconnecting client",
)
DEAD_LETTER = StreamSpec(
    name="DEADLETTER",
    subjects=(s.DEAD_LETTER_ALL,),
    max_age_seconds=90 * DAY,
    duplicate_window_seconds=120.0,
    description="Messages that exhausted their deliveries or could not be decoded",
)

ALL_STREAMS: tuple[StreamSpec, ...] = (PIPELINE, PROGRESS, DEAD_LETTER)

# Object store bucket for rendered CV files, readable by every replica.
CV_FILES_BUCKET = "cv-files"
