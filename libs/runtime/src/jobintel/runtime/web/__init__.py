"""Web values more than one service reads the same way. Pure functions, no I/O.

- `urls`: registrable domains, site roots, same-site checks, stable company ids;
- `jsonld`: every schema.org object a page publishes as JSON-LD, in any shape sites use.
"""

from .jsonld import json_ld, loads_json_ld, schema_types, walk
from .urls import (
    BOARD_DOMAINS,
    board_domain,
    company_id,
    is_board_domain,
    name_key,
    normalise_url,
    registrable_domain,
    same_site,
    site_root,
    website_of,
)

__all__ = [
    "BOARD_DOMAINS",
    "board_domain",
    "company_id",
    "is_board_domain",
    "json_ld",
    "loads_json_ld",
    "name_key",
    "normalise_url",
    "registrable_domain",
    "same_site",
    "schema_types",
    "site_root",
    "walk",
    "website_of",
]
