"""The hub as real `python -m central serve` processes: several workers over one database.

`HubProcess` is one worker process on its own loopback port (as one machine of a hub would be);
it can be killed with SIGKILL and started again on the same port. `seed_world` migrates a
database and loads the tests' small world into it. Used by the multi-worker tests, the chaos
run and the load test.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from central.db import open_database, upgrade
from central.seed import load_reference
from sync.wire import API_PREFIX
from tests.support.child import child_env
from tests.support.server import TEST_WORLD

ROOT = Path(__file__).resolve().parents[2]
ADMIN_TOKEN = "hub-admin-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def seed_world(db_url: str) -> None:
    upgrade(db_url)
    db = open_database(db_url)
    try:
        with db.write() as session, session.begin():
            load_reference(session, TEST_WORLD)
    finally:
        db.dispose()


class HubProcess:
    """One `central serve` process; `start()` waits until it answers /health."""

    def __init__(
        self,
        db_url: str,
        data_dir: Path,
        *,
        port: int | None = None,
        name: str = "hub",
        allow_faults: bool = True,
    ) -> None:
        self.db_url = db_url
        self.data_dir = data_dir
        self.port = port or free_port()
        self.name = name
        self.allow_faults = allow_faults
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.kills = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> HubProcess:
        args = [
            sys.executable,
            "-m",
            "central",
            "serve",
            "--db",
            self.db_url,
            "--data-dir",
            str(self.data_dir),
            "--port",
            str(self.port),
            "--admin-token",
            ADMIN_TOKEN,
            "--log-level",
            "warning",
        ]
        if self.allow_faults:
            args.append("--allow-faults")
        log = (self.data_dir / f"{self.name}.log").open("ab")
        self.proc = subprocess.Popen(
            args,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=child_env(),
            cwd=ROOT,
        )
        log.close()
        self.starts += 1
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}")
            try:
                if httpx.get(f"{self.url}{API_PREFIX}/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)  # waiting for start-up, not for an outcome under test
        raise RuntimeError(f"{self.name} did not start")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush; what was committed stays, nothing else."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=30)
            self.kills += 1
        self.proc = None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
        self.proc = None

    def admin(self, method: str, path: str, body: object | None = None) -> object:
        r = httpx.request(
            method,
            f"{self.url}{API_PREFIX}/admin{path}",
            json=body,
            headers={"X-Admin-Token": ADMIN_TOKEN},
            timeout=30,
        )
        r.raise_for_status()
        return r.json()
