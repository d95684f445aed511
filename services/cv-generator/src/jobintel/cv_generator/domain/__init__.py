"""Pure CV logic: matching, tailoring, the truthfulness gate, ATS checks and rendering."""
