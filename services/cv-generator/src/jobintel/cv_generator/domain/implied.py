"""Broad skills a job asks for that concrete master-CV items honestly show.

"Infrastructure as code" is not a phrase the user wrote, but "Terraform" is: the ATS report can
tell the user the CV could say it. Nothing here is ever written into the CV by itself.
"""

from __future__ import annotations

from .text import TermIndex, canonical

# broad term (canonical) -> concrete terms that show it
IMPLIED_BY: dict[str, tuple[str, ...]] = {
    "infrastructure as code": ("Terraform", "Pulumi", "CloudFormation", "Ansible", "CDK"),
    "observability": ("OpenTelemetry", "Prometheus", "Grafana", "Datadog", "tracing", "Jaeger"),
    "monitoring": ("Prometheus", "Grafana", "Nagios", "Datadog", "Zabbix", "alerting"),
    "ci/cd": ("Jenkins", "GitLab", "GitHub Actions", "CircleCI", "Argo CD"),
    "containerization": ("Docker", "Kubernetes", "containers"),
    "container orchestration": ("Kubernetes", "Nomad", "ECS", "OpenShift"),
    "cloud": ("AWS", "GCP", "Azure"),
    "cloud computing": ("AWS", "GCP", "Azure"),
    "backend development": ("backend", "API", "FastAPI", "Django", "Flask", "Spring"),
    "distributed systems": ("event-driven", "Kafka", "NATS", "microservices", "replication"),
    "microservices": ("services", "Kubernetes", "event-driven"),
    "event-driven architecture": ("Kafka", "NATS", "RabbitMQ", "event-driven", "JetStream"),
    "message queues": ("Kafka", "NATS", "RabbitMQ", "SQS", "Pulsar"),
    "performance optimization": ("latency", "p95", "throughput", "rightsizing"),
    "relational databases": ("PostgreSQL", "MySQL", "SQL Server", "Oracle"),
    "sql": ("PostgreSQL", "MySQL", "BigQuery", "Snowflake"),
    "api design": ("REST APIs", "GraphQL", "gRPC", "API"),
    "mentoring": ("mentored", "coached"),
    "leadership": ("led", "mentored", "managed"),
    "incident management": ("incident", "on-call", "postmortem"),
    "site reliability engineering": ("SLO", "incident", "on-call", "availability"),
    "automation": ("automated", "Ansible", "Terraform"),
    "testing": ("tests", "pytest", "test suite"),
}


def evidence_for(term: str, items: list[tuple[str, TermIndex]]) -> list[str]:
    """Paths of master-CV items that show `term`, literally or through a concrete skill."""
    key = canonical(term)
    concrete = IMPLIED_BY.get(key, ())
    found = []
    for path, index in items:
        if index.mentions(term) or any(index.mentions(c) for c in concrete):
            found.append(path)
    return found
