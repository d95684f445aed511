"""A JSON Resume document as people have it, read into the current schema (pure, no I/O).

`read_resume(raw)` maps the field names of older JSON Resume versions to the v1.0.0 ones
(`work[].company` -> `name`, `website` -> `url`, `picture` -> `image`, `gpa` -> `score`,
`awardDate` -> `date`, `bio` -> `basics`, `hobbies` -> `interests`, ...), writes the dates
people write (`Present`, `""`, `2019-04-01T00:00:00Z`, `April 2019`, `04/2019`) as the schema's
iso8601 where the meaning is unambiguous, and keeps every field it does not know. Each change
is listed in the `Reading`, so nothing is dropped or rewritten silently. What cannot be read
raises `ResumeRejected` with one `Problem` per field: where it is and what to write instead.

`problems_from(error)` turns the contract model's validation error into the same `Problem`s.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

Json = dict[str, Any]

DATE_FIELDS: dict[str, tuple[str, ...]] = {
    "work": ("startDate", "endDate"),
    "volunteer": ("startDate", "endDate"),
    "education": ("startDate", "endDate"),
    "projects": ("startDate", "endDate"),
    "awards": ("date",),
    "certificates": ("date",),
    "publications": ("releaseDate",),
}
# Older names, section by section: (old, current).
RENAMED: dict[str, tuple[tuple[str, str], ...]] = {
    "basics": (("picture", "image"), ("website", "url")),
    "work": (("company", "name"), ("website", "url")),
    "volunteer": (("website", "url"), ("company", "organization"), ("name", "organization")),
    "education": (("gpa", "score"), ("website", "url")),
    "awards": (("awardDate", "date"), ("website", "url")),
    "certificates": (("website", "url"),),
    "publications": (("website", "url"),),
    "projects": (("website", "url"),),
    "languages": (("name", "language"), ("level", "fluency")),
    "interests": (),
    "references": (),
    "skills": (),
    "meta": (("url", "canonical"),),
}
TOP_RENAMED = (("bio", "basics"), ("hobbies", "interests"))
LISTS = (
    "work",
    "volunteer",
    "education",
    "awards",
    "certificates",
    "publications",
    "skills",
    "languages",
    "interests",
    "references",
    "projects",
)
KNOWN: dict[str, frozenset[str]] = {
    "": frozenset(["$schema", "basics", "meta", *LISTS]),
    "basics": frozenset(
        ["name", "label", "image", "email", "phone", "url", "summary", "location", "profiles"]
    ),
    "location": frozenset(["address", "postalCode", "city", "countryCode", "region"]),
    "profiles": frozenset(["network", "username", "url"]),
    "work": frozenset(
        [
            "name",
            "location",
            "description",
            "position",
            "url",
            "startDate",
            "endDate",
            "summary",
            "highlights",
        ]
    ),
    "volunteer": frozenset(
        ["organization", "position", "url", "startDate", "endDate", "summary", "highlights"]
    ),
    "education": frozenset(
        ["institution", "url", "area", "studyType", "startDate", "endDate", "score", "courses"]
    ),
    "awards": frozenset(["title", "date", "awarder", "summary"]),
    "certificates": frozenset(["name", "date", "url", "issuer"]),
    "publications": frozenset(["name", "publisher", "releaseDate", "url", "summary"]),
    "skills": frozenset(["name", "level", "keywords"]),
    "languages": frozenset(["language", "fluency"]),
    "interests": frozenset(["name", "keywords"]),
    "references": frozenset(["name", "reference"]),
    "projects": frozenset(
        [
            "name",
            "description",
            "highlights",
            "keywords",
            "startDate",
            "endDate",
            "url",
            "roles",
            "entity",
            "type",
        ]
    ),
    "meta": frozenset(["canonical", "version", "lastModified"]),
}
STRING_LISTS = frozenset(["highlights", "courses", "keywords", "roles"])
ONGOING = frozenset(
    {
        "present", "current", "currently", "now", "today", "ongoing", "to date", "till date",
        "until now", "to present", "heute", "aujourd'hui", "actuel", "actualidad", "presente",
        "attuale",
    }
)  # fmt: skip
MONTHS = {
    name: i + 1
    for i, names in enumerate(
        (
            "jan january janv janvier ene enero gen gennaio januar",
            "feb february fev fevr février fevrier febrero febbraio februar",
            "mar march mars marzo märz maerz",
            "apr april avr avril abr abril aprile",
            "may mai mayo maggio",
            "jun june juin junio giugno juni",
            "jul july juil juillet julio luglio juli",
            "aug august aout août ago agosto",
            "sep sept september septembre septiembre settembre",
            "oct october octobre octubre ott ottobre okt oktober",
            "nov november novembre noviembre",
            "dec december déc decembre décembre dic diciembre dicembre dez dezember",
        )
    )
    for name in names.split()
}
ISO_DAY = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
TIMESTAMP = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")
SLASHED_YEAR_FIRST = re.compile(r"^(\d{4})[/.](\d{1,2})(?:[/.](\d{1,2}))?$")
MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
NAMED = re.compile(
    r"^(?:(\d{1,2})(?:st|nd|rd|th)?\.?\s+)?([A-Za-zÀ-ÿ]+)\.?,?\s+(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?"
    r"(\d{4})$"
)
EMAIL_IN_BRACKETS = re.compile(r"<\s*([^<>@\s]+@[^<>@\s]+)\s*>")
DATE_HINT = 'write a year, a month or a day: "2019", "2019-04" or "2019-04-01"'


@dataclass(frozen=True)
class Problem:
    """Why a field cannot be read, and what to write instead."""

    field: str
    message: str
    fix: str

    @property
    def loc(self) -> list[str | int]:
        return [int(p) if p.isdigit() else p for p in re.split(r"\.|\[|\]\.?", self.field) if p]


class ResumeRejected(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Renamed:
    old: str
    new: str


@dataclass(frozen=True)
class Normalised:
    field: str
    was: Any
    now: Any
    note: str


@dataclass(frozen=True)
class Ignored:
    field: str
    reason: str


@dataclass
class Reading:
    """The document in current names, and everything done to get there."""

    document: Json
    mapped: list[Renamed] = field(default_factory=list)
    normalised: list[Normalised] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)
    unknown_kept: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_resume(raw: Any) -> Reading:
    """Map, normalise and check one document; raise `ResumeRejected` naming every bad field."""
    if not isinstance(raw, dict):
        raise ResumeRejected(
            [
                Problem(
                    "(document)",
                    f"a JSON Resume is an object, not {_kind(raw)}",
                    'send {"basics": {"name": "…"}, "work": [...], ...}',
                )
            ]
        )
    reading = Reading(document=copy.deepcopy(raw))
    doc = reading.document
    for old, new in TOP_RENAMED:
        _rename(reading, doc, old, new, "")
    basics = doc.get("basics")
    if isinstance(basics, dict):
        _basics(reading, basics)
    for section in LISTS:
        items = doc.get(section)
        if items is None and section in doc:
            del doc[section]
            reading.normalised.append(Normalised(section, None, None, "empty (null): left out"))
            continue
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if isinstance(item, dict):
                _entry(reading, section, f"{section}[{i}]", item)
    meta = doc.get("meta")
    if isinstance(meta, dict):
        _entry(reading, "meta", "meta", meta)
    reading.unknown_kept = sorted(_unknown(doc))
    if reading.problems:
        raise ResumeRejected(reading.problems)
    return reading


def problems_from(error: ValidationError) -> list[Problem]:
    """The contract model's complaints as `Problem`s, without echoing the values back."""
    out: list[Problem] = []
    for e in error.errors(include_input=False, include_url=False):
        loc = [str(p) for p in e["loc"]]
        path = _path(e["loc"])
        leaf = loc[-1] if loc else ""
        kind = e["type"]
        if kind == "missing" and path == "basics":
            out.append(
                Problem(
                    path,
                    "the CV needs your name, and there is no `basics` section",
                    'add "basics": {"name": "Your Name"}',
                )
            )
        elif leaf == "name" and path == "basics.name":
            out.append(
                Problem(path, "the CV needs your name", 'write it as "basics": {"name": "…"}')
            )
        elif leaf == "email":
            out.append(
                Problem(
                    path,
                    "not an email address",
                    'write one address like "name@example.org", or leave the field out',
                )
            )
        elif kind == "string_pattern_mismatch":
            out.append(Problem(path, "not a date the schema allows", DATE_HINT))
        elif kind == "list_type":
            out.append(
                Problem(path, "should be a list", f'write it as a list, e.g. "{leaf}": [ ... ]')
            )
        elif kind in ("model_type", "dict_type", "model_attributes_type"):
            out.append(Problem(path, "should be an object", f'write it as "{leaf}": {{ ... }}'))
        elif kind == "string_type":
            out.append(Problem(path, "should be text", 'write it as a string in quotes: "…"'))
        else:
            out.append(Problem(path, e["msg"], "see https://jsonresume.org/schema"))
    return out


