"""The gateway served by uvicorn on a free loopback port, on the test's real nats-server."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TypeVar

import httpx
import pytest
import uvicorn

from jobintel.gateway.app import create_app
from jobintel.runtime.settings import Settings

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    """A running gateway: its base URL and a client for it."""

    def __init__(self, url: str, client: httpx.AsyncClient) -> None:
        self.url = url
        self.client = client


async def serve(settings: Settings) -> AsyncIterator[Served]:
    port = free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="on", timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    async with asyncio.timeout(20):
        while not server.started:
            if task.done():
                task.result()
                raise AssertionError("the gateway stopped while starting")
            await asyncio.sleep(0.02)
    url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=url, timeout=20) as client:
            yield Served(url, client)
    finally:
        server.should_exit = True
        await task


@pytest.fixture
async def gateway(settings: Settings) -> AsyncIterator[Served]:
    async for served in serve(settings):
        yield served


async def _eventually(check: Callable[[], Awaitable[T | None]], limit: float = 15.0) -> T:
    last: T | None = None
    async with asyncio.timeout(limit):
        while True:
            last = await check()
            if last:
                return last
            await asyncio.sleep(0.05)


Eventually = Callable[..., Awaitable[object]]


@pytest.fixture
def eventually() -> Callable[..., Awaitable[object]]:
    """Poll `check` until it returns something truthy (the read model is eventually consistent)."""
    return _eventually
