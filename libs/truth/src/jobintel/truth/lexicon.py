"""The words the gate reads as claims, and the ones it lets any sentence use."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The strength ladder of an action (see README.md): a rewrite may keep or lower it, never raise.
LED, OWNED, BUILT, HEDGED = 4, 3, 2, 1
STRENGTH: dict[str, int] = {
    **dict.fromkeys(
        words(
            "lead head direct spearhead manage drive oversee supervise chair champion steer "
            "orchestrate"
        ),
        LED,
    ),
    **dict.fromkeys(words("own found establish initiate pioneer"), OWNED),
}

# Words that weaken the action they qualify: a rewrite must keep one when its source has one.
HEDGES = words(
    "help assist contribute support propose suggest participate collaborate join partner "
    "co-author co-lead co-design co-own co-found co-write co-build co-organise co-organize"
)
HEDGE_PHRASES = ("part of", "with the help of", "alongside")

# Verbs of change: what follows them is what a number measures ("halving mean time to ...").
EFFECTS: dict[str, str] = {
    **dict.fromkeys(words("cut reduce lower decrease shrink trim shorten slash"), "down"),
    **dict.fromkeys(words("halve"), "down"),
    **dict.fromkeys(words("raise increase improve boost grow lift speed double triple"), "up"),
}

# Prepositions that narrow what a sentence claims: a phrase they open must be kept.
QUALIFIERS = words("of for within across in on at per during before after")

# Words that negate: losing one turns the claim around ("no lost messages").
NEGATIONS = words("no not zero without never none nothing non")

# Nouns that name a job; seniority words that rank one.
ROLE_NOUNS = words(
    "engineer developer administrator architect manager director lead head scientist analyst "
    "designer consultant specialist officer programmer technician researcher owner founder "
    "co-founder president cto ceo cio coo cfo vp chief principal sre devops intern supervisor"
)
SENIORITY = words("senior junior lead principal staff head chief associate executive")

# Words that claim a credential or a degree.
CREDENTIAL_WORDS = words(
    "certified certification certificate accredited licensed chartered mba msc bsc ba ma phd "
    "doctorate degree diploma bachelor master cka ckad cks ccna ccnp cissp cism pmp"
)

# Scope, magnitude and exclusivity: claims even in prose (letters, outreach) and in a header.
CLAIM_WORDS = words(
    "sole solely single-handedly alone only all every entire whole first best fastest largest "
    "biggest most top leading unique unprecedented record award-winning world-class expert "
    "end-to-end always hundreds thousands millions dozens numerous countless significantly "
    "dramatically massively company-wide organisation-wide organization-wide global globally "
    "worldwide"
)
NOT_SUPERLATIVE = words(
    "interest request latest test manifest harvest digest honest modest suggest contest "
    "protest ingest invest forest"
)

# Scale words are part of a number ("2 million").
SCALES = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "million": 1e6, "bn": 1e9, "b": 1e9,
    "billion": 1e9, "trillion": 1e12,
}  # fmt: skip

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip

# One spelling per unit: a rewrite may say "seconds" for "s".
UNITS = {
    "ms": "ms", "millisecond": "ms", "milliseconds": "ms", "msec": "ms",
    "s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s",
    "min": "min", "mins": "min", "minute": "min", "minutes": "min",
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "day": "day", "days": "day", "week": "week", "weeks": "week",
    "month": "month", "months": "month", "year": "year", "years": "year", "yr": "year",
    "yrs": "year", "%": "%", "percent": "%", "per cent": "%", "pp": "pp",
    "x": "x", "\u00d7": "x", "times": "x", "gb": "gb", "tb": "tb", "mb": "mb", "kb": "kb",
    "pb": "pb", "rps": "rps", "qps": "qps", "tps": "tps",
}  # fmt: skip
CURRENCIES = {
    "$": "usd", "\u20ac": "eur", "\u00a3": "gbp", "usd": "usd", "eur": "eur", "gbp": "gbp",
    "nok": "nok", "sek": "sek", "dkk": "dkk", "kr": "nok", "chf": "chf",
}  # fmt: skip

# Words that join a sentence without claiming anything: a rewording may add these freely.
# Deliberately short: no "only", "all", "each", "over", "most", "across" (scope claims).
FUNCTION_WORDS = words(
    "a an the and or but of in on at to for from by with via into onto as that which who whose "
    "this these those it its their they them our we us my i is are was were be been being has "
    "have had while using through then so also after before when where me his her "
    "he she you your per am"
)

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
}  # fmt: skip

# Spellings of one technology that mean exactly the same (the taxonomy also groups related
# things, "EKS" under Kubernetes: a rewrite may generalise EKS to Kubernetes, never narrow).
STRICT_SYNONYMS = (
    {"kubernetes", "k8s"},
    {"postgresql", "postgres", "psql"},
    {"aws", "amazon web services"},
    {"go", "golang"},
    {"javascript", "js"},
    {"typescript", "ts"},
    {"gcp", "google cloud", "google cloud platform"},
    {"azure", "microsoft azure"},
    {"opentelemetry", "otel"},
    {"node.js", "nodejs", "node"},
    {"mongodb", "mongo"},
    {"aws lambda", "lambda"},
    {"amazon s3", "s3"},
    {"apache kafka", "kafka"},
    {"apache airflow", "airflow"},
    {"argo cd", "argocd"},
    {"helm", "helm charts"},
)

# "Postgres-backed": a technology with one of these is the technology.
TECH_SUFFIXES = words("backed based powered driven native hosted")

# Directions a preposition gives the thing it introduces ("to S3" is not "from S3").
DIRECTIONS = {"to": "to", "into": "to", "onto": "to", "from": "from", "off": "from"}
