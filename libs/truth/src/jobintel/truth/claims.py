"""Reading a sentence as claims: quantities, pairs, actions, names, titles, skills, scope.

Everything here is pure text analysis of one (folded) sentence; `gate.py` maps the claims of a
rewrite onto the claims of its source.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Set
from dataclasses import dataclass, field
from functools import cache, lru_cache

from jobintel.contracts import taxonomy

from .lexicon import (
    BUILT,
    CLAIM_WORDS,
    CREDENTIAL_WORDS,
    CURRENCIES,
    EFFECTS,
    FUNCTION_WORDS,
    HEDGE_PHRASES,
    HEDGES,
    MONTHS,
    NEGATIONS,
    NUMBER_WORDS,
    QUALIFIERS,
    ROLE_NOUNS,
    SCALES,
    SENIORITY,
    STRENGTH,
    STRICT_SYNONYMS,
    UNITS,
)
from .morph import lemmas, parts, same_word

_WORD = re.compile(r"[^\W_][\w+#&'./-]*[\w+#%]|[^\W_]|[$€£%+\u00d7]")
_NUMBER = re.compile(
    r"(?<![\w.])(?P<cur>[$€£])?\s?(?P<num>\d+(?:[.,]\d+)*)(?:\s?(?P<scale>k|K|M|bn|B|thousand|"
    r"million|billion|trillion)\b)?(?P<plus>\+)?(?:\s?(?P<unit>%|\u00d7|x\b|ms\b|s\b|sec\b|secs\b|"
    r"min\b|mins\b|h\b|hrs?\b|GB\b|TB\b|MB\b|PB\b|rps\b|qps\b|tps\b|pp\b|percent\b|"
    r"per cent\b|milliseconds?\b|seconds?\b|minutes?\b|hours?\b|days?\b|weeks?\b|months?\b|"
    r"years?\b|times\b|(?:USD|EUR|GBP|NOK|SEK|DKK|CHF|kr)\b))?(?P<plus2>\+)?"
)
_YEAR = re.compile(r"^(19|20)\d\d$")
_PAIR_GAP = re.compile(r"^\s*(?:-|\u2013|to|->|→|down to|up to|into)\s*$", re.I)
_FROM_TO = re.compile(
    r"\bfrom\s+(?P<a>[^,;]+?)\s+(?:to|into)\s+(?P<b>[^,;]+?)(?=[,;]|\.(?:\s|$)|\s+(?:by|with|for|in|on|through|via|using|and|while|,)\b|$)",
    re.I,
)
_X_TO_Y = re.compile(r"(?P<a>[\w.+#]+)-to-(?P<b>[\w.+#]+)", re.I)
_PHRASE_END = frozenset(
    [
        "by",
        "to",
        "from",
        "with",
        "for",
        "of",
        "in",
        "on",
        "at",
        "across",
        "within",
        "through",
        "via",
        "using",
        "and",
        "or",
        "while",
        "that",
        "which",
        "who",
        "where",
        "when",
        "as",
        "per",
        "during",
        "into",
        "onto",
    ]
)
_DETERMINERS = frozenset({"the", "a", "an", "our", "their", "its", "his", "her", "my", "your"})


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # as written
    lower: str
    start: int
    end: int
    initial: bool  # starts the sentence (a capital means nothing there)

    @property
    def forms(self) -> frozenset[str]:
        return lemmas(self.lower)


@dataclass(frozen=True, slots=True)
class Quantity:
    text: str
    value: float
    unit: str  # "" when none; currency and units folded to one spelling
    plus: bool  # "6+" claims more than "6"
    measure: tuple[str, ...]  # the words it counts ("product teams"), () when none
    start: int
    end: int

    @property
    def key(self) -> tuple[float, str, bool]:
        return (self.value, self.unit, self.plus)


@dataclass(frozen=True, slots=True)
class Mention:
    """A named thing in the text: a technology, an organisation, a title, a credential."""

    text: str
    key: str  # how it compares (the taxonomy's name, or the folded words)
    start: int
    end: int
    spelling: str = ""  # the spelling used, for techs ("k8s")


@dataclass(frozen=True, slots=True)
class Phrase:
    """A run of words with a role: a scope qualifier ("for one team"), an effect's object."""

    text: str
    head: str  # the preposition or effect verb that opens it
    words: tuple[str, ...]  # its content words, lowercase


