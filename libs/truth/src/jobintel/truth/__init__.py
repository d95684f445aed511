"""The truthfulness gate: claims, not words (see README.md)."""
