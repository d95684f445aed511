"""Rows of the optional python-jobspy extra (its DataFrame as records) → postings."""

from __future__ import annotations

import math
from typing import Any

from jobintel.contracts import Confidence, Posting, RemoteType

from .assemble import assemble
from .boards import Origin, Parsed, _collect
from .fields import employment_type, parse_date, salary


def _clean(value: Any) -> Any:
    """pandas gives NaN for missing values."""
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def jobspy(rows: list[dict[str, Any]], origin: Origin) -> Parsed:
    parsed = Parsed()
    for raw in rows:
        row = {k: _clean(v) for k, v in raw.items()}
        url = row.get("job_url")

        def build(row: dict[str, Any] = row, url: Any = url) -> Posting:
            site = row.get("site") or "jobspy"
            external = row.get("id") or url
            if not external:
                raise ValueError("the row has neither id nor job_url")
            return assemble(
                source=origin.source,
                source_kind=f"jobspy:{site}",
                title=row.get("title"),
                description_text=row.get("description"),
                external_id=str(external),
                company=row.get("company") or origin.company,
                company_url=row.get("company_url_direct") or None,
                locations=[row["location"]] if row.get("location") else [],
                remote=RemoteType.REMOTE if row.get("is_remote") else None,
                employment_type=employment_type(row.get("job_type")),
                salary=salary(
                    row.get("min_amount"),
                    row.get("max_amount"),
                    row.get("currency"),
                    row.get("interval"),
                ),
                date_posted=parse_date(str(row["date_posted"])) if row.get("date_posted") else None,
                url=url,
                apply_url=row.get("job_url_direct") or url,
                confidence=Confidence.MEDIUM,
            )

        _collect(parsed, url, build)
    return parsed
