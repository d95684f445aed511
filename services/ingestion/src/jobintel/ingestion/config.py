"""Ingestion's own settings (on top of the shared ones) and the sources config file."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, ValidationError

from jobintel.contracts import SourceSpec
from jobintel.runtime.fetch import FetchLimits
from jobintel.runtime.settings import Settings


class IngestionSettings(Settings):  # type: ignore[misc]
    """`JOBINTEL_*` like every setting; only the ingestion service reads these."""

    firecrawl_api_key: SecretStr | None = Field(
        default=None, description="Use FireCrawl for pages that need a browser"
    )
    firecrawl_base_url: str = Field(default="https://api.firecrawl.dev")
    sources_file: Path | None = Field(
        default=None, description="TOML or JSON file of sources ([[sources]] tables)"
    )
    page_max_bytes: int = Field(
        default=5 * 1024 * 1024,
        gt=0,
        description="Largest response fetched: a job page or file, a board's API answer",
    )
    schedule_tick_seconds: float = Field(
        default=30.0, gt=0, description="How often the scheduler looks for sources due to run"
    )

    def fetch_limits(self) -> FetchLimits:
        """The fetcher's caps: `page_max_bytes` is the one byte cap (FetchLimits.max_bytes)."""
        return FetchLimits(max_bytes=self.page_max_bytes)


class SourcesFileError(ValueError):
    """The sources file cannot be used; the message says where and why."""


def load_sources(path: Path) -> list[SourceSpec]:
    """`[[sources]]` tables in TOML, or `{"sources": [...]}` / a list in JSON."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourcesFileError(f"cannot read the sources file {path}: {exc}") from exc
    try:
        data: Any = tomllib.loads(raw.decode()) if path.suffix == ".toml" else json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SourcesFileError(
            f"{path} is not valid {path.suffix.lstrip('.') or 'JSON'}: {exc}"
        ) from exc
    items = data.get("sources", []) if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise SourcesFileError(f"{path}: 'sources' must be a list of tables")
    specs: list[SourceSpec] = []
    for index, item in enumerate(items):
        try:
            specs.append(SourceSpec.model_validate(item))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "source"
            name = item.get("name", "?") if isinstance(item, dict) else "?"
            raise SourcesFileError(
                f"{path}: source #{index + 1} ({name}) is invalid at {where}: {first['msg']}"
            ) from exc
    names = [s.name for s in specs]
    if len(names) != len(set(names)):
        raise SourcesFileError(f"{path}: source names must be unique")
    return specs
