"""What every process `jobintel up` starts needs from the operating system.

A supervisor killed with -9 runs no cleanup, so its children must not depend on it to be told
to stop: on Linux each child asks the kernel for SIGTERM when its parent dies (and drains as
it would on Ctrl-C). Elsewhere the call is a no-op and `jobintel up` stops them on its way out.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import ipaddress
import signal
import socket
import sys

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """`preexec_fn` for a child: SIGTERM it when the process that started it dies."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind_refusal(host: str, has_token: bool) -> str | None:
    """Why the gateway may not listen on `host`, or None: beyond loopback it needs a token."""
    if is_loopback(host) or has_token:
        return None
    return (
        f"refusing to listen on {host}: set JOBINTEL_API_TOKEN to expose the gateway beyond "
        "this machine, or use JOBINTEL_HOST=127.0.0.1"
    )


def port_in_use(host: str, port: int) -> bool:
    """Whether something already listens on `host:port` (another `jobintel up`, say)."""
    probe = "127.0.0.1" if host in ("0.0.0.0", "") else "::1" if host == "::" else host
    try:
        with socket.create_connection((probe, port), timeout=0.5):
            return True
    except OSError:
        return False
