"""A CV's text read into a draft JSON Resume, offline (pure, no I/O).

The text is lines as `adapters.cv_files` gives them: `# Heading` where the file marked one,
`- item` for list items. Sections are found by their headings (marked, or a short line that
names a section: Experience, Education, Skills, ...); a role is a line such as
`Title - Company, 2019-2022` (any dash), `Title at Company (Mar 2019 - Present)` or
`Company | Title` with its dates, followed by its bullets. Whatever was guessed rather than
read is listed in `unsure` (JSON paths such as `work[0].name`), and lines that found no place
in `notes`, so the person reviewing the draft knows where to look.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .jsonresume import ONGOING
from .jsonresume import iso_date as _iso_date

Json = dict[str, Any]

SECTIONS: dict[str, tuple[str, ...]] = {
    "summary": (
        "summary",
        "profile",
        "professional summary",
        "personal profile",
        "personal statement",
        "about",
        "about me",
        "objective",
        "career objective",
    ),
    "work": (
        "experience",
        "work experience",
        "professional experience",
        "relevant experience",
        "employment",
        "employment history",
        "work history",
        "career history",
        "career",
        "berufserfahrung",
        "expérience professionnelle",
        "experiencia",
        "experiencia profesional",
    ),
    "education": (
        "education",
        "education and training",
        "academic background",
        "qualifications",
        "ausbildung",
        "formation",
        "educación",
    ),
    "skills": (
        "skills",
        "technical skills",
        "key skills",
        "core skills",
        "core competencies",
        "competencies",
        "skills and tools",
        "technologies",
        "tools",
        "kenntnisse",
        "compétences",
        "habilidades",
    ),
    "projects": ("projects", "selected projects", "side projects", "open source", "projekte"),
    "certificates": (
        "certifications",
        "certificates",
        "licenses and certifications",
        "licences and certifications",
        "courses and certifications",
    ),
    "languages": ("languages", "language skills", "sprachen", "langues", "idiomas"),
    "awards": ("awards", "honors", "honours", "awards and honours", "awards and honors"),
    "publications": ("publications", "talks", "publications and talks", "papers"),
    "volunteer": ("volunteering", "volunteer experience", "volunteer work", "community"),
    "interests": ("interests", "hobbies", "hobbies and interests"),
    "references": ("references", "referees"),
}
_HEADING = {name: section for section, names in SECTIONS.items() for name in names}
ROLE_WORDS = re.compile(
    r"\b(engineer|developer|programmer|manager|lead|head|director|designer|analyst|consultant|"
    r"scientist|administrator|architect|officer|intern|trainee|student|specialist|coordinator|"
    r"assistant|associate|researcher|teacher|lecturer|nurse|accountant|advisor|adviser|owner|"
    r"founder|co-founder|cto|ceo|vp|president|technician|operator|editor|writer|sre|devops|"
    r"mentor|tutor|volunteer|staff|principal|chief|partner|fellow|contractor|freelance|"
    r"freelancer|representative|agent|clerk|executive)\b",
    re.IGNORECASE,
)
SCHOOL_WORDS = re.compile(
    r"\b(university|universit[äàa]t?|universidad|universidade|université|college|school|"
    r"institute|institut|instituto|academy|polytechnic|hochschule|hogeschool|école|ecole|"
    r"escuela|escola|scuola|conservatoire|seminary)\b",
    re.IGNORECASE,
)
DEGREE = re.compile(
    r"^(?P<type>(?:B\.?Sc|M\.?Sc|B\.?A|M\.?A|B\.?Eng|M\.?Eng|Ph\.?D|MBA|BBA|LL\.?B|LL\.?M|"
    r"B\.?S|M\.?S|BFA|MFA|Bachelor(?:'s)?(?: of (?:Science|Arts|Engineering))?|"
    r"Master(?:'s)?(?: of (?:Science|Arts|Engineering))?|Doctorate|Diploma|Associate(?:'s)?|"
    r"A[- ]levels?|Abitur|Licence|Licenciatura|HND|HNC|GCSEs?)\.?)"
    r"(?:(?:\s+(?:in|of)\s+|\s*[,:\u2013\u2014-]\s*|\s+)(?P<area>.+))?$",
    re.IGNORECASE,
)
_MONTH = r"(?:[A-Za-zÀ-ÿ]{3,9}\.?\s+)"
DATE = rf"(?:\d{{4}}-\d{{2}}(?:-\d{{2}})?|\d{{1,2}}[/.]\d{{4}}|{_MONTH}?\d{{4}})"
ENDWORDS = "|".join(sorted((re.escape(w) for w in ONGOING), key=len, reverse=True))
RANGE = re.compile(
    rf"(?P<start>{DATE})\s*(?:-|\u2013|\u2014|to|until|bis|au|a|\.\.)\s*(?P<end>{DATE}|{ENDWORDS})\b",
    re.IGNORECASE,
)
SINGLE = re.compile(rf"(?P<date>{DATE})\s*$")
SINCE = re.compile(rf"\b(?:since|seit|depuis|desde|from)\s+(?P<date>{DATE})", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(
    r"(?:https?://|www\.)[^\s|,;·•]+|\b(?:linkedin\.com|github\.com|gitlab\.com)/[^\s|,;·•]+",
    re.IGNORECASE,
)
PHONE = re.compile(r"(?<![\w/])\+?\(?\d[\d\s().-]{6,}\d(?![\w/])")
BULLET = re.compile(r"^\s*(?:[-*•●▪■◦‣∙\u2013]|\d{1,2}[.)])\s+")
SEPARATORS = re.compile(r"\s+(?:\u2014|\u2013|-|\||·|•|@|at)\s+|\s*\|\s*|\s*·\s*")
NETWORKS = {"linkedin.com": "LinkedIn", "github.com": "GitHub", "gitlab.com": "GitLab"}


@dataclass
class Draft:
    """A draft JSON Resume, the paths of the fields guessed, and what the reader noticed."""

    resume: Json
    unsure: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Block:
    head: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


def draft_from_text(text: str) -> Draft:
    """Read a CV's text into a draft JSON Resume."""
    draft = Draft(resume={"basics": {}})
    header: list[str] = []
    sections: list[tuple[str, str, list[str]]] = []  # (kind, heading as written, lines)
    level = 0  # how deep the current section's heading is marked (0: a plain line)
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if sections:
                sections[-1][2].append("")
            continue
        kind = _section_of(line)
        if kind is not None:
            sections.append((kind, line.lstrip("#").strip().rstrip(":"), []))
            level = _level(line)
        elif sections and 0 < _level(line) <= level:  # a heading as deep: another section
            sections.append(("unknown", line.lstrip("#").strip(), []))
        elif sections:
            sections[-1][2].append(line)
        else:
            header.append(line)
    _header(draft, header)
    for kind, heading, lines in sections:
        reader = _READERS.get(kind)
        if reader is None:
            kept = " / ".join(x for x in lines if x)[:300]
            draft.notes.append(f'section "{heading}" is not one JSON Resume has; not read: {kept}')
            continue
        reader(draft, lines)
    basics = draft.resume["basics"]
    if not basics.get("name"):
        draft.unsure.append("basics.name")
        draft.notes.append("no name found at the top: write it in basics.name")
    counts = [
        f"{len(draft.resume[s])} {s}"
        for s in ("work", "education", "skills")
        if draft.resume.get(s)
    ]
    draft.notes.insert(0, f"read offline: {', '.join(counts) or 'no sections recognised'}")
    draft.unsure = list(dict.fromkeys(draft.unsure))
    return draft


