"""Pure ingestion logic: no I/O."""
