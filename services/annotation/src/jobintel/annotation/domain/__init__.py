"""Pure structuring and annotation logic: no I/O, no clock, no network."""
