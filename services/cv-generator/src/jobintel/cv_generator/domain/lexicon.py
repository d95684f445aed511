"""Technology words matching reads as one term (the truth gate keeps its own lexicon)."""

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
