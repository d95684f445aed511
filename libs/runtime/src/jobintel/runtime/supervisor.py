"""`jobintel up`: nats-server, every service as its own process, the gateway; drained on Ctrl-C.

Each child gets the same `JOBINTEL_*` environment, so they find NATS and the data directory;
a child that dies is restarted with a growing delay, and its log stays in `<data-dir>/logs`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .nats_server import NatsServer, wait_for_port

WORKERS: tuple[tuple[str, str], ...] = (
    ("ingestion", "jobintel.ingestion"),
    ("annotation", "jobintel.annotation"),
    ("research", "jobintel.research"),
    ("cv-generator", "jobintel.cv_generator"),
)
GATEWAY = ("gateway", "jobintel.gateway")


@dataclass
class Child:
    name: str
    module: str
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    next_start: float = 0.0
    started_at: float = field(default=0.0)

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", self.module],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C goes to us; we drain the children in order
            )
        finally:
            log.close()
        self.started_at = time.monotonic()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def terminate(self) -> None:
        if self.alive():
            assert self.process is not None
            self.process.send_signal(signal.SIGTERM)

    def wait(self, timeout: float) -> None:
        if self.process is None:
            return
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class Stack:
    data_dir: Path
    host: str
    port: int
    nats_port: int
    graceful_timeout: float
    out: list[str] = field(default_factory=list)

    def run(self) -> int:
        data_dir = self.data_dir.resolve()
        logs = data_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        nats = NatsServer(
            store_dir=data_dir / "nats", port=self.nats_port, log_file=logs / "nats.log"
        )
        nats.start()
        env = {
            **os.environ,
            "JOBINTEL_NATS_URL": nats.url,
            "JOBINTEL_DATA_DIR": str(data_dir),
            "JOBINTEL_HOST": self.host,
            "JOBINTEL_PORT": str(self.port),
            "JOBINTEL_GRACEFUL_TIMEOUT_SECONDS": str(self.graceful_timeout),
        }
        children = [Child(n, m, env, logs / f"{n}.log") for n, m in (*WORKERS, GATEWAY)]
        stopping = False

        def _stop(signum: int, _frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, _stop)
        signal.signal(signal.SIGTERM, _stop)
        try:
            for child in children:
                child.start()
            self._print_table(nats, children, data_dir)
            self._wait_ready(children, lambda: stopping)
            while not stopping:
                self._supervise(children)
                time.sleep(0.5)
        finally:
            print("jobintel: draining…", flush=True)
            # the gateway first (no new work), then the workers finish what they hold
            gateway, workers = children[-1], children[:-1]
            gateway.terminate()
            gateway.wait(self.graceful_timeout + 5)
            for child in workers:
                child.terminate()
            for child in workers:
                child.wait(self.graceful_timeout + 5)
            nats.stop()
            print("jobintel: stopped; state kept in", data_dir, flush=True)
        return 0

    def _print_table(self, nats: NatsServer, children: list[Child], data_dir: Path) -> None:
        print("jobintel is starting:", flush=True)
        print(f"  {'nats-server':<14} {nats.url}  (JetStream in {data_dir / 'nats'})")
        for child in children:
            pid = child.process.pid if child.process else "-"
            print(f"  {child.name:<14} pid {pid:<8} log {child.log_path}")
        print(f"  {'data':<14} {data_dir}")
        print(f"  {'web UI + API':<14} http://{self.host}:{self.port}  (docs at /docs)", flush=True)

    def _wait_ready(self, children: list[Child], stopping: object) -> None:
        url = f"http://{self.host}:{self.port}/readyz"
        deadline = time.monotonic() + 120
        try:
            wait_for_port(self.host, self.port, timeout=60)
        except TimeoutError:
            print("jobintel: the gateway did not start; see", children[-1].log_path, flush=True)
            return
        while time.monotonic() < deadline and not (callable(stopping) and stopping()):
            try:
                with urllib.request.urlopen(url, timeout=2) as resp:
                    if resp.status == 200:
                        print(f"jobintel: ready at http://{self.host}:{self.port}", flush=True)
                        return
            except OSError:
                pass
            time.sleep(0.5)

    def _supervise(self, children: list[Child]) -> None:
        now = time.monotonic()
        for child in children:
            if child.alive():
                if now - child.started_at > 60:
                    child.restarts = 0
                continue
            if child.next_start == 0.0:
                code = child.process.returncode if child.process else None
                delay = min(30.0, 2.0**child.restarts)
                print(
                    f"jobintel: {child.name} exited ({code}); restarting in {delay:.0f}s,"
                    f" log {child.log_path}",
                    flush=True,
                )
                child.next_start = now + delay
            elif now >= child.next_start:
                child.restarts += 1
                child.next_start = 0.0
                child.start()
