"""How the MongoDB adapter translates the port's filters (its server-side behaviour is covered
by the shared contract suite whenever a MongoDB is reachable)."""

from __future__ import annotations

import pytest

from jobintel.runtime.store.mongo import _as_json, _filter

pytestmark = pytest.mark.unit


def test_filters_address_fields_inside_the_document() -> None:
    assert _filter({"status": "failed", "company.domain": {"$in": ["a.io", "b.io"]}}) == {
        "data.status": "failed",
        "data.company.domain": {"$in": ["a.io", "b.io"]},
    }
    assert _filter(None) == {}
    assert _filter({"archived": None}) == {"data.archived": None}


def test_filters_refuse_operators_and_odd_names() -> None:
    with pytest.raises(ValueError, match="only \\$in is supported"):
        _filter({"score": {"$where": "sleep(1000)"}})
    with pytest.raises(ValueError, match="invalid field name"):
        _filter({"$or": [1]})


def test_documents_are_stored_as_plain_json_like_in_sqlite() -> None:
    from datetime import UTC, datetime

    assert _as_json("jobs", "j1", {"at": "2026-01-02T03:04:00+00:00", "tags": ("a", "b")}) == {
        "at": "2026-01-02T03:04:00+00:00",
        "tags": ["a", "b"],
    }
    when = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    with pytest.raises(TypeError, match="jobs/j1 is not plain JSON"):
        _as_json("jobs", "j1", {"at": when})