@dataclass(slots=True)
class Parsed:
    text: str
    tokens: list[Token]
    quantities: list[Quantity] = field(default_factory=list)
    pairs: list[tuple[str, str, str]] = field(default_factory=list)  # (from, to, as written)
    techs: list[Mention] = field(default_factory=list)
    skills: list[Mention] = field(default_factory=list)  # taxonomy skills that are not techs
    names: list[Mention] = field(default_factory=list)
    titles: list[Mention] = field(default_factory=list)
    credentials: list[Mention] = field(default_factory=list)
    dates: list[Mention] = field(default_factory=list)
    actions: list[tuple[Token, int]] = field(default_factory=list)  # verb and its strength
    hedges: list[str] = field(default_factory=list)
    qualifiers: list[Phrase] = field(default_factory=list)
    effects: list[Phrase] = field(default_factory=list)
    negations: list[str] = field(default_factory=list)
    claim_words: list[Token] = field(default_factory=list)
    covered: set[int] = field(default_factory=set)  # token indexes inside a structured claim
    forms: frozenset[str] | None = None  # every base form of its words, once computed

    @property
    def strength(self) -> int:
        return max((s for _, s in self.actions), default=0)


def _value(raw: str) -> float:
    if re.fullmatch(r"\d{1,3}(,\d{3})+", raw):
        return float(raw.replace(",", ""))
    return float(raw.replace(",", "."))


def tokenize(text: str) -> list[Token]:
    out = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        if len(word) > 1:
            word = word.rstrip(".'")
            if word.lower().endswith(("'s", "\u2019s")):  # a possessive: the noun it is
                word = word[:-2]
        before = text[: match.start()].rstrip()
        initial = not before or before[-1] in ".!?:;•·,|\u2014(\n" or before.endswith(" -")
        out.append(Token(word, word.lower(), match.start(), match.start() + len(word), initial))
    return out


def _measure(tokens: list[Token], end: int) -> tuple[str, ...]:
    """The noun a number counts: the last of the content words right after it."""
    run: list[str] = []
    for token in tokens:
        if token.start < end:
            continue
        if (
            token.lower in FUNCTION_WORDS
            or token.lower in _PHRASE_END
            or not token.text[0].isalnum()
        ):
            break
        run.append(token.lower)
        if len(run) == 3:
            break
    return tuple(run)


def _quantities(text: str, tokens: list[Token]) -> list[Quantity]:
    found: list[Quantity] = []
    for match in _NUMBER.finditer(text):
        scale = (match.group("scale") or "").lower()
        unit = (match.group("unit") or "").lower()
        unit = UNITS.get(unit, CURRENCIES.get(unit, unit))
        if match.group("cur"):
            unit = CURRENCIES[match.group("cur")]
        if _YEAR.match(match.group("num")) and not unit and not scale:
            continue  # a year: a date claim
        value = _value(match.group("num")) * SCALES.get(scale, 1)
        end = match.end()
        measure = (unit,) if unit and unit not in CURRENCIES.values() else _measure(tokens, end)
        found.append(
            Quantity(
                match.group(0).strip(),
                value,
                unit,
                bool(match.group("plus") or match.group("plus2")),
                measure,
                match.start(),
                end,
            )
        )
    for i, token in enumerate(tokens):
        if token.lower in NUMBER_WORDS:
            after = tokens[i + 1] if i + 1 < len(tokens) else None
            unit = UNITS.get(after.lower, "") if after else ""
            end = after.end if unit and after else token.end
            found.append(
                Quantity(
                    text[token.start : end],
                    float(NUMBER_WORDS[token.lower]),
                    unit,
                    False,
                    (unit,) if unit else _measure(tokens, token.end),
                    token.start,
                    end,
                )
            )
    return sorted(found, key=lambda q: q.start)


def _spellings() -> dict[str, tuple[str, bool]]:
    """Lowercase spelling -> (taxonomy name, is it a technology)."""
    return _spelling_table()


@cache
def _spelling_table() -> dict[str, tuple[str, bool]]:
    table: dict[str, tuple[str, bool]] = {}
    for entry in taxonomy.skills():
        for spelling in entry.spellings:
            key = " ".join(spelling.lower().split())
            if spelling == entry.name and not entry.match_name:
                continue
            table.setdefault(key, (entry.name, entry.is_technology))
    return table


@cache
def _case_written() -> frozenset[str]:
    return frozenset(s for e in taxonomy.skills() for s in e.case_sensitive)


