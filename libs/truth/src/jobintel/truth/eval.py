"""`make eval`: the adversarial suite against the gate, a table per class of case."""

from __future__ import annotations

import sys

from . import suite


def main() -> int:
    outcomes = suite.run()
    print(suite.render("truth gate, offline (the gate directly)", outcomes))
    wrong = suite.failures(outcomes)
    if wrong:
        print("\n".join(["", "cases the gate got wrong:", *wrong]))
    return 0 if suite.thresholds_met(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
