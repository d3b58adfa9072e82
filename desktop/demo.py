"""Demo mode: an in-process central server with the demo world, a throwaway profile folder,
and an automatic online login, so `python -m desktop --demo` shows a working office at once."""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import keyring.backends.fail
from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QMessageBox

from desktop import app as composition
from desktop.paths import AppPaths
from desktop.settings import Settings
from ui.login.service import LoginFailure, LoginResult
from ui.tasks import Task, TaskRunner

log = logging.getLogger(__name__)

DEMO_USERS = ("desk1", "officer1", "supervisor1", "officer2")
DEMO_PASSWORD = "simpul-demo"


def start_demo_server(root: Path, *, reports: int = 300) -> Any:
    from central.embedded import EmbeddedServer

    data = root / "central"
    data.mkdir(parents=True, exist_ok=True)
    server = EmbeddedServer(f"sqlite:///{data / 'central.db'}", data, demo=True, reports=reports)
    server.start()
    return server


def start_demo_lapor(root: Path) -> Any:
    """The SP4N-LAPOR! emulator and the hub's bridge to it (see central/lapor/demo.py)."""
    from central.lapor.demo import DemoLapor

    data = root / "central"
    lapor = DemoLapor(f"sqlite:///{data / 'central.db'}", data)
    lapor.start()
    return lapor


class DemoSession(QObject):
    """Owns the demo server, the temp folder and the current user's workspace."""

    def __init__(
        self,
        root: Path | None = None,
        *,
        reports: int = 300,
        language: str = "id",
        on_failure: Callable[[str], None] | None = None,
        lapor: bool = False,
        server: Any = None,
    ) -> None:
        """`server`: one already running (anything with `base_url` and `stop()`, e.g. a demo
        server in another process) instead of the in-process one started here."""
        super().__init__()
        self._own_root = root is None
        self.root = root or Path(tempfile.mkdtemp(prefix="simpul-demo-"))
        self.paths = AppPaths.under(self.root / "client").ensure()
        self.server = server or start_demo_server(self.root, reports=reports)
        self.lapor = start_demo_lapor(self.root) if lapor else None
        if self.lapor is not None:
            log.info("SP4N-LAPOR! emulator at %s", self.lapor.base_url)
        self.settings = Settings(server_url=self._server_url(), language=language)
        # The demo never touches the OS keyring: tokens stay in memory for the run.
        opener = composition.profile_opener(
            self.paths,
            self.settings,
            keyring_backend=keyring.backends.fail.Keyring(),  # type: ignore[no-untyped-call]
        )
        self.service = composition.login_service(opener)
        self.workspace: composition.Workspace | None = None
        self._runner = TaskRunner(parent=self)  # the login runs on its network lane
        self._on_failure = on_failure

    def _server_url(self) -> str:
        url = getattr(self.server, "base_url", None) or self.server.url
        return str(url)

    def login(self, username: str) -> Task[LoginResult]:
        """Log in off the UI thread; the window opens when the answer arrives."""
        return self._runner.network.submit(
            lambda _cancel: self.service.authenticate(username, DEMO_PASSWORD),
            on_done=self._open,
            on_error=self._failed,
        )

    @Slot(object)
    def _open(self, result: LoginResult) -> None:
        ws = composition.open_workspace(result, self.settings, self.paths, demo_users=DEMO_USERS)
        ws.window.demoUserRequested.connect(self.switch_user)
        ws.window.settingsRequested.connect(self._settings)
        self.workspace = ws
        ws.window.show()
        log.info("demo window open for user id %s", result.user.get("id"))

    @Slot(object)
    def _failed(self, error: BaseException) -> None:
        message = error.message if isinstance(error, LoginFailure) else repr(error)
        log.error("demo login failed: %s", type(error).__name__)
        if self._on_failure is not None:
            self._on_failure(message)
        else:
            QMessageBox.critical(None, "Simpul demo", message)

    @Slot(str)
    def switch_user(self, username: str) -> None:
        # Called from the window's own menu: close it once that signal has returned.
        QTimer.singleShot(0, lambda: self._switch(username))

    def _switch(self, username: str) -> None:
        if self.workspace is not None:
            self.workspace.close()
            self.workspace = None
        self.login(username)

    @Slot()
    def _settings(self) -> None:
        ws = self.workspace
        parent = ws.window if ws else None
        user = str(ws.result.user["username"]) if ws else None
        relogin = (lambda: self.switch_user(user)) if user else None
        self.settings = composition.edit_settings(parent, self.paths, self.settings, ws, relogin)

    def close(self) -> None:
        if self.workspace is not None:
            self.workspace.close()
            self.workspace = None
        if self.lapor is not None:
            self.lapor.stop()
        self.server.stop()
        if self._own_root:
            shutil.rmtree(self.root, ignore_errors=True)
