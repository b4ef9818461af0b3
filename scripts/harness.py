"""Start the app with `streamlit run` on a free port and wait until it is healthy.

Shared by the browser tests (tests/browser) and the measurement script
(scripts/benchmark.py) so both drive the app exactly as a user starts it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, *, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"streamlit did not become healthy within {timeout} s at {url}")


@dataclass(frozen=True)
class Server:
    """A running ``streamlit run``: its URL and process id."""

    url: str
    pid: int

    def peak_memory_mb(self) -> float:
        """The process's peak resident memory so far (VmHWM), in MB."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError(f"no VmHWM for process {self.pid}")


@contextmanager
def serving(
    log: IO[bytes] | None = None,
    *,
    app: Path = ROOT / "app.py",
    data_dir: Path | None = None,
    timeout: float = 90,
) -> Iterator[Server]:
    """Run ``streamlit run app`` on a free loopback port; yield it once healthy.

    ``data_dir`` makes the app read another data folder (``KGTJ_DATA_DIR``).
    Static serving is switched on for any app (the atlas's config file does it
    too), so every app can load Leaflet from its own ``static/`` folder.
    """
    app = Path(app).resolve()
    port = free_port()
    env = {**os.environ, **({"KGTJ_DATA_DIR": str(data_dir)} if data_dir else {})}
    env.pop("KGTJ_STATIC_DIR", None)  # a served app publishes where Streamlit serves from
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1",
         "--server.enableStaticServing", "true", "--browser.gatherUsageStats", "false"],
        # from the repository, so that every app reads the atlas's .streamlit/config.toml: the
        # benchmark's apps run on the same server settings as the atlas
        cwd=ROOT, stdout=log or subprocess.DEVNULL, stderr=subprocess.STDOUT, env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, timeout=timeout)
        yield Server(url, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def running_app(
    log: IO[bytes] | None = None, *, app: Path = ROOT / "app.py", data_dir: Path | None = None
) -> Iterator[str]:
    """`serving`, yielding only the URL."""
    with serving(log, app=app, data_dir=data_dir) as server:
        yield server.url
