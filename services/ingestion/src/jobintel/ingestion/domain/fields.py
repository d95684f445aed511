"""Normalising single fields the way every source spells them differently."""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from jobintel.contracts import RemoteType, Salary, SalaryPeriod

JOB_NAMESPACE = uuid.UUID("3b8f5d0e-8f6c-5a55-b1f4-2c1d7e9a4b60")

_EMPLOYMENT = {
    "fulltime": "full_time",
    "full": "full_time",
    "permanent": "full_time",
    "parttime": "part_time",
    "part": "part_time",
    "contract": "contract",
    "contractor": "contract",
    "freelance": "contract",
    "temporary": "temporary",
    "temp": "temporary",
    "seasonal": "temporary",
    "intern": "internship",
    "internship": "internship",
    "working_student": "internship",
    "volunteer": "volunteer",
    "perdiem": "per_diem",
    "other": "other",
}
_PERIODS = {
    "hour": SalaryPeriod.HOUR,
    "hourly": SalaryPeriod.HOUR,
    "hr": SalaryPeriod.HOUR,
    "day": SalaryPeriod.DAY,
    "daily": SalaryPeriod.DAY,
    "week": SalaryPeriod.WEEK,
    "weekly": SalaryPeriod.WEEK,
    "month": SalaryPeriod.MONTH,
    "monthly": SalaryPeriod.MONTH,
    "year": SalaryPeriod.YEAR,
    "yearly": SalaryPeriod.YEAR,
    "annual": SalaryPeriod.YEAR,
    "annually": SalaryPeriod.YEAR,
    "annum": SalaryPeriod.YEAR,
}
_CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}


def job_id_for(source: str, external_id: str) -> str:
    """The same posting from the same source is the same job on every run."""
    return str(uuid.uuid5(JOB_NAMESPACE, f"{source}\x00{external_id}"))


def employment_type(value: Any) -> str | None:
    """FULL_TIME, "Full-time", "FullTime", ["PART_TIME"] → full_time / part_time / …"""
    if isinstance(value, list):
        found = [t for t in (employment_type(v) for v in value) if t]
        return ",".join(dict.fromkeys(found)) or None
    if not isinstance(value, str) or not value.strip():
        return None
    key = re.sub(r"[\s_\-]+", "", value.strip().lower())
    if key in _EMPLOYMENT:
        return _EMPLOYMENT[key]
    for word, norm in (
        ("full", "full_time"),
        ("part", "part_time"),
        ("intern", "internship"),
        ("contract", "contract"),
        ("temp", "temporary"),
    ):
        if word in key:
            return norm
    return "other"


def salary_period(value: Any) -> SalaryPeriod:
    """ "HOUR", "per-year-salary", "1 YEAR", "monthly" → a `SalaryPeriod` (yearly if unknown)."""
    if isinstance(value, str):
        for word in re.findall(r"[a-z]+", value.lower()):
            if word in _PERIODS:
                return _PERIODS[word]
    return SalaryPeriod.YEAR


def currency(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text in _CURRENCY_SYMBOLS:
        return _CURRENCY_SYMBOLS[text]
    code = text.upper()
    return code if re.fullmatch(r"[A-Z]{3}", code) else None


def number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        cleaned = re.sub(r"[^\d.]", "", value.replace(",", ""))
        try:
            return float(cleaned) if cleaned else None
        except ValueError:
            return None
    return None


def salary(minimum: Any, maximum: Any, currency_value: Any, period: Any) -> Salary | None:
    low, high = number(minimum), number(maximum)
    if low is None and high is None:
        return None
    if low is not None and high is not None and low > high:
        low, high = high, low
    return Salary(
        minimum=low, maximum=high, currency=currency(currency_value), period=salary_period(period)
    )


def parse_date(value: Any) -> date | None:
    """ISO dates and datetimes, and epoch milliseconds (Lever)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 10**11 else value
        return datetime.fromtimestamp(seconds, UTC).date()
    if isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
            if match:
                try:
                    return date(int(match[1]), int(match[2]), int(match[3]))
                except ValueError:
                    return None
    return None


def remote_from_workplace(value: Any) -> RemoteType | None:
    """Lever `workplaceType`, Ashby `workplaceType`: remote / hybrid / onsite."""
    if not isinstance(value, str):
        return None
    key = re.sub(r"[\s_\-]+", "", value.lower())
    return {
        "remote": RemoteType.REMOTE,
        "hybrid": RemoteType.HYBRID,
        "onsite": RemoteType.ONSITE,
        "inoffice": RemoteType.ONSITE,
    }.get(key)


def unescape_html(value: str) -> str:
    """Greenhouse and some JSON-LD send HTML entity-escaped (`&lt;p&gt;`)."""
    if "&lt;" in value or "&gt;" in value:
        return html.unescape(value)
    return value


def unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i.strip() for i in items if i and i.strip()))


def unique_places(places: Iterable[str]) -> list[str]:
    """Each place once, whatever its case, spacing and punctuation ("Lisbon, PT" = "lisbon pt")."""
    seen: dict[str, str] = {}
    for place in places:
        key = " ".join(re.findall(r"\w+", place.lower())) if place else ""
        if key and key not in seen:
            seen[key] = place.strip()
    return list(seen.values())
