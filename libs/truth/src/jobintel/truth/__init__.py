"""The truthfulness gate: claims, not words (see README.md).

    evidence = Evidence.from_resume(resume)
    verdict = check("Cut p95 latency by 30%", evidence, cited=["work[0].highlights[2]"])
    verdict.ok, verdict.failures, verdict.dropped, verdict.item("work[0].bullets[0]", source)

`check` judges one sentence, `check_text` a letter or summary sentence by sentence, `dropped`
lists what a rewrite left out of its source, `fold`/`lookalikes` are the Unicode step.
"""

from .claims import Parsed, parse
from .evidence import Evidence, Span, SpanKind
from .gate import (
    MAX_GROWTH,
    Scope,
    SentenceVerdict,
    TextVerdict,
    changes,
    check,
    check_text,
    dropped,
    sentences,
)
from .unicode import Refusal, fold, lookalikes

__all__ = [
    "MAX_GROWTH",
    "Evidence",
    "Parsed",
    "Refusal",
    "Scope",
    "SentenceVerdict",
    "Span",
    "SpanKind",
    "TextVerdict",
    "changes",
    "check",
    "check_text",
    "dropped",
    "fold",
    "lookalikes",
    "parse",
    "sentences",
]
