"""Tokens as an attacker would try them: empty ones, guessed ones, and `next=` off the site."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jobintel.testkit.jetstream import settings_for_tests

pytestmark = pytest.mark.integration


async def test_an_empty_token_setting_is_no_token(
    nats_server: Any, tmp_path: Path, serve_gateway: Any
) -> None:
    settings = settings_for_tests(nats_server.url, tmp_path / "data", api_token="")
    assert settings.api_token is None
    async with serve_gateway(settings) as gw:
        # open on loopback, as with no token at all: an empty cookie is not what lets it in
        assert (await gw.client.get("/api/jobs")).status_code == 200


async def test_an_empty_cookie_or_bearer_is_refused(
    nats_server: Any, tmp_path: Path, serve_gateway: Any
) -> None:
    settings = settings_for_tests(nats_server.url, tmp_path / "data", api_token="s3cret")
    async with serve_gateway(settings) as gw:
        gw.client.cookies.set("jobintel_token", "")
        assert (await gw.client.get("/api/jobs")).status_code == 401
        resp = await gw.client.get("/api/jobs", headers={"Authorization": "Bearer"})
        assert resp.status_code == 401
        assert (await gw.client.get("/")).status_code == 303


async def test_guessing_the_token_is_throttled_per_address(
    nats_server: Any, tmp_path: Path, serve_gateway: Any
) -> None:
    settings = settings_for_tests(nats_server.url, tmp_path / "data", api_token="s3cret")
    async with serve_gateway(settings) as gw:
        answers = [
            (await gw.client.get("/api/jobs", headers={"Authorization": f"Bearer guess{i}"}))
            for i in range(12)
        ]
        codes = [a.status_code for a in answers]
        assert codes[:10] == [401] * 10
        assert codes[10:] == [429, 429]
        assert 1 <= int(answers[-1].headers["retry-after"]) <= 60
        assert "try again in" in answers[-1].json()["detail"]
        # while throttled even the right token is answered 429, or a guess could be told apart
        right = await gw.client.get("/api/jobs", headers={"Authorization": "Bearer s3cret"})
        assert right.status_code == 429
        login = await gw.client.post("/login", json={"token": "s3cret"})
        assert login.status_code == 429


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/x",
        "/\\evil.example/x",
        "https://evil.example/",
        "javascript:alert(1)",
        "/%0d%0aLocation:x",
        "evil.example",
    ],
)
async def test_login_next_stays_on_this_site(gateway: Any, target: str) -> None:
    resp = await gateway.client.get("/login", params={"next": target})
    assert resp.status_code == 200
    assert 'data-next="/"' in resp.text
    assert "evil.example" not in resp.text


async def test_login_next_keeps_a_local_path(gateway: Any) -> None:
    resp = await gateway.client.get("/login", params={"next": "/jobs/abc?tab=cv"})
    assert 'data-next="/jobs/abc?tab=cv"' in resp.text
