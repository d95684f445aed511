"""Tokens, light stemming and aliases: the shared vocabulary of matching and the ATS report.

Matching and the ATS report must agree on when two spellings are the same thing
("k8s" and "Kubernetes", "Postgres" and "PostgreSQL"), so both use these functions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache

from .lexicon import TECHNOLOGIES, VENDORS

_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#]*(?:[./-][a-z0-9+#]+)*")

# Spellings people use for the same technology. Keys and values are normalised phrases.
# Strict synonyms only, so not the shared taxonomy's aliases: those group related things
# ("EKS" under Kubernetes, "Unix" under Linux), and the gate must not let one stand for the other.
ALIASES: dict[str, str] = {
    "k8s": "kubernetes",
    "postgres": "postgresql",
    "psql": "postgresql",
    "golang": "go",
    "js": "javascript",
    "ts": "typescript",
    "nodejs": "node.js",
    "amazon web services": "aws",
    "google cloud": "gcp",
    "google cloud platform": "gcp",
    "ms azure": "azure",
    "microsoft azure": "azure",
    "ci cd": "ci/cd",
    "cicd": "ci/cd",
    "continuous integration": "ci/cd",
    "iac": "infrastructure as code",
    "otel": "opentelemetry",
    "open telemetry": "opentelemetry",
    "rest api": "rest apis",
    "restful": "rest apis",
    "restful apis": "rest apis",
    "event driven architecture": "event-driven architecture",
    "event driven": "event-driven architecture",
    "event-driven": "event-driven architecture",
    "ml": "machine learning",
    "nats jetstream": "nats",
    "jetstream": "nats",
    "gitlab ci": "ci/cd",
    "github actions": "ci/cd",
    "sre": "site reliability engineering",
    "llm": "large language models",
    "llms": "large language models",
}

_STOPWORD_TEXT = (
    "a an and are as at be but by for from has have in into is it its of on or our that the "
    "their this to was we were will with you your they them than then there these those who "
    "what when where which while can able also more most other some such very per via using "
    "use used across over under up out about after before both each few own same so too any "
    "all not no nor only just do does did doing i me my he she his her him us "
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def normalise(text: str) -> str:
    """Unicode-fold and lowercase, so ligatures and dashes from PDFs compare equal."""
    text = unicodedata.normalize("NFKC", text)
    return text.replace("\u2013", "-").replace("\u2014", "-").replace("\u00a0", " ").lower()


@cache
def stem(token: str) -> str:
    """A light stem: "services"/"service", "mentoring"/"mentored", "deployment"/"deploy".

    Applied to both sides of every comparison, so it only has to be consistent, not correct.
    """
    if not token.isalpha():
        return token
    if len(token) > 4 and token.endswith("ies"):
        token = token[:-3] + "y"
    elif len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        token = token[:-1]
    for suffix in ("ing", "ment", "ed"):
        if token.endswith(suffix) and len(token) - len(suffix) >= 4:
            token = token[: -len(suffix)]
            break
    if len(token) > 4 and token.endswith("e"):
        token = token[:-1]
    return token


def tokens(text: str) -> list[str]:
    """Lowercase word tokens keeping tech spellings whole ("c++", "node.js", "ci/cd")."""
    return [t.rstrip(".") for t in _TOKEN.findall(normalise(text))]


def stems(text: str) -> list[str]:
    return [stem(t) for t in tokens(text)]


def content_stems(text: str) -> list[str]:
    """Stems without stopwords: what lexical relevance is computed on."""
    return [stem(t) for t in tokens(text) if t not in _STOPWORDS and len(t) > 1]


@cache
def canonical(phrase: str) -> str:
    """One spelling per term: aliases resolved, separators folded."""
    key = " ".join(tokens(phrase))
    if key in ALIASES:
        return ALIASES[key]
    spaced = key.replace("-", " ").replace("/", " ")
    if spaced in ALIASES:
        return ALIASES[spaced]
    vendor, _, product = key.partition(" ")
    if vendor in VENDORS and product in TECHNOLOGIES:  # "Apache Kafka" is Kafka
        return product
    return key


@cache
def variants(phrase: str) -> frozenset[tuple[str, ...]]:
    """Every spelling of a term as a stem sequence, to find it inside a text."""
    target = canonical(phrase)
    spellings = {phrase, target} | {alias for alias, canon in ALIASES.items() if canon == target}
    found: set[tuple[str, ...]] = set()
    for spelling in spellings:
        seq = tuple(stems(spelling))
        if seq:
            found.add(seq)
        split = tuple(stem(t) for t in re.split(r"[-/ ]+", " ".join(tokens(spelling))) if t)
        if split:
            found.add(split)
    return frozenset(found)


def _contains(haystack: Sequence[str], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    if n == 1:
        return needle[0] in haystack
    return any(tuple(haystack[i : i + n]) == needle for i in range(len(haystack) - n + 1))


# Terms that are also everyday words: only their capitalised spelling counts ("Go", not "go live").
_CASED = {"go": "Go", "r": "R", "c": "C", "swift": "Swift", "rust": "Rust", "spring": "Spring"}
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#]*")


class TermIndex:
    """A text prepared for repeated "does it mention X?" questions."""

    __slots__ = ("_cased", "_split", "_stems")

    def __init__(self, text: str) -> None:
        self._stems = stems(text)
        self._split = [stem(t) for t in re.split(r"[-/ ]+", " ".join(tokens(text))) if t]
        self._cased = set(_WORD.findall(unicodedata.normalize("NFKC", text)))

    def mentions(self, phrase: str) -> bool:
        target = canonical(phrase)
        if target in _CASED:
            return _CASED[target] in self._cased or (target == "go" and "golang" in self._stems)
        return any(_contains(self._stems, v) or _contains(self._split, v) for v in variants(phrase))


def mentions(text: str, phrase: str) -> bool:
    return TermIndex(text).mentions(phrase)


def first_words(parts: Iterable[str], limit: int) -> str:
    """The first `limit` words of the given texts, read in order."""
    words: list[str] = []
    for part in parts:
        words.extend(part.split())
        if len(words) >= limit:
            break
    return " ".join(words[:limit])


def word_count(text: str) -> int:
    return len(text.split())
