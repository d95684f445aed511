"""Annotations: checked against the description, sent as commands, read from the model."""

from __future__ import annotations

from typing import Any

import pytest

from jobintel.contracts import Annotation, AnnotationType, AnnotationUpdated, ApplyAnnotations
from jobintel.contracts import subjects as s
from jobintel.runtime.settings import Settings
from jobintel.testkit.jetstream import collect, jetstream, publish

pytestmark = pytest.mark.integration


async def structured_job(gateway: Any, settings: Settings, samples: Any, eventually: Any) -> str:
    async with jetstream(settings.nats_url) as (_, js):
        await publish(js, samples.structured())

    async def known() -> bool:
        return (await gateway.client.get(f"/api/jobs/{samples.job_id}")).status_code == 200

    await eventually(known)
    return str(samples.job_id)


def span(samples: Any, quote: str) -> dict[str, Any]:
    start = samples.jd().description_text.index(quote)
    return {"start": start, "end": start + len(quote), "quote": quote}


async def test_an_annotation_is_sent_and_then_listed(
    gateway: Any, settings: Settings, samples: Any, eventually: Any
) -> None:
    job_id = await structured_job(gateway, settings, samples, eventually)
    body = {
        "type": "must_have",
        "relevance": 5,
        "note": "core of the role",
        **span(samples, "5+ years of Python"),
    }
    resp = await gateway.client.post(f"/api/jobs/{job_id}/annotations", json=body)
    assert resp.status_code == 202, resp.text
    [annotation_id] = resp.json()["annotation_ids"]

    async with jetstream(settings.nats_url) as (_, js):
        [command] = await collect(
            js, s.CMD_ANNOTATION_APPLY, ApplyAnnotations, until=lambda e: len(e) >= 1
        )
        assert command.job_id == job_id
        [sent] = command.upserts
        assert sent.annotation_id == annotation_id
        assert sent.quote == "5+ years of Python"
        assert sent.type is AnnotationType.MUST_HAVE
        # the annotation service answers with the full set
        await publish(
            js,
            AnnotationUpdated(
                job_id=job_id,
                producer="annotation",
                causation_id=command.event_id,
                annotations=[sent],
            ),
        )

    async def listed() -> list[dict[str, Any]] | None:
        got = (await gateway.client.get(f"/api/jobs/{job_id}/annotations")).json()
        return got or None

    [shown] = await eventually(listed)
    assert shown["annotation_id"] == annotation_id
    assert shown["note"] == "core of the role"

    # coverage is the structured JD's, as the annotation service recounted it
    async with jetstream(settings.nats_url) as (_, js):
        await publish(js, samples.annotated([sent]))

    async def covered() -> dict[str, Any] | None:
        cov = (await gateway.client.get(f"/api/jobs/{job_id}")).json()["coverage"]
        return cov if cov and cov["requirements_annotated"] else None

    coverage = await eventually(covered)
    assert [c["annotated"] for c in coverage["sections"]] == [False, False, True, False]
    assert (coverage["requirements_annotated"], coverage["requirements_total"]) == (1, 3)
    assert coverage["share"] == 0.333

    patched = await gateway.client.patch(
        f"/api/jobs/{job_id}/annotations/{annotation_id}", json={"relevance": 2}
    )
    assert patched.status_code == 202
    deleted = await gateway.client.delete(f"/api/jobs/{job_id}/annotations/{annotation_id}")
    assert deleted.status_code == 202
    async with jetstream(settings.nats_url) as (_, js):
        commands = await collect(
            js, s.CMD_ANNOTATION_APPLY, ApplyAnnotations, until=lambda e: len(e) >= 3
        )
    assert commands[1].upserts[0].relevance == 2
    assert commands[1].upserts[0].quote == "5+ years of Python"
    assert commands[2].deletes == [annotation_id]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"quote": "6+ years of Python"}, "quote does not match the description"),
        ({"end": 10_000}, "past the end of the description"),
        ({"start": 50, "end": 40}, "must be greater than start"),
    ],
)
async def test_a_span_that_is_not_in_the_description_is_refused(
    gateway: Any,
    settings: Settings,
    samples: Any,
    eventually: Any,
    change: dict[str, Any],
    problem: str,
) -> None:
    job_id = await structured_job(gateway, settings, samples, eventually)
    body = {"type": "note", **span(samples, "5+ years of Python"), **change}
    resp = await gateway.client.post(f"/api/jobs/{job_id}/annotations", json=body)
    assert resp.status_code == 422
    assert problem in resp.text


async def test_an_unknown_annotation_type_is_refused(
    gateway: Any, settings: Settings, samples: Any, eventually: Any
) -> None:
    job_id = await structured_job(gateway, settings, samples, eventually)
    body = {"type": "favourite", **span(samples, "Terraform")}
    resp = await gateway.client.post(f"/api/jobs/{job_id}/annotations", json=body)
    assert resp.status_code == 422
    assert resp.json()["detail"][0]["loc"] == ["body", "type"]


async def test_changing_an_annotation_that_does_not_exist_is_a_404(
    gateway: Any, settings: Settings, samples: Any, eventually: Any
) -> None:
    job_id = await structured_job(gateway, settings, samples, eventually)
    resp = await gateway.client.patch(f"/api/jobs/{job_id}/annotations/nope", json={"note": "x"})
    assert resp.status_code == 404


async def test_bulk_annotations_check_everything_then_send_one_command_per_job(
    gateway: Any, settings: Settings, samples: Any, eventually: Any
) -> None:
    from dataclasses import replace

    other = replace(samples, job_id=samples.job_id + "-b")
    first = await structured_job(gateway, settings, samples, eventually)
    second = await structured_job(gateway, settings, other, eventually)
    good = {"type": "avoid", **span(samples, "Grafana")}
    bad = {"type": "avoid", **span(samples, "Grafana"), "quote": "Grafanx"}

    refused = await gateway.client.post(
        "/api/annotations/bulk",
        json={
            "jobs": [
                {"job_id": first, "upserts": [good]},
                {"job_id": second, "upserts": [good, bad]},
            ]
        },
    )
    assert refused.status_code == 422
    assert "jobs[1].upserts[1]" in refused.text

    resp = await gateway.client.post(
        "/api/annotations/bulk",
        json={
            "jobs": [{"job_id": first, "upserts": [good]}, {"job_id": second, "upserts": [good]}]
        },
    )
    assert resp.status_code == 202, resp.text
    async with jetstream(settings.nats_url) as (_, js):
        commands = await collect(
            js, s.CMD_ANNOTATION_APPLY, ApplyAnnotations, until=lambda e: len(e) >= 2
        )
    # the refused request sent nothing: exactly the two of the accepted one
    assert [c.job_id for c in commands] == [first, second]
    assert all(isinstance(c.upserts[0], Annotation) for c in commands)
