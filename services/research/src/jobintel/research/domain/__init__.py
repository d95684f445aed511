"""Pure research logic: no I/O."""
