"""Inputs at the edge of what the API takes get a 422 that says why, never a server error."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("offset", [9223372036854775808, 1_000_001])
async def test_a_huge_offset_is_a_422(gateway: Any, offset: int) -> None:
    for path in ("/api/jobs", "/api/dead-letters"):
        resp = await gateway.client.get(path, params={"offset": offset})
        assert resp.status_code == 422, path
        assert resp.json()["detail"][0]["loc"] == ["query", "offset"]


async def test_the_last_page_offset_still_answers(gateway: Any) -> None:
    resp = await gateway.client.get("/api/jobs", params={"offset": 1_000_000})
    assert resp.status_code == 200
    assert resp.json()["items"] == []


@pytest.mark.parametrize("seq", ["0", "-1", str(2**64 + 1)])
async def test_a_dead_letter_sequence_out_of_range_is_a_422(gateway: Any, seq: str) -> None:
    resp = await gateway.client.post(f"/api/dead-letters/{seq}/replay")
    assert resp.status_code == 422
    assert resp.json()["detail"][0]["loc"] == ["path", "seq"]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/jobs", '{"text": "Platform Engineer \\ud800 at Tidewater"}'),
        ("/api/sources", '{"name": "acme\\udfff", "kind": "greenhouse", "board": "acme"}'),
    ],
)
async def test_a_lone_surrogate_is_a_422_that_names_it(gateway: Any, path: str, body: str) -> None:
    resp = await gateway.client.post(
        path, content=body, headers={"content-type": "application/json"}
    )
    assert resp.status_code == 422
    assert "unicode" in resp.text.lower()


async def test_a_422_does_not_echo_the_input_back(gateway: Any) -> None:
    long_text = "x" * 50_000
    resp = await gateway.client.post("/api/jobs", json={"text": long_text, "url": 5})
    assert resp.status_code == 422
    assert len(resp.content) < 2_000
    assert long_text[:100] not in resp.text
