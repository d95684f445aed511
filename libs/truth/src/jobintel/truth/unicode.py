"""Unicode first: fold compatibility forms (NFKC), then refuse look-alike tokens.

Fullwidth letters fold to ASCII ("Tech Lead" written in U+FF00 forms) and are then compared
like any text. A token written in another script that reads as Latin (Cyrillic letters that
spell "CEO" or "MBA") or mixing scripts ("Maersk" with a Cyrillic "a") is refused: it would
render as a claim the source does not make.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from confusable_homoglyphs import categories, confusables

_TOKEN = re.compile(r"\S+")
# Invisible characters that hide a word boundary or join letters into a new token.
_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-"})


@dataclass(frozen=True, slots=True)
class Refusal:
    token: str
    reason: str


def fold(text: str) -> str:
    """NFKC, dashes and invisible characters folded: the form every comparison reads."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return _INVISIBLE.sub("", text)


def _scripts(token: str) -> set[str]:
    found = set()
    for char in token:
        if char.isalpha():
            alias = categories.aliases_categories(char)[0]
            if alias not in ("COMMON", "INHERITED"):
                found.add(alias)
    return found


def lookalikes(text: str, allowed: frozenset[str] = frozenset()) -> list[Refusal]:
    """Tokens of `text` (already folded) that read as something they are not.

    `allowed` holds tokens the source itself spells that way (a Cyrillic name in a Cyrillic
    CV is the user's own, not a disguise).
    """
    out: list[Refusal] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0).strip(".,;:!?()[]\"'")
        if not token or token.isascii() or token in allowed:
            continue
        scripts = _scripts(token)
        if len(scripts) > 1:
            out.append(Refusal(token, f"mixes scripts ({', '.join(sorted(scripts))})"))
        elif (
            scripts
            and scripts != {"LATIN"}
            and confusables.is_confusable(token, preferred_aliases=["latin"], greedy=False)
        ):
            script = next(iter(scripts)).title()
            out.append(Refusal(token, f"{script} letters that look like Latin ones"))
    return out