# -- sections --------------------------------------------------------------------------------


def _basics(reading: Reading, basics: Json) -> None:
    _rename(reading, basics, "picture", "image", "basics")
    _rename(reading, basics, "website", "url", "basics")
    if "name" not in basics and ("firstName" in basics or "lastName" in basics):
        parts = [basics.pop("firstName", None), basics.pop("lastName", None)]
        basics["name"] = " ".join(str(p) for p in parts if p)
        reading.mapped.append(Renamed("basics.firstName + basics.lastName", "basics.name"))
    profiles = basics.get("profiles")
    if isinstance(profiles, dict):
        listed = []
        for network, value in profiles.items():
            entry = dict(value) if isinstance(value, dict) else {"username": value}
            entry.setdefault("network", network)
            listed.append(entry)
        basics["profiles"] = listed
        reading.mapped.append(Renamed("basics.profiles (an object)", "basics.profiles (a list)"))
    websites = basics.get("websites")
    if isinstance(websites, dict) and websites:
        del basics["websites"]
        links = [(str(k), v) for k, v in websites.items() if isinstance(v, str) and v]
        if links and not basics.get("url"):
            basics["url"] = links[0][1]
            reading.mapped.append(Renamed(f"basics.websites.{links[0][0]}", "basics.url"))
            links = links[1:]
        profiles = basics.setdefault("profiles", [])
        if isinstance(profiles, list):
            for key, url in links:
                profiles.append({"network": key, "url": url})
                reading.mapped.append(
                    Renamed(f"basics.websites.{key}", f"basics.profiles[{len(profiles) - 1}]")
                )
    for key in ("email", "phone"):
        value = basics.get(key)
        if isinstance(value, dict):
            given = [(str(k), v) for k, v in value.items() if isinstance(v, str) and v]
            if given:
                basics[key] = given[0][1]
                reading.mapped.append(Renamed(f"basics.{key}.{given[0][0]}", f"basics.{key}"))
                for other, v in given[1:]:
                    basics[f"{key}_{other}"] = v
                    reading.mapped.append(Renamed(f"basics.{key}.{other}", f"basics.{key}_{other}"))
            else:
                del basics[key]
                reading.normalised.append(
                    Normalised(f"basics.{key}", value, None, "empty: left out")
                )
    email = basics.get("email")
    if isinstance(email, str):
        if not email.strip():
            del basics["email"]
            reading.normalised.append(Normalised("basics.email", email, None, "empty: left out"))
        elif m := EMAIL_IN_BRACKETS.search(email):
            basics["email"] = m.group(1)
            reading.normalised.append(
                Normalised("basics.email", email, m.group(1), "kept the address, not the name")
            )
        elif email != email.strip():
            basics["email"] = email.strip()
    location = basics.get("location")
    if isinstance(location, dict):
        if "state" in location and not location.get("region"):
            _rename(reading, location, "state", "region", "basics.location", force=True)
        _strings(reading, location, "basics.location", KNOWN["location"])
    elif isinstance(location, str) and location.strip():
        basics["location"] = {"address": location}
        reading.mapped.append(Renamed("basics.location (text)", "basics.location.address"))
    _nulls(reading, basics, "basics", KNOWN["basics"])
    _strings(reading, basics, "basics", KNOWN["basics"] - {"location", "profiles"})


