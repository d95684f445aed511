"""Words the truthfulness gate treats as claims even when written in lowercase."""

from __future__ import annotations

import re
import unicodedata

from jobintel.contracts import taxonomy

# Protocols, methods, standards and certifications: claims a rewriter might slip in that the
# shared taxonomy files under practices or domains (or not at all), so the gate names them here.
_STANDARDS_TEXT = """
    rest soap websocket websockets scrum safe kanban itil togaf hipaa pci-dss soc2 gdpr
    iso27001 splunk cka ckad cks ccna ccnp cissp cism pmp
"""


_ONE_WORD = re.compile(r"[a-z0-9][a-z0-9+#]*(?:[./-][a-z0-9+#]+)*")


def _technology_words() -> frozenset[str]:
    """Every one-word spelling of a technology in the shared taxonomy, normalised ("k8s")."""
    words: set[str] = set()
    for entry in taxonomy.technologies():
        for spelling in entry.spellings:
            word = unicodedata.normalize("NFKC", spelling).lower()
            if _ONE_WORD.fullmatch(word):
                words.add(word)
    return frozenset(words)


# Technologies a rewriter might slip in: the shared taxonomy's, lowercase, plus standards.
TECHNOLOGIES = _technology_words() | frozenset(_STANDARDS_TEXT.split())

# Names products are often prefixed with ("Apache Kafka", "Google BigQuery").
VENDORS = frozenset({"apache", "google", "amazon", "aws", "microsoft", "azure", "hashicorp"})

# Words that claim a rank or a role.
_TITLES_TEXT = """
    senior junior lead principal staff head director manager vp chief architect cto ceo cio
    coo founder co-founder president partner owner supervisor
"""
TITLES = frozenset(_TITLES_TEXT.split())

# Verbs that claim leading or owning something: "helped" must not become "led".
_LEADERSHIP_TEXT = """
    led lead leading manage managed managing headed directed supervised oversaw spearheaded
    owned founded co-founded chaired
"""
LEADERSHIP = frozenset(_LEADERSHIP_TEXT.split())

# Words whose loss turns a sentence around ("no lost messages").
NEGATIONS = frozenset({"no", "not", "zero", "without", "never", "none", "nothing"})

# Words that claim a credential.
_CREDENTIALS_TEXT = """
    certified certification certifications certificate certificates accredited licensed
"""
CREDENTIALS = frozenset(_CREDENTIALS_TEXT.split())

# Scale words change what a number means ("2 million" vs "2 billion").
_SCALES_TEXT = """
    thousand thousands million millions billion billions trillion k bn
"""
SCALES = frozenset(_SCALES_TEXT.split())

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip

MONTHS = (
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may", "may"),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december"),
)  # fmt: skip

# Technologies that are also everyday words: only their capitalised spelling is a claim.
_ORDINARY_TEXT = """
    go r rust swift spring express react chef safe flux beam flask vault consul envoy spark
    hive presto sentry lambda argo rest git loki dart scala julia ruby
"""
ORDINARY = frozenset(_ORDINARY_TEXT.split())

# Nouns that name a job. A phrase ending in one ("platform engineer") claims a title, which
# must be held (a position or the CV's own label), never just wished for (a target role).
_ROLE_NOUNS_TEXT = """
    engineer developer administrator architect manager director lead head scientist analyst
    designer consultant specialist officer programmer technician researcher owner founder
    president cto ceo cio coo vp chief principal sre devops
"""
ROLE_NOUNS = frozenset(_ROLE_NOUNS_TEXT.split())

# Words that join a sentence without claiming anything: a rewording may add these freely.
# Deliberately short: no "only", "all", "over", "most", "without", "every" (scope claims).
_FUNCTION_WORDS_TEXT = """
    a an the and or but of in on at to for from by with via into onto as that which who whose
    this these those it its their they them our we us my i is are was were be been being has
    have had while using
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())
