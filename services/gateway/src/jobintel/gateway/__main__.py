"""`python -m jobintel.gateway`: serve the gateway with uvicorn on settings.host:settings.port."""

from __future__ import annotations

import uvicorn

from jobintel.runtime.settings import Settings

from .app import create_app
from .security import check_bind


def main() -> None:
    settings = Settings()
    check_bind(settings.host, settings.api_token is not None)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level.lower(),
        timeout_graceful_shutdown=int(settings.graceful_timeout_seconds),
        proxy_headers=False,
    )


if __name__ == "__main__":
    main()
