"""Facts read from page text: what the company makes, mission, values, size, tech signals.

Every fact keeps the URL of the page it was read on.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from jobintel.contracts import Fact

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"])")


@dataclass(frozen=True, slots=True)
class Passage:
    """Main text of one page, with where it came from."""

    url: str
    text: str
    kind: str = "other"


def sentences(text: str) -> list[str]:
    out: list[str] = []
    for line in text.split("\n"):
        for part in _SENTENCE.split(line.strip()):
            part = part.strip()
            if part:
                out.append(part)
    return out


_MISSION = re.compile(r"\b(our mission|mission is|we exist to|our purpose|we believe)\b", re.I)
_VALUES = re.compile(r"\b(our values|we value|values are|principles)\b", re.I)
_FOUNDED = re.compile(r"\b(?:founded|established|started)\s+(?:in\s+)?((?:19|20)\d{2})\b", re.I)
_SIZE = re.compile(
    r"\b(?:team of|more than|over|nearly|about)?\s*(\d{1,3}(?:,\d{3})*|\d+)\+?\s+"
    r"(?:people|employees|team members|engineers|colleagues)\b",
    re.I,
)


def text_facts(passages: list[Passage], known: set[str]) -> list[Fact]:
    """Mission, values, founding year and size stated in the text, unless JSON-LD said it."""
    facts: list[Fact] = []
    seen: set[str] = set(known)
    for passage in passages:
        for sentence in sentences(passage.text):
            if len(sentence) > 400:
                continue
            if "Mission" not in seen and _MISSION.search(sentence):
                facts.append(Fact(label="Mission", value=sentence, source_url=passage.url))
                seen.add("Mission")
            elif "Values" not in seen and _VALUES.search(sentence):
                facts.append(Fact(label="Values", value=sentence, source_url=passage.url))
                seen.add("Values")
            if "Founded" not in seen and (m := _FOUNDED.search(sentence)):
                facts.append(Fact(label="Founded", value=m.group(1), source_url=passage.url))
                seen.add("Founded")
            if "Employees" not in seen and (m := _SIZE.search(sentence)):
                facts.append(
                    Fact(
                        label="Employees", value=m.group(1).replace(",", ""), source_url=passage.url
                    )
                )
                seen.add("Employees")
    return facts


def what_they_make(description: str | None, passages: list[Passage]) -> str | None:
    """One sentence saying what the company does: its own description, else its about text."""
    if description:
        return description
    for kind in ("home", "about"):
        for passage in passages:
            if passage.kind == kind:
                for sentence in sentences(passage.text):
                    if 40 <= len(sentence) <= 300 and not sentence.endswith("?"):
                        return sentence
    return None


# Technologies a page or posting may name; canonical spelling → pattern.
TECH: dict[str, str] = {
    "Python": r"python",
    "Rust": r"rust",
    "Go": r"golang|(?-i:(?:(?<=, )|(?<=and )|(?<=or )|(?<=in )|(?<=/))Go\b)",
    "Java": r"java(?!script)",
    "Kotlin": r"kotlin",
    "Scala": r"scala",
    "TypeScript": r"typescript",
    "JavaScript": r"javascript",
    "Ruby": r"ruby(?! on)",
    "Ruby on Rails": r"ruby on rails|\brails\b",
    "PHP": r"php",
    "C#": r"c#",
    ".NET": r"\.net\b",
    "C++": r"c\+\+",
    "Elixir": r"elixir",
    "Swift": r"swift",
    "React": r"react(?:\.js)?",
    "Vue": r"vue(?:\.js)?",
    "Angular": r"angular",
    "Node.js": r"node(?:\.js)?\b",
    "Django": r"django",
    "FastAPI": r"fastapi",
    "Flask": r"flask",
    "Spring": r"spring boot|\bspring\b",
    "PostgreSQL": r"postgres(?:ql)?",
    "MySQL": r"mysql",
    "MongoDB": r"mongo(?:db)?",
    "Redis": r"redis",
    "Elasticsearch": r"elasticsearch",
    "Kafka": r"kafka",
    "RabbitMQ": r"rabbitmq",
    "NATS": r"\bnats\b",
    "Snowflake": r"snowflake",
    "BigQuery": r"bigquery",
    "Spark": r"apache spark|\bspark\b",
    "Airflow": r"airflow",
    "dbt": r"\bdbt\b",
    "Kubernetes": r"kubernetes|\bk8s\b",
    "Docker": r"docker",
    "Terraform": r"terraform",
    "AWS": r"\baws\b|amazon web services",
    "GCP": r"\bgcp\b|google cloud",
    "Azure": r"azure",
    "GraphQL": r"graphql",
    "gRPC": r"grpc",
    "PyTorch": r"pytorch",
    "TensorFlow": r"tensorflow",
    "Linux": r"linux",
    "GitHub Actions": r"github actions",
    "Datadog": r"datadog",
    "Prometheus": r"prometheus",
    "Grafana": r"grafana",
}
_TECH_RE = {
    name: re.compile(rf"(?<![\w.+#]){pattern}(?![\w+#])", re.I) for name, pattern in TECH.items()
}


def tech_mentions(text: str) -> Counter[str]:
    return Counter({name: n for name, rx in _TECH_RE.items() if (n := len(rx.findall(text)))})


@dataclass(frozen=True, slots=True)
class TechSignals:
    stack: list[str]
    facts: list[Fact]


def tech_signals(
    sources: list[tuple[str | None, str]], *, label: str = "Tech stack signals"
) -> TechSignals:
    """Technologies named on the company's pages and in the posting, most mentioned first.

    One fact per source lists what that source names, so every signal is cited.
    """
    total: Counter[str] = Counter()
    facts: list[Fact] = []
    for url, text in sources:
        found = tech_mentions(text)
        if not found:
            continue
        total.update(found)
        names = ", ".join(sorted(found, key=lambda n: (-found[n], n)))
        facts.append(Fact(label=label, value=names, source_url=url))
    stack = sorted(total, key=lambda n: (-total[n], n))
    return TechSignals(stack=stack, facts=facts)
