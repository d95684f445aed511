"""The two kinds of failure the delivery policy tells apart."""

from __future__ import annotations

from jobintel.contracts import FailureKind


class PipelineError(Exception):
    """Base of errors a handler raises on purpose; `str(err)` is shown to the user."""


class TransientError(PipelineError):
    """Worth retrying later: timeouts, 5xx, 429/529, a prerequisite not there yet."""

    def __init__(self, message: str, *, kind: FailureKind = FailureKind.EXHAUSTED) -> None:
        super().__init__(message)
        self.kind = kind


class PermanentError(PipelineError):
    """Will fail the same way every time: invalid input, unsupported page."""

    def __init__(self, message: str, *, kind: FailureKind = FailureKind.INVALID_INPUT) -> None:
        super().__init__(message)
        self.kind = kind