def iso_date(text: str) -> str | None:
    try:
        return _iso_date(text.strip())
    except ValueError:
        return None


def _level(line: str) -> int:
    return len(line) - len(line.lstrip("#"))


def _section_of(line: str) -> str | None:
    marked = line.startswith("#")
    words = line.lstrip("#").strip().rstrip(":").strip()
    if re.fullmatch(r"(?:\w )+\w", words):  # a letter-spaced heading: "E X P E R I E N C E"
        words = words.replace(" ", "")
    key = re.sub(r"\s+", " ", words.replace("&", "and")).casefold()
    if key in _HEADING and (marked or len(words.split()) <= 4):
        return _HEADING[key]
    return None


# -- the top of the CV: name, label, contact ---------------------------------------------------


def _header(draft: Draft, lines: list[str]) -> None:
    basics = draft.resume["basics"]
    rest: list[str] = []
    for i, line in enumerate(lines):
        text = line.lstrip("#").strip()
        if i == 0 and not EMAIL.search(text) and not URL.search(text):
            basics["name"] = text
            if len(text.split()) > 5 or any(c.isdigit() for c in text):
                draft.unsure.append("basics.name")
            continue
        found = False
        for email in EMAIL.findall(text):
            basics.setdefault("email", email)
            found = True
        for url in URL.findall(text):
            _link(basics, url.rstrip(".)"))
            found = True
        cleaned = URL.sub(" ", EMAIL.sub(" ", text))
        for phone in PHONE.findall(cleaned):
            if sum(c.isdigit() for c in phone) >= 7:
                basics.setdefault("phone", phone.strip())
                cleaned = cleaned.replace(phone, " ")
                found = True
        others = [p.strip(" ,") for p in SEPARATORS.split(cleaned) if p.strip(" ,")]
        if found:
            for part in others:
                if "location" not in basics and not any(ch.isdigit() for ch in part):
                    basics["location"] = _place(part)
                    draft.unsure.append("basics.location")
            continue
        if "label" not in basics and len(text.split()) <= 8 and "summary" not in basics:
            basics["label"] = text
            draft.unsure.append("basics.label")
        else:
            rest.append(text)
    if rest:
        basics["summary"] = " ".join(rest)
        draft.unsure.append("basics.summary")


