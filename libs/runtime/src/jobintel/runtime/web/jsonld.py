"""schema.org objects from a page's JSON-LD, read in every shape sites publish it.

A block may be wrapped in an HTML comment or CDATA, entity-escaped as a whole, hold a single
object, an array, or a `@graph`, and name its types as `JobPosting`,
`https://schema.org/JobPosting` or `schema:JobPosting`. Nested entities under `mainEntity`,
`itemListElement` and `item` are found too.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from collections.abc import Collection, Iterator
from typing import Any

from selectolax.lexbor import LexborHTMLParser

_SCRIPTS = 'script[type="application/ld+json"], script[type="application/json+ld"]'
_NESTED = ("@graph", "mainEntity", "itemListElement", "item")


def loads_json_ld(raw: str) -> Any:
    """One JSON-LD block as JSON, or None when it is not JSON even after unwrapping."""
    raw = raw.strip().removeprefix("<!--").removesuffix("-->").strip()
    raw = raw.removeprefix("//<![CDATA[").removesuffix("//]]>").strip()
    raw = raw.removeprefix("<![CDATA[").removesuffix("]]>").strip()
    try:
        return json.loads(raw, strict=False)
    except ValueError:
        pass
    try:  # some sites entity-escape the whole block
        return json.loads(htmllib.unescape(raw), strict=False)
    except ValueError:
        return None


def schema_types(node: dict[str, Any]) -> set[str]:
    """The bare type names of a node: `schema:JobPosting` and full IRIs become `JobPosting`."""
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    return {re.split(r"[/:#]", v)[-1] for v in values if isinstance(v, str) and v}


def walk(value: Any) -> Iterator[dict[str, Any]]:
    """Every object of a JSON-LD value: arrays flattened, `@graph` and main entities entered."""
    if isinstance(value, list):
        for item in value:
            yield from walk(item)
    elif isinstance(value, dict):
        yield value
        for key in _NESTED:
            if key in value:
                yield from walk(value[key])


def json_ld(
    page: str | LexborHTMLParser, types: Collection[str] | None = None
) -> list[dict[str, Any]]:
    """The JSON-LD objects of a page, in page order; only those of `types` when given."""
    tree = page if isinstance(page, LexborHTMLParser) else LexborHTMLParser(page)
    wanted = set(types) if types is not None else None
    found: list[dict[str, Any]] = []
    for script in tree.css(_SCRIPTS):
        for node in walk(loads_json_ld(script.text(deep=True) or "")):
            if wanted is None or wanted & schema_types(node):
                found.append(node)
    return found
