"""The UI's pages over HTTP: scraped HTML is cleaned, and a token protects pages too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jobintel.contracts import JobIngested
from jobintel.runtime.settings import Settings
from jobintel.testkit.jetstream import jetstream, publish, settings_for_tests

pytestmark = pytest.mark.integration

HOSTILE = (
    '<p onclick="steal()">Great <b>team</b></p><script>steal()</script>'
    '<img src=x onerror="steal()"><a href="javascript:steal()">apply</a>'
)


async def test_scraped_html_is_cleaned_before_it_reaches_the_page(
    gateway: Any, settings: Settings, samples: Any, eventually: Any
) -> None:
    posting = samples.posting().model_copy(
        update={
            "description_html": HOSTILE,
            "url": "javascript:steal()",
            "title": '<script>alert("title")</script>',
        }
    )
    async with jetstream(settings.nats_url) as (_, js):
        await publish(js, JobIngested(job_id=samples.job_id, producer="ingestion", posting=posting))

    async def page() -> str | None:
        resp = await gateway.client.get(f"/jobs/{samples.job_id}")
        return resp.text if "Great" in resp.text else None

    html = await eventually(page)
    assert "<b>team</b>" in html  # formatting kept
    # scripts, event handlers and javascript: links are gone
    assert "<script>steal()" not in html
    assert "onclick" not in html
    assert "onerror" not in html
    assert 'href="javascript:' not in html.lower()
    assert '<script>alert("title")</script>' not in html
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in html


async def test_the_list_page_filters_by_status(
    gateway: Any, settings: Settings, samples: Any, eventually: Any
) -> None:
    async with jetstream(settings.nats_url) as (_, js):
        await publish(js, samples.ingested())

    async def listed() -> bool:
        return "Platform Engineer" in (await gateway.client.get("/")).text

    await eventually(listed)
    assert "Platform Engineer" in (await gateway.client.get("/?status=ingested")).text
    assert "Platform Engineer" not in (await gateway.client.get("/?status=failed")).text
    assert (await gateway.client.get("/jobs/unknown")).status_code == 200
    assert "There is no job unknown" in (await gateway.client.get("/jobs/unknown")).text


async def test_with_a_token_pages_need_the_login_cookie(
    nats_server: Any, tmp_path: Path, serve_gateway: Any
) -> None:
    settings = settings_for_tests(nats_server.url, tmp_path / "data", api_token="s3cret")
    async with serve_gateway(settings) as gw:
        resp = await gw.client.get("/profile")
        assert resp.status_code == 303
        assert resp.headers["location"] == "/login?next=/profile"
        assert (await gw.client.get("/login")).status_code == 200
        assert (await gw.client.post("/login", json={"token": "nope"})).status_code == 401
        ok = await gw.client.post("/login", json={"token": "s3cret"})
        assert ok.status_code == 200
        cookie = ok.headers["set-cookie"].lower()
        assert "httponly" in cookie
        assert "samesite=strict" in cookie
        # the client keeps the cookie: pages and the API (EventSource, downloads) work
        assert (await gw.client.get("/profile")).status_code == 200
        assert (await gw.client.get("/api/jobs")).status_code == 200


async def test_pages_allow_only_their_own_scripts(gateway: Any) -> None:
    resp = await gateway.client.get("/")
    policy = resp.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert '/static/app.js" defer></script>' in resp.text  # our own file, by URL
    assert "onchange=" not in resp.text


async def test_an_unknown_company_page_says_so(gateway: Any) -> None:
    resp = await gateway.client.get("/companies/nowhere.example")
    assert resp.status_code == 200
    assert "There is no company nowhere.example here" in resp.text


async def test_new_pages_need_the_login_cookie_too(
    nats_server: Any, tmp_path: Path, serve_gateway: Any
) -> None:
    settings = settings_for_tests(nats_server.url, tmp_path / "data", api_token="s3cret")
    async with serve_gateway(settings) as gw:
        for path in ("/ingestion", "/companies/tidewater.example"):
            resp = await gw.client.get(path)
            assert resp.status_code == 303
            assert resp.headers["location"].startswith("/login?next=")