def _place(text: str) -> Json:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) >= 2:
        return {"city": parts[0], "region": ", ".join(parts[1:])}
    return {"city": text}


def _link(basics: Json, url: str) -> None:
    full = url if url.casefold().startswith("http") else f"https://{url}"
    for host, network in NETWORKS.items():
        if host in full.casefold():
            username = full.rstrip("/").rsplit("/", 1)[-1]
            basics.setdefault("profiles", []).append(
                {"network": network, "username": username, "url": full}
            )
            return
    basics.setdefault("url", full)


# -- sections -----------------------------------------------------------------------------------


def _blocks(lines: list[str]) -> list[_Block]:
    """Entries: head lines, then bullets (a wrapped bullet's next line joins it)."""
    blocks: list[_Block] = []
    current: _Block | None = None
    for line in lines:
        if not line:
            continue
        if BULLET.match(line):
            if current is None:
                current = _Block()
                blocks.append(current)
            current.bullets.append(BULLET.sub("", line, count=1).strip())
            continue
        text = line.lstrip("#").strip()
        if current is not None and current.bullets and text[:1].islower():
            current.bullets[-1] += " " + text  # the PDF wrapped the bullet
            continue
        starts_entry = (
            current is None
            or bool(current.bullets)
            or bool(current.text)
            or line.startswith("#")
            or (len(current.head) >= 2 and _has_date(" ".join(current.head)))
        )
        if starts_entry and current is not None and not current.bullets and len(text) > 90:
            current.text.append(text)  # a paragraph under the heading: the role's summary
            continue
        if starts_entry or current is None:
            current = _Block(head=[text])
            blocks.append(current)
        elif len(text) > 90:
            current.text.append(text)
        else:
            current.head.append(text)
    return blocks


def _has_date(text: str) -> bool:
    return bool(RANGE.search(text) or SINGLE.search(text))


def _dates(text: str) -> tuple[str, str | None, str | None, bool]:
    """The text without its dates, the start, the end, and whether a range was read."""
    if m := RANGE.search(text):
        start, end = iso_date(m.group("start")), None
        end_text = m.group("end")
        if end_text.casefold() not in ONGOING:
            end = iso_date(end_text)
        rest = text[: m.start()] + " " + text[m.end() :]
        return _tidy(rest), start, end, True
    if m := SINCE.search(text):
        rest = text[: m.start()] + " " + text[m.end() :]
        return _tidy(rest), iso_date(m.group("date")), None, True
    if m := SINGLE.search(text):
        rest = text[: m.start()]
        return _tidy(rest), None, iso_date(m.group("date")), False
    return _tidy(text), None, None, False


def _tidy(text: str) -> str:
    text = re.sub(r"\(\s*\)|\[\s*\]", " ", text)
    return re.sub(r"\s+", " ", text).strip(" ,;|·•\u2014\u2013-()")


def _pieces(text: str) -> tuple[list[str], bool]:
    """A head split at its separators; True when "at"/"@" said which side the employer is."""
    if m := re.match(r"^(?P<title>.+?)\s+(?:at|@)\s+(?P<org>.+)$", text):
        return [m.group("title").strip(" ,"), m.group("org").strip(" ,")], True
    parts = [p.strip(" ,") for p in SEPARATORS.split(text) if p and p.strip(" ,")]
    if len(parts) == 1 and "," in text:
        parts = [p.strip() for p in text.split(",", 1)]
    return parts, False


