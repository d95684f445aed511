"""A source's include/exclude filters, applied to normalised postings."""

from __future__ import annotations

import re

from jobintel.contracts import Posting, RemoteType, SourceFilters


def _has_word(text: str, words: list[str]) -> bool:
    return any(
        re.search(rf"(?<!\w){re.escape(w.strip())}(?!\w)", text, re.I) for w in words if w.strip()
    )


def keep(posting: Posting, filters: SourceFilters) -> bool:
    """True when the posting passes every filter that is set."""
    if filters.title_include and not _has_word(posting.title, filters.title_include):
        return False
    if filters.title_exclude and _has_word(posting.title, filters.title_exclude):
        return False
    if filters.remote_only and posting.remote is not RemoteType.REMOTE:
        return False
    if filters.locations:
        wanted = [w.casefold() for w in filters.locations if w.strip()]
        places = [p.casefold() for p in posting.locations]
        if posting.remote is RemoteType.REMOTE:
            places.append("remote")
        if not any(w in p for w in wanted for p in places):
            return False
    return True