def _entry(reading: Reading, section: str, where: str, item: Json) -> None:
    for old, new in RENAMED.get(section, ()):
        _rename(reading, item, old, new, where)
    known = KNOWN[section]
    _nulls(reading, item, where, known)
    _strings(reading, item, where, known - STRING_LISTS)
    _string_lists(reading, item, where, known & STRING_LISTS)
    for key in DATE_FIELDS.get(section, ()):
        if key in item:
            _date(reading, item, key, f"{where}.{key}")
    if section == "work" and isinstance(item.get("location"), dict):
        place = item["location"]
        parts = [place.get(k) for k in ("city", "region", "countryCode") if place.get(k)]
        if parts and all(isinstance(p, str) for p in parts):
            item["location"] = ", ".join(parts)
            reading.normalised.append(
                Normalised(f"{where}.location", place, item["location"], "an object, as text")
            )


def _rename(
    reading: Reading, obj: Json, old: str, new: str, where: str, *, force: bool = False
) -> None:
    if old not in obj:
        return
    at = f"{where}.{old}" if where else old
    to = f"{where}.{new}" if where else new
    if new in obj and obj[new] not in (None, "") and not force:
        if obj[old] == obj[new]:
            del obj[old]
            reading.normalised.append(Normalised(at, obj[new], None, f"the same as {to}: removed"))
        else:
            reading.ignored.append(Ignored(at, f"{to} is given too; {at} is kept but not used"))
        return
    obj[new] = obj.pop(old)
    reading.mapped.append(Renamed(at, to))


