"""Test doubles at the edges: rewriters that behave well or badly, and an in-memory file sink."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from jobintel.contracts.jd import StructuredJD
from jobintel.contracts.profile import MasterProfile
from jobintel.cv_generator.domain.rewriting import RewriteRequest, Rewrites

# Each invention is appended to a real bullet; the gate must name the quoted claim.
FABRICATIONS: list[tuple[str, str]] = [
    (", improving throughput by 73%", "73%"),  # a number keeps its unit
    (" while at Google", "Google"),
    (" using Kafka streams", "Kafka"),
    (" since 2009", "2009"),
    (" as Principal Engineer", "Principal"),
    (", earning the CKS certification", "CKS"),
    (" for 3 million users", "3 million"),  # and its scale
    (" with Snowflake", "Snowflake"),
    (" and graphql", "graphql"),
    (" across 9 countries", "9"),
    # scope, magnitude and exclusivity no source bullet states
    (", single-handedly", "single-handedly"),
    (" end-to-end", "end-to-end"),
    (" as the sole owner", "sole"),
    (", the best in the company", "best"),
    (", doubling revenue", "doubling"),
]


@dataclass
class FabricatingRewriter:
    """Adds one invented claim to every bullet, cycling through metrics, employers, skills, ..."""

    method: str = "fake-llm"
    injected: dict[str, tuple[str, str]] = field(default_factory=dict)

    async def rewrite(
        self, requests: Sequence[RewriteRequest], *, jd: StructuredJD, profile: MasterProfile
    ) -> Rewrites:
        out = []
        for i, request in enumerate(requests):
            suffix, claim = FABRICATIONS[i % len(FABRICATIONS)]
            self.injected[request.key] = (suffix, claim)
            out.append(request.source.text + suffix)
        return Rewrites(out, method=self.method)


@dataclass
class HonestRewriter:
    """Rewords without adding claims: drops filler words and keeps every fact."""

    method: str = "fake-llm"

    async def rewrite(
        self, requests: Sequence[RewriteRequest], *, jd: StructuredJD, profile: MasterProfile
    ) -> Rewrites:
        return Rewrites(
            [r.source.text.replace(" the ", " our ", 1) for r in requests], method=self.method
        )


@dataclass
class CountingRewriter:
    """An honest rewriter that counts its calls: each one is a paid model call in production."""

    calls: int = 0

    async def rewrite(
        self, requests: Sequence[RewriteRequest], *, jd: StructuredJD, profile: MasterProfile
    ) -> Rewrites:
        self.calls += 1
        return await HonestRewriter().rewrite(requests, jd=jd, profile=profile)


@dataclass
class MemorySink:
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)

    async def put(self, name: str, data: bytes, content_type: str) -> None:
        self.files[name] = (data, content_type)
