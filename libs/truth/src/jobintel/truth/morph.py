"""Word forms: every lemma of a word (all parts of speech), plus a few derivations.

"cutting" and "Cut" share the lemma "cut" (lemminflect); "migration" and "Migrated" share
"migrate" only through a derivational rule ("-ation" -> "-ate"), which lemminflect does not do.
"""

from __future__ import annotations

from functools import cache

from lemminflect import getAllLemmas, getAllLemmasOOV

# (noun or adjective suffix, verb suffix): "migration" -> "migrate", "deployment" -> "deploy"
_DERIVATIONS = (
    ("ization", "ize"), ("isation", "ise"), ("ation", "ate"), ("ation", "e"), ("ation", ""),
    ("ition", "ite"), ("tion", "te"), ("sion", "de"), ("ion", ""), ("ion", "e"),
    ("ment", ""), ("ance", ""), ("ence", ""), ("al", ""), ("al", "e"), ("ing", ""),
    ("ing", "e"), ("er", ""), ("er", "e"), ("or", ""), ("or", "e"), ("ure", ""), ("ure", "e"),
    ("ive", "e"), ("ive", ""), ("ly", ""), ("ability", "able"), ("ity", ""),
)  # fmt: skip
# Irregular pairs lemminflect cannot see: the noun and the verb it names.
_IRREGULAR = {
    "rollout": "roll", "analysis": "analyse", "analyses": "analyse", "analyze": "analyse",
    "growth": "grow", "proof": "prove", "failure": "fail", "design": "design",
    "optimise": "optimize", "optimisation": "optimize", "organise": "organize",
    "standardise": "standardize", "modernise": "modernize", "prioritise": "prioritize",
    "utilise": "utilize", "minimise": "minimize", "maximise": "maximize", "halving": "halve",
    "half": "halve", "led": "lead", "wrote": "write", "written": "write", "ran": "run",
    "built": "build", "maintenance": "maintain", "drove": "drive", "cut": "cut",
    "sped": "speed", "grew": "grow",
}  # fmt: skip


# Nouns made of a verb and its particle: "rollout" is "roll out".
_COMPOUNDS = {
    "rollout": ("roll", "out"), "setup": ("set", "up"), "cleanup": ("clean", "up"),
    "shutdown": ("shut", "down"), "breakdown": ("break", "down"), "lookup": ("look", "up"),
    "backup": ("back", "up"), "handover": ("hand", "over"), "handoff": ("hand", "off"),
    "buildout": ("build", "out"), "signup": ("sign", "up"), "speedup": ("speed", "up"),
}  # fmt: skip


def parts(word: str) -> tuple[str, ...]:
    """The verb and particle a compound noun is made of (`()` when it is not one)."""
    return _COMPOUNDS.get(word.lower(), ())


@cache
def _known(word: str) -> bool:
    return bool(getAllLemmas(word))


@cache
def lemmas(word: str) -> frozenset[str]:
    """Every base form `word` may stand for (lowercase, all parts of speech)."""
    word = word.lower()
    out = {word}
    if word in _IRREGULAR:
        out.add(_IRREGULAR[word])
    for forms in getAllLemmas(word).values():
        out.update(forms)
    if len(out) == 1 and word.isalpha():
        for forms in getAllLemmasOOV(word, "NOUN").values():
            out.update(forms)
    for base in list(out):
        for noun, verb in _DERIVATIONS:
            if base.endswith(noun) and len(base) - len(noun) >= 3:
                stem = base[: -len(noun)] + verb
                if _known(stem):
                    out.update(f for fs in getAllLemmas(stem).values() for f in fs)
        if base in _IRREGULAR:
            out.add(_IRREGULAR[base])
    return frozenset(out)


def same_word(a: str, b: str) -> bool:
    """Whether `a` and `b` are forms of one word ("migration"/"Migrated", "s"/"s")."""
    return a.lower() == b.lower() or bool(lemmas(a) & lemmas(b))