def _nulls(reading: Reading, obj: Json, where: str, known: frozenset[str]) -> None:
    for key in [k for k in known if k in obj and obj[k] is None]:
        del obj[key]
        reading.normalised.append(
            Normalised(f"{where}.{key}", None, None, "empty (null): left out")
        )


def _strings(reading: Reading, obj: Json, where: str, keys: frozenset[str]) -> None:
    """Numbers where the schema has text (YAML's `score: 3.8`, `postalCode: 12345`) as text."""
    for key in keys:
        value = obj.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            obj[key] = str(value)
            reading.normalised.append(
                Normalised(f"{where}.{key}", value, obj[key], "a number, written as text")
            )


def _string_lists(reading: Reading, obj: Json, where: str, keys: frozenset[str]) -> None:
    """Empty items (`""`, null) left out of lists of text, numbers written as text."""
    for key in sorted(keys):
        items = obj.get(key)
        if not isinstance(items, list):
            continue
        kept: list[Any] = []
        for i, value in enumerate(items):
            at = f"{where}.{key}[{i}]"
            if value is None or (isinstance(value, str) and not value.strip()):
                reading.normalised.append(Normalised(at, value, None, "an empty item: left out"))
            elif isinstance(value, int | float) and not isinstance(value, bool):
                kept.append(str(value))
                reading.normalised.append(Normalised(at, value, str(value), "a number, as text"))
            else:
                kept.append(value)
        obj[key] = kept


