"""`jobintel up`: nats-server, every service as its own process, the gateway; drained on Ctrl-C.

Each child gets the same `JOBINTEL_*` environment, so they find NATS and the data directory;
a child that dies is restarted with a growing delay, and its log stays in `<data-dir>/logs`.
nats-server is supervised too (restarted on the same port and store, so nothing is lost), and
every child is stopped by the kernel if `jobintel up` itself is killed. Before anything starts,
a refused bind or a busy port ends `up` with a message and a non-zero code, and so does a
gateway that exits before it was ever ready.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .nats_server import NatsServer
from .processes import bind_refusal, die_with_parent, port_in_use

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
                preexec_fn=die_with_parent,  # and a kill -9 of us still stops them
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
    has_token: bool = False
    out: list[str] = field(default_factory=list)

    def preflight(self) -> str | None:
        """Why the stack cannot start here, before anything is started; None when it can."""
        refusal = bind_refusal(self.host, self.has_token)
        if refusal:
            return refusal
        if port_in_use(self.host, self.port):
            return (
                f"port {self.port} on {self.host} is in use (is another `jobintel up` running?): "
                "stop it, or choose another with --port or JOBINTEL_PORT"
            )
        if self.nats_port and port_in_use("127.0.0.1", self.nats_port):
            return (
                f"NATS port {self.nats_port} is in use (is another `jobintel up` running?): "
                "stop it, or choose another with --nats-port or JOBINTEL_NATS_PORT (0 picks one)"
            )
        return None

    def run(self) -> int:
        problem = self.preflight()
        if problem:
            print(f"jobintel: {problem}", file=sys.stderr, flush=True)
            return 2
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
            if not self._wait_ready(children, lambda: stopping):
                return 1
            while not stopping:
                self._supervise_nats(nats)
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
        nats_pid = nats.process.pid if nats.process else "-"
        store = data_dir / "nats"
        print(f"  {'nats-server':<14} pid {nats_pid:<8} {nats.url}  (JetStream in {store})")
        for child in children:
            pid = child.process.pid if child.process else "-"
            print(f"  {child.name:<14} pid {pid:<8} log {child.log_path}")
        print(f"  {'data':<14} {data_dir}")
        print(f"  {'web UI + API':<14} http://{self.host}:{self.port}  (docs at /docs)", flush=True)

    def _wait_ready(self, children: list[Child], stopping: Callable[[], bool]) -> bool:
        """True once the gateway answers ready; False when it died first (said why)."""
        gateway = children[-1]
        url = f"http://{self.host}:{self.port}/readyz"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not stopping():
            if not gateway.alive():
                code = gateway.process.returncode if gateway.process else None
                print(
                    f"jobintel: the gateway exited ({code}) before it was ready:\n"
                    f"{last_lines(gateway.log_path)}\n(full log: {gateway.log_path})",
                    file=sys.stderr,
                    flush=True,
                )
                return False
            try:
                with urllib.request.urlopen(url, timeout=2) as resp:
                    if resp.status == 200:
                        print(f"jobintel: ready at http://{self.host}:{self.port}", flush=True)
                        return True
            except OSError:
                pass
            time.sleep(0.5)
        if not stopping():
            print("jobintel: not ready after 120 s; see the logs in", gateway.log_path.parent)
        return True  # keep supervising: a slow start is not a failed one

    def _supervise_nats(self, nats: NatsServer) -> None:
        """Restart a dead nats-server on its port and store: the clients reconnect by themselves."""
        if nats.alive():
            return
        code = nats.process.returncode if nats.process else None
        print(f"jobintel: nats-server exited ({code}); restarting it", flush=True)
        try:
            nats.start()
        except (OSError, TimeoutError) as exc:
            print(f"jobintel: nats-server did not restart ({exc}); trying again", flush=True)
            return
        pid = nats.process.pid if nats.process else "-"
        print(f"jobintel: nats-server restarted, pid {pid}", flush=True)

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


def last_lines(path: Path, count: int = 15) -> str:
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return "(no log)"
    return "\n".join(f"  {line}" for line in lines[-count:])