@cache
def _case_sensitive() -> frozenset[str]:
    return frozenset(s.lower() for e in taxonomy.skills() for s in e.case_sensitive)


def _mentions(tokens: list[Token], text: str) -> tuple[list[Mention], list[Mention], set[int]]:
    """Technologies and skills of the shared taxonomy, longest spelling first."""
    table, cased = _spelling_table(), _case_sensitive()
    techs: list[Mention] = []
    skills: list[Mention] = []
    covered: set[int] = set()
    # hyphen compounds are read by their parts ("Postgres-backed", "MongoDB-to-PostgreSQL")
    parts: list[tuple[str, str, int, int, int]] = []  # (lower, as written, start, end, token)
    for i, token in enumerate(tokens):
        pieces = [token.text] if token.lower in table else token.text.split("-")
        offset = token.start
        for piece in pieces:
            if piece:
                parts.append((piece.lower(), piece, offset, offset + len(piece), i))
            offset += len(piece) + 1
    i = 0
    while i < len(parts):
        for n in (4, 3, 2, 1):
            window = parts[i : i + n]
            if len(window) < n:
                continue
            spelling = " ".join(p[0] for p in window)
            if spelling not in table:
                continue
            written = " ".join(p[1] for p in window)
            if spelling in cased and written not in _case_written():
                continue
            name, is_tech = table[spelling]
            if n > 1 and window[0][0] in table and table[window[0][0]][1]:
                vendor = window[0]  # "AWS Lambda" also says AWS
                techs.append(
                    Mention(vendor[1], table[vendor[0]][0], vendor[2], vendor[3], vendor[0])
                )
            first = tokens[window[0][4]]
            if not is_tech and not first.initial and window[0][1][:1].isupper():
                continue  # "Skarv Payments": a capitalised name, not the skill "payments"
            mention = Mention(written, name, window[0][2], window[-1][3], spelling)
            (techs if is_tech else skills).append(mention)
            covered.update(p[4] for p in window)
            i += n - 1
            break
        i += 1
    return techs, skills, covered


def same_tech(output: Mention, source: Mention) -> bool:
    """`output` names the technology `source` does: the same spelling, a strict synonym, or the
    taxonomy's name for it (a generalisation: "EKS" may become Kubernetes, never the reverse)."""
    if output.key != source.key:
        return False
    if output.spelling == source.spelling or output.spelling == output.key.lower():
        return True
    return any(output.spelling in s and source.spelling in s for s in STRICT_SYNONYMS)


def _phrase_after(tokens: list[Token], start: int, *, stop_of: bool) -> list[Token]:
    run: list[Token] = []
    for token in tokens[start:]:
        if token.lower in _PHRASE_END and (stop_of or token.lower not in {"of", "to", "in"}):
            break
        if not token.text[0].isalnum() and token.text not in "%":
            break
        run.append(token)
        if len(run) == 8:
            break
    # the text ends at a comma: tokens keep their offsets, so cut where a comma falls
    return run


def _content(run: list[Token]) -> tuple[str, ...]:
    return tuple(t.lower for t in run if t.lower not in FUNCTION_WORDS and t.text[0].isalnum())


def _clip_at_punct(text: str, tokens: list[Token], run: list[Token]) -> list[Token]:
    kept: list[Token] = []
    for token in run:
        if kept and re.search(r"[,;:()]", text[kept[-1].end : token.start]):
            break
        kept.append(token)
    return kept


def is_hedge(token: Token) -> bool:
    return token.lower.startswith("co-") or bool(token.forms & HEDGES)


@lru_cache(maxsize=4096)
def parse_cached(text: str) -> Parsed:
    """`parse` for texts read again and again (a job's keywords)."""
    return parse(text)