def _work(draft: Draft, lines: list[str], section: str = "work") -> None:
    org_key = "organization" if section == "volunteer" else "name"
    entries: list[Json] = []
    for block in _blocks(lines):
        if not block.head:
            if entries:
                entries[-1].setdefault("highlights", []).extend(block.bullets)
            else:
                draft.notes.append(f"{section}: bullets with no role above them were not read")
            continue
        i = len(entries)
        where = f"{section}[{i}]"
        rest, start, end, ranged = _dates(" | ".join(block.head))
        entry: Json = {}
        parts, told = _pieces(rest)
        place = [p for p in parts[2:] if not ROLE_WORDS.search(p)]
        parts = parts[:2]
        if len(parts) == 2:
            first, second = parts
            title_first = told or bool(ROLE_WORDS.search(first)) or not ROLE_WORDS.search(second)
            title, org = (first, second) if title_first else (second, first)
            entry["position"], entry[org_key] = title, org
            if not told and bool(ROLE_WORDS.search(first)) == bool(ROLE_WORDS.search(second)):
                draft.unsure += [f"{where}.position", f"{where}.{org_key}"]
        elif parts:
            key = "position" if ROLE_WORDS.search(parts[0]) else org_key
            entry[key] = parts[0]
            draft.unsure.append(f"{where}.{org_key if key == 'position' else 'position'}")
            draft.notes.append(
                f'{where}: "{parts[0]}" read as the {"title" if key == "position" else "employer"}'
                f"; the {'employer' if key == 'position' else 'title'} was not found"
            )
        if place and section == "work":
            entry["location"] = ", ".join(place)
            draft.unsure.append(f"{where}.location")
        if start:
            entry["startDate"] = start
        if end:
            entry["endDate"] = end
        if not ranged:
            draft.unsure.append(f"{where}.startDate")
            if not end:
                draft.notes.append(f"{where}: no dates found next to the role")
        if block.text:
            entry["summary"] = " ".join(block.text)
        if block.bullets:
            entry["highlights"] = list(block.bullets)
        entries.append(entry)
    if entries:
        draft.resume.setdefault(section, []).extend(entries)


def _volunteer(draft: Draft, lines: list[str]) -> None:
    _work(draft, lines, "volunteer")


def _education(draft: Draft, lines: list[str]) -> None:
    entries: list[Json] = []
    for block in _blocks(lines):
        if not block.head:
            if entries:
                entries[-1].setdefault("courses", []).extend(block.bullets)
            continue
        where = f"education[{len(entries)}]"
        rest, start, end, _ = _dates(" | ".join(block.head))
        entry: Json = {}
        parts, _ = _pieces(rest)
        for part in parts:
            degree = DEGREE.match(part)
            if degree and "studyType" not in entry:
                entry["studyType"] = degree.group("type").strip()
                if degree.group("area"):
                    entry["area"] = degree.group("area").strip(" ,")
            elif SCHOOL_WORDS.search(part) and "institution" not in entry:
                entry["institution"] = part
            elif "institution" not in entry:
                entry["institution"] = part
                draft.unsure.append(f"{where}.institution")
            elif "area" not in entry:
                entry["area"] = part
                draft.unsure.append(f"{where}.area")
            else:
                draft.notes.append(f'{where}: "{part}" was not placed')
        if start:
            entry["startDate"] = start
        if end:
            entry["endDate"] = end
        if block.bullets:
            entry["courses"] = list(block.bullets)
            draft.unsure.append(f"{where}.courses")
        if block.text:
            entry["summary"] = " ".join(block.text)
            draft.unsure.append(f"{where}.summary")
        entries.append(entry)
    if entries:
        draft.resume.setdefault("education", []).extend(entries)


def _items(lines: list[str]) -> list[str]:
    return [BULLET.sub("", line, count=1).lstrip("#").strip() for line in lines if line.strip()]


def _skills(draft: Draft, lines: list[str]) -> None:
    groups: list[Json] = []
    loose: list[str] = []
    for item in _items(lines):
        name, sep, words = item.partition(":")
        if sep and len(name.split()) <= 4 and words.strip():
            groups.append({"name": name.strip(), "keywords": _split(words)})
        else:
            loose.extend(_split(item))
    if loose:
        groups.append({"name": "Skills", "keywords": loose})
        draft.unsure.append(f"skills[{len(groups) - 1}].name")
    if groups:
        draft.resume.setdefault("skills", []).extend(groups)


