"""One settings object per process, read from `JOBINTEL_*` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JOBINTEL_", env_file=".env", extra="ignore")

    nats_url: str = Field(default="nats://127.0.0.1:4222", description="NATS server URL")
    data_dir: Path = Field(default=Path(".jobintel"), description="Where local state lives")
    store_url: str | None = Field(
        default=None,
        description="sqlite:///path.db or mongodb://...; default: SQLite under the data dir",
    )
    max_deliver: int = Field(default=5, ge=1, description="Deliveries before a dead letter")
    ack_wait_seconds: float = Field(default=30.0, gt=0)
    concurrency: int = Field(
        default=1, ge=1, le=64, description="Messages one consumer handles at once per process"
    )
    retry_base_seconds: float = Field(default=1.0, gt=0, description="First retry delay")
    retry_max_seconds: float = Field(default=60.0, gt=0)
    graceful_timeout_seconds: float = Field(default=20.0, gt=0)
    handler_budget_seconds: float = Field(
        default=600.0,
        gt=0,
        description="Longest one message may be worked on before it fails for good",
    )
    heartbeat_seconds: float = Field(default=2.0, gt=0)
    log_level: str = "INFO"
    log_json: bool = Field(default=False, description="JSON logs instead of console lines")
    otlp_endpoint: str | None = Field(default=None, description="OTLP/HTTP traces endpoint")
    anthropic_api_key: SecretStr | None = None
    anthropic_base_url: str | None = None
    anthropic_model: str = "claude-sonnet-5-5"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    api_token: SecretStr | None = Field(default=None, description="Bearer token for the API")
    fetch_allow_private_networks: bool = False

    @field_validator("api_token", "anthropic_api_key", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        """`JOBINTEL_API_TOKEN=` (a blank line in .env, an empty secret) is no token at all.

        Left as an empty SecretStr it would be a token that an empty cookie matches, and it
        would pass the check that refuses a non-loopback bind without one.
        """
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def store_url_for(self, service: str) -> str:
        if self.store_url:
            return self.store_url
        return f"sqlite:///{(self.data_dir / f'{service}.db').resolve()}"


S = TypeVar("S", bound=Settings)


def service_settings(settings: Settings | None, kind: type[S]) -> S:
    """A service's own settings (`kind`), keeping every value of the runtime `settings` given.

    Tests and the supervisor hand a service plain runtime settings; the service's own fields
    are then read from the environment like any other `JOBINTEL_*` setting.
    """
    if isinstance(settings, kind):
        return settings
    if settings is None:
        return kind()
    return kind(**settings.model_dump())
