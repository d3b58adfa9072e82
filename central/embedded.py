"""Run the central server in a background thread on a free loopback port.

Used by the tests and by the desktop app's demo mode:

    server = EmbeddedServer(db_url, data_dir, demo=True, reports=300)
    base_url = server.start()   # e.g. "http://127.0.0.1:53817"
    ...
    server.stop()
"""

from __future__ import annotations

import secrets
import socket
import threading
import time
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from central.app import create_app
from central.auth import AuthPolicy
from central.db import open_database, upgrade
from central.seed import seed_demo
from central.settings import ServerSettings
from sync.wire import MIN_CLIENT_VERSION


class EmbeddedServer:
    def __init__(
        self,
        db_url: str,
        data_dir: Path,
        *,
        demo: bool = False,
        reports: int = 300,
        admin_token: str | None = None,
        auth: AuthPolicy | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        log_level: str = "warning",
        startup_timeout: float = 30.0,
        min_client_version: str = MIN_CLIENT_VERSION,
        fault_injection: bool = True,
    ) -> None:
        self.admin_token = admin_token or secrets.token_urlsafe(24)
        self.settings = ServerSettings(
            db_url=db_url,
            data_dir=Path(data_dir),
            admin_token=self.admin_token,
            auth=auth or AuthPolicy(),
            min_client_version=min_client_version,
            fault_injection=fault_injection,
        )
        self.demo = demo
        self.reports = reports
        self.host = host
        self.port = port
        self.log_level = log_level
        self.startup_timeout = startup_timeout
        self.base_url: str | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.app: FastAPI | None = None

    def prepare(self) -> None:
        """Migrate the database and load the demo world (when asked and still empty)."""
        upgrade(self.settings.db_url)
        if self.demo:
            db = open_database(self.settings.db_url)
            try:
                seed_demo(db, reports=self.reports)
            finally:
                db.dispose()

    def start(self) -> str:
        if self._thread is not None:
            raise RuntimeError("already started")
        self.prepare()
        # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on accepted sockets whose
        # protocol says TCP, and without it every keep-alive answer waits ~40 ms (Nagle).
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        port = sock.getsockname()[1]
        self.app = create_app(self.settings)
        config = uvicorn.Config(
            self.app,
            log_level=self.log_level,
            # uvicorn's own logging config writes to the console and asks sys.stdout.isatty():
            # in the app's windowed build there is no console (sys.stdout is None) and that
            # fails. Its records go to the host process's logging instead (the app's log file).
            log_config=None,
            access_log=False,
            lifespan="off",
            timeout_keep_alive=30,
            proxy_headers=False,  # X-Forwarded-For is the app's to judge (trusted proxies)
            server_header=False,  # bytes on every answer over a weak link, and tells nobody anything
        )
        server = uvicorn.Server(config)
        self._server = server
        self._thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="central-server", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + self.startup_timeout
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the central server did not start")
            time.sleep(0.01)
        self.base_url = f"http://{self.host}:{port}"
        return self.base_url

    def stop(self) -> None:
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(timeout=15)
        if self.app is not None:
            self.app.state.services.db.dispose()
        self._server = None
        self._thread = None

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