def _split(text: str) -> list[str]:
    parts = re.split(r"[,;·•|]|\s+/\s+", text)
    return [p.strip(" .") for p in parts if p.strip(" .")]


def _languages(draft: Draft, lines: list[str]) -> None:
    out: list[Json] = []
    for item in _items(lines):
        for part in re.split(r"[,;·•|](?![^()]*\))", item):
            part = part.strip()
            if not part:
                continue
            m = re.match(
                r"^(?P<lang>[^():\u2013\u2014-]+?)\s*(?:\((?P<a>[^)]+)\)|[:\u2013\u2014-]\s*(?P<b>.+))?$",
                part,
            )
            if m is None:
                continue
            entry = {"language": m.group("lang").strip()}
            fluency = m.group("a") or m.group("b")
            if fluency:
                entry["fluency"] = fluency.strip()
            out.append(entry)
    if out:
        draft.resume.setdefault("languages", []).extend(out)


def _titled(
    section: str, title_key: str, by_key: str | None, date_key: str
) -> Any:  # a reader for certificates, awards, publications
    def read(draft: Draft, lines: list[str]) -> None:
        out: list[Json] = []
        for item in _items(lines):
            rest, _, when, _ = _dates(item)
            parts, _ = _pieces(rest)
            if not parts:
                continue
            entry: Json = {title_key: parts[0]}
            if by_key and len(parts) > 1:
                entry[by_key] = ", ".join(parts[1:])
                draft.unsure.append(f"{section}[{len(out)}].{by_key}")
            elif len(parts) > 1:
                entry["summary"] = ", ".join(parts[1:])
            if when:
                entry[date_key] = when
            if url := URL.search(item):
                entry["url"] = url.group(0)
            out.append(entry)
        if out:
            draft.resume.setdefault(section, []).extend(out)

    return read


def _projects(draft: Draft, lines: list[str]) -> None:
    out: list[Json] = []
    for block in _blocks(lines):
        if not block.head:
            if out:
                out[-1].setdefault("highlights", []).extend(block.bullets)
            continue
        head = " | ".join(block.head)
        url = URL.search(head)
        rest, start, end, _ = _dates(URL.sub(" ", head))
        parts, _ = _pieces(rest)
        entry: Json = {"name": parts[0] if parts else rest}
        if len(parts) > 1:
            entry["description"] = ", ".join(parts[1:])
        if block.text:
            entry["description"] = " ".join([entry.get("description", ""), *block.text]).strip()
        if url:
            entry["url"] = url.group(0)
        if start:
            entry["startDate"] = start
        if end:
            entry["endDate"] = end
        if block.bullets:
            entry["highlights"] = list(block.bullets)
        out.append(entry)
    if out:
        draft.resume.setdefault("projects", []).extend(out)


def _summary(draft: Draft, lines: list[str]) -> None:
    text = " ".join(_items(lines))
    if text:
        basics = draft.resume["basics"]
        if basics.get("summary"):
            draft.notes.append("the text above the first section was read as the summary too")
            text = f"{basics['summary']} {text}"
        basics["summary"] = text
        if "basics.summary" in draft.unsure:
            draft.unsure.remove("basics.summary")


def _interests(draft: Draft, lines: list[str]) -> None:
    names = [n for item in _items(lines) for n in _split(item)]
    if names:
        draft.resume.setdefault("interests", []).extend({"name": n} for n in names)


def _references(draft: Draft, lines: list[str]) -> None:
    items = _items(lines)
    if items and all("request" in i.casefold() for i in items):
        draft.notes.append('references: "available on request" is not a reference; left out')
        return
    out = []
    for item in items:
        name, sep, said = item.partition(":")
        out.append({"name": name.strip(), "reference": said.strip()} if sep else {"name": item})
    if out:
        draft.resume.setdefault("references", []).extend(out)
        draft.unsure.append("references")


_READERS: dict[str, Any] = {
    "summary": _summary,
    "work": _work,
    "volunteer": _volunteer,
    "education": _education,
    "skills": _skills,
    "languages": _languages,
    "projects": _projects,
    "certificates": _titled("certificates", "name", "issuer", "date"),
    "awards": _titled("awards", "title", "awarder", "date"),
    "publications": _titled("publications", "name", "publisher", "releaseDate"),
    "interests": _interests,
    "references": _references,
}