def parse(text: str) -> Parsed:
    """The claims of one sentence (already folded by `unicode.fold`)."""
    tokens = tokenize(text)
    parsed = Parsed(text, tokens)
    parsed.quantities = _quantities(text, tokens)
    for q in parsed.quantities:
        parsed.covered.update(i for i, t in enumerate(tokens) if q.start <= t.start < q.end)
    # ordered pairs: "from 2.4 s to 310 ms", "9-to-5", "MongoDB-to-PostgreSQL"
    qs = parsed.quantities
    for a, b in itertools.pairwise(qs):
        if _PAIR_GAP.match(text[a.end : b.start]):
            parsed.pairs.append((_qkey(a), _qkey(b), text[a.start : b.end]))
    for match in _X_TO_Y.finditer(text):
        parsed.pairs.append((_wkey(match.group("a")), _wkey(match.group("b")), match.group(0)))
    for match in _FROM_TO.finditer(text):
        if _numeric(match.group("a")) and _numeric(match.group("b")):
            continue  # numbers: paired above, with their units
        start, end = _wkey(match.group("a")), _wkey(match.group("b"))
        if start and end:
            parsed.pairs.append((start, end, match.group(0)))
    parsed.techs, parsed.skills, covered = _mentions(tokens, text)
    parsed.covered |= covered
    tech_tokens = covered

    for i, token in enumerate(tokens):
        lower = token.lower
        if lower in NEGATIONS:
            parsed.negations.append(lower)
        if lower in CLAIM_WORDS or (
            lower.endswith("est")
            and len(lower) > 5
            and lower
            not in {
                "interest",
                "request",
                "latest",
                "test",
                "manifest",
                "harvest",
                "digest",
                "honest",
                "modest",
                "suggest",
                "contest",
                "protest",
                "ingest",
            }
        ):
            parsed.claim_words.append(token)
        if _YEAR.match(lower):
            parsed.dates.append(Mention(token.text, lower, token.start, token.end))
            parsed.covered.add(i)
        elif lower in MONTHS and (token.text[0].isupper()):
            parsed.dates.append(Mention(token.text, str(MONTHS[lower]), token.start, token.end))
            parsed.covered.add(i)
        if lower in CREDENTIAL_WORDS or lower.removesuffix("s") in CREDENTIAL_WORDS:
            parsed.credentials.append(Mention(token.text, lower, token.start, token.end))
        # hedges and actions
        if is_hedge(token):
            parsed.hedges.append(token.text)
        elif i not in tech_tokens:
            ladder = max((STRENGTH.get(f, 0) for f in token.forms), default=0)
            if (token.initial or _after_conjunction(tokens, i)) and (ladder or _is_verb(token)):
                parsed.actions.append((token, ladder or BUILT))
            elif ladder and lower not in ROLE_NOUNS and not _after_determiner(tokens, i):
                parsed.actions.append((token, ladder))
        # effects and what they measure
        effect = next((EFFECTS[f] for f in token.forms if f in EFFECTS), None)
        if effect is not None and _is_verb(token):
            run = _clip_at_punct(text, tokens, _phrase_after(tokens, i + 1, stop_of=False))
            if run:
                words = _content(run)
                parsed.effects.append(Phrase(text[token.start : run[-1].end], effect, words))
        # scope qualifiers
        if lower in QUALIFIERS and i + 1 < len(tokens):
            run = _clip_at_punct(text, tokens, _phrase_after(tokens, i + 1, stop_of=True))
            words = _content(run)
            if words:
                parsed.qualifiers.append(Phrase(text[token.start : run[-1].end], lower, words))
    for phrase in HEDGE_PHRASES:
        if re.search(rf"\b{phrase}\b", text, re.I):
            parsed.hedges.append(phrase)
    parsed.titles = _titles(tokens, text)
    parsed.names = _names(tokens, parsed)
    return parsed


def _numeric(words: str) -> bool:
    first = words.split()[0].lower() if words.split() else ""
    return bool(_NUMBER.search(words)) or first in NUMBER_WORDS


def _after_conjunction(tokens: list[Token], i: int) -> bool:
    return i > 0 and tokens[i - 1].lower in {"and", "then", "i", "we"}


def _after_determiner(tokens: list[Token], i: int) -> bool:
    return any(t.lower in _DETERMINERS for t in tokens[max(0, i - 3) : i])


@cache
def _verb_word(lower: str) -> bool:
    from lemminflect import getAllLemmas

    found = getAllLemmas(lower)
    return "VERB" in found


def _is_verb(token: Token) -> bool:
    return token.lower.isalpha() and _verb_word(token.lower)


def _qkey(q: Quantity) -> str:
    return f"{q.value:g}{q.unit}{'+' if q.plus else ''}"


def _wkey(words: str) -> str:
    """A phrase as comparable words: lemmas of its content words, tech names resolved."""
    table = _spelling_table()
    out = []
    for token in tokenize(words):
        if token.lower in FUNCTION_WORDS:
            continue
        if token.lower in table:
            out.append(table[token.lower][0].lower())
            continue
        number = _NUMBER.fullmatch(token.text)
        out.append(token.lower if number else min(token.forms))
    return " ".join(out)


