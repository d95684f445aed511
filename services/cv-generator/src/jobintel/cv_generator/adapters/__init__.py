"""Adapters specific to the cv-generator (the object store file sink)."""
