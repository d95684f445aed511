"""When a source is due: time is cut into slots of its interval; one run per slot.

A scheduled run's id names its slot, so every replica of ingestion that notices the same due
source asks for the same run, and the run happens once.
"""

from __future__ import annotations

from jobintel.contracts import SourceSpec


def slot(spec: SourceSpec, now_epoch: float) -> int | None:
    if not spec.enabled or spec.interval_minutes is None:
        return None
    return int(now_epoch // (spec.interval_minutes * 60))


def scheduled_run_id(spec: SourceSpec, slot_number: int) -> str:
    return f"{spec.name}-s{slot_number}"


def due(
    specs: list[SourceSpec], now_epoch: float, asked: dict[str, int]
) -> list[tuple[SourceSpec, str]]:
    """Sources whose current slot has not been asked for yet (updates `asked`)."""
    runs: list[tuple[SourceSpec, str]] = []
    for spec in specs:
        current = slot(spec, now_epoch)
        if current is None or asked.get(spec.name) == current:
            continue
        asked[spec.name] = current
        runs.append((spec, scheduled_run_id(spec, current)))
    return runs