def _titles(tokens: list[Token], text: str) -> list[Mention]:
    """Phrases that claim a job title: a job noun with the words that qualify it."""
    out: list[Mention] = []
    for i, token in enumerate(tokens):
        if token.lower not in ROLE_NOUNS and not (
            token.lower in SENIORITY and i + 1 < len(tokens) and tokens[i + 1].text[:1].isupper()
        ):
            continue
        if token.lower in SENIORITY and token.lower not in ROLE_NOUNS:
            continue  # a rank word before a title: the title phrase includes it
        start = i
        while start > 0 and i - start < 4:
            prev = tokens[start - 1]
            gap = text[prev.end : tokens[start].start]
            if gap.strip() or prev.lower in FUNCTION_WORDS or prev.lower in NEGATIONS:
                break
            if _NUMBER.fullmatch(prev.text) or prev.lower in NUMBER_WORDS:
                break
            start -= 1
        phrase = text[tokens[start].start : token.end]
        out.append(
            Mention(
                phrase,
                " ".join(t.lower for t in tokens[start : i + 1]),
                tokens[start].start,
                token.end,
            )
        )
    return out


def _names(tokens: list[Token], parsed: Parsed) -> list[Mention]:
    """Proper names (organisations, products, places): capitalised mid-sentence, mixed case,
    or letters with digits ("EC2"); consecutive ones are one name ("Tidewater Logistics")."""
    skip = parsed.covered | {
        i for i, t in enumerate(tokens) for m in parsed.titles if m.start <= t.start < m.end
    }
    runs: list[list[int]] = []
    for i, token in enumerate(tokens):
        if i in skip or not token.text[0].isalnum():
            continue
        letters = [c for c in token.text if c.isalpha()]
        if not letters:
            continue
        named = (
            any(c.isdigit() for c in token.text)
            or any(c.isupper() for c in letters[1:])
            or (letters[0].isupper() and not token.initial)
            or (token.initial and letters[0].isupper() and not _known_word(token.lower))
        )
        if token.lower in FUNCTION_WORDS or token.lower in MONTHS:
            named = named and not token.initial and token.lower not in FUNCTION_WORDS
        if not named:
            continue
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    out = []
    for run in runs:
        first, last = tokens[run[0]], tokens[run[-1]]
        text = parsed.text[first.start : last.end]
        out.append(Mention(text, " ".join(tokens[i].lower for i in run), first.start, last.end))
    return out


@cache
def _known_word(lower: str) -> bool:
    """A dictionary word, or a compound of them ("hands-on", "multi-zone")."""
    from lemminflect import getAllLemmas

    parts = [p for p in re.split(r"[-/]", lower) if p]
    return bool(parts) and all(
        getAllLemmas(p) or p in FUNCTION_WORDS or p in NUMBER_WORDS for p in parts
    )


def words_in(words: tuple[str, ...], forms: Set[str]) -> list[str]:
    """The words of `words` that no form in `forms` accounts for."""
    out = []
    for w in words:
        if w in forms or lemmas(w) & forms:
            continue
        if w in NUMBER_WORDS and f"{NUMBER_WORDS[w]:g}" in forms:
            continue
        out.append(w)
    return out


def forms_of(parsed: Parsed) -> frozenset[str]:
    """Every base form of every word of a parsed text, parts of hyphen compounds included."""
    if parsed.forms is None:
        parsed.forms = frozenset(_forms_of(parsed))
    return parsed.forms


def _forms_of(parsed: Parsed) -> set[str]:
    out: set[str] = set()
    for token in parsed.tokens:
        out |= token.forms
        out.add(token.lower)
        for part in re.split(r"[-/.&']", token.lower):
            if part:
                out |= lemmas(part)
    for tech in parsed.techs:
        out.add(tech.key.lower())
    for q in parsed.quantities:
        out.add(f"{q.value:g}")
        out.update(q.text.lower().split())
    for token in parsed.tokens:
        for part in parts(token.lower):
            out |= lemmas(part)
    return out


__all__ = [
    "Mention",
    "Parsed",
    "Phrase",
    "Quantity",
    "Token",
    "forms_of",
    "is_hedge",
    "parse",
    "same_tech",
    "same_word",
    "tokenize",
    "words_in",
]
