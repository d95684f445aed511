"""`make eval`: the adversarial suite against the gate, a table per class of case."""

from __future__ import annotations

import sys

from . import suite


def main() -> int:
    return suite.report("truth gate, offline (the gate directly)", suite.run())


if __name__ == "__main__":
    sys.exit(main())
