"""Document store: one port, a SQLite adapter (default) and a MongoDB adapter."""

from .factory import open_store
from .port import Document, DocumentStore, JsonDoc, SortSpec, VersionConflict, Where

__all__ = [
    "Document",
    "DocumentStore",
    "JsonDoc",
    "SortSpec",
    "VersionConflict",
    "Where",
    "open_store",
]