def _date(reading: Reading, item: Json, key: str, at: str) -> None:
    value = item[key]
    ongoing = key == "endDate"
    if value is None or (isinstance(value, str) and not value.strip()):
        del item[key]
        note = "empty: read as ongoing (no end date)" if ongoing else "empty: left out"
        reading.normalised.append(Normalised(at, value, None, note))
        return
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 2999:
        item[key] = str(value)
        reading.normalised.append(Normalised(at, value, item[key], "a number, read as the year"))
        return
    if not isinstance(value, str):
        reading.problems.append(Problem(at, f"should be a date, not {_kind(value)}", DATE_HINT))
        return
    text = value.strip()
    if text.casefold() in ONGOING:
        if ongoing:
            del item[key]
            reading.normalised.append(
                Normalised(at, value, None, "read as ongoing: the end date is left out")
            )
        else:
            reading.problems.append(
                Problem(at, f'"{_short(value)}" is not a start date', DATE_HINT)
            )
        return
    try:
        written = iso_date(text)
    except ValueError as err:
        reading.problems.append(Problem(at, str(err), DATE_HINT))
        return
    if written is None:
        reading.problems.append(
            Problem(at, f'"{_short(value)}" is not a date this schema can hold', DATE_HINT)
        )
        return
    if written != value:
        item[key] = written
        reading.normalised.append(Normalised(at, value, written, "written as an iso8601 date"))


def iso_date(text: str) -> str | None:
    """The iso8601 form of a date as people write it; None when it is not one.

    Raises ValueError when it names no real month or day, or could be two different days.
    """
    if m := TIMESTAMP.match(text):
        text = m.group(1)
    if m := ISO_DAY.match(text) or SLASHED_YEAR_FIRST.match(text):
        return _ymd(m.group(1), m.group(2), m.group(3))
    if m := MONTH_YEAR.match(text):
        return _ymd(m.group(2), m.group(1), None)
    if m := DAY_MONTH_YEAR.match(text):
        first, second, year = int(m.group(1)), int(m.group(2)), m.group(3)
        if first <= 12 and second <= 12 and first != second:
            raise ValueError(
                f'"{text}" could be {first} {_month_name(second)} or {second} '
                f"{_month_name(first)} {year}"
            )
        day, month = (first, second) if first > 12 else (second, first)
        return _ymd(year, str(month), str(day))
    if m := NAMED.match(text):
        named = MONTHS.get(m.group(2).casefold().rstrip("."))
        if named is None:
            return None
        return _ymd(m.group(4), str(named), m.group(1) or m.group(3))
    return None


def _ymd(year: str, month: str | None, day: str | None) -> str:
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        raise ValueError(f"month {int(month)} does not exist")
    if day is None:
        return f"{year}-{int(month):02d}"
    if not 1 <= int(day) <= 31:
        raise ValueError(f"day {int(day)} does not exist")
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _month_name(month: int) -> str:
    return (["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])[
        month - 1
    ]


def _unknown(doc: Json) -> Iterator[str]:
    for key in doc:
        if key not in KNOWN[""]:
            yield key
    basics = doc.get("basics")
    if isinstance(basics, dict):
        yield from (f"basics.{k}" for k in basics if k not in KNOWN["basics"])
        loc = basics.get("location")
        if isinstance(loc, dict):
            yield from (f"basics.location.{k}" for k in loc if k not in KNOWN["location"])
        for i, p in enumerate(basics.get("profiles") or []):
            if isinstance(p, dict):
                yield from (f"basics.profiles[{i}].{k}" for k in p if k not in KNOWN["profiles"])
    for section in LISTS:
        items = doc.get(section)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                yield from (f"{section}[{i}].{k}" for k in item if k not in KNOWN[section])
    meta = doc.get("meta")
    if isinstance(meta, dict):
        yield from (f"meta.{k}" for k in meta if k not in KNOWN["meta"])


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def _kind(value: Any) -> str:
    return {list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number" if isinstance(value, int | float) else type(value).__name__
    )


def _short(value: str) -> str:
    return value if len(value) <= 40 else value[:37] + "…"
