"""Office mode: the login window, one user's workspace, and Berkas › Keluar / Ganti pengguna.

On a shared office PC the desk clerk, the officer and the supervisor take turns. Logging out
stops the sync engine, ends the session on the server (off the UI thread), closes the profile
(its key leaves memory with it, the decrypted attachment copies are deleted) and gives its lock
back, then shows the login window again for the next user.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication

from desktop import app as composition
from desktop import settings as settings_mod
from desktop.paths import AppPaths
from desktop.settings import Settings
from ui.login.dialog import Authenticate, LoginDialog, keyring_notice
from ui.login.service import LoginResult
from ui.tasks import Task, TaskRunner

log = logging.getLogger(__name__)


class OfficeSession(QObject):
    """Owns the login dialog and the current user's workspace for the life of the app."""

    loggedIn = Signal(object)  # the Workspace
    loggedOut = Signal(bool)  # whether the server confirmed the logout

    def __init__(
        self,
        paths: AppPaths,
        settings: Settings,
        *,
        profile_name: str | None = None,
        keyring_backend: object = None,
        quit_app: Callable[[], None] | None = None,
        authenticate: Authenticate | None = None,
    ) -> None:
        """`authenticate`: instead of the real login (the start-up benchmark's, which opens a
        profile without a server)."""
        super().__init__()
        self.paths = paths
        self.settings = settings
        self._profile_name = profile_name
        self._keyring_backend = keyring_backend
        self._authenticate_instead = authenticate
        self._authenticate = self._authenticator()
        self._recover = composition.profile_recoverer(paths, profile_name=profile_name)
        self._quit = quit_app or QApplication.quit
        self.workspace: composition.Workspace | None = None
        self.dialog: LoginDialog | None = None
        self._logout_call: Task[bool] | None = None
        self._runner = TaskRunner(parent=self)  # the logout's request runs on its network lane

    def _authenticator(self) -> Authenticate:
        if self._authenticate_instead is not None:
            return self._authenticate_instead
        opener = composition.profile_opener(
            self.paths,
            self.settings,
            profile_name=self._profile_name,
            keyring_backend=self._keyring_backend,
        )
        return composition.login_service(opener).authenticate

    def show_login(self) -> LoginDialog:
        dialog = LoginDialog(
            self._authenticate,
            self.settings.server_url,
            username=self.settings.last_username,
            recover=self._recover,
        )
        dialog.accepted.connect(lambda: self._logged_in(dialog))
        dialog.rejected.connect(self._login_cancelled)
        self.dialog = dialog
        dialog.show()
        # Once the window is painted: the login's and the workspace's modules load meanwhile.
        QTimer.singleShot(0, composition.preload_workspace_modules)
        return dialog

    def _login_cancelled(self) -> None:
        self.dialog = None
        if self.workspace is None:
            self._quit()

    def _logged_in(self, dialog: LoginDialog) -> None:
        self.dialog = None
        result: LoginResult | None = dialog.result_value
        dialog.deleteLater()
        if result is None:
            return
        self.settings = self.settings.replace(last_username=str(result.user["username"]))
        settings_mod.save(self.paths.settings_file, self.settings)
        if result.keyring_missing:
            keyring_notice(None)
        ws = composition.open_workspace(result, self.settings, self.paths, can_log_out=True)
        ws.window.settingsRequested.connect(self._edit_settings)
        ws.window.logoutRequested.connect(self.log_out)
        self.workspace = ws
        ws.window.show()
        self.loggedIn.emit(ws)

    @Slot()
    def _edit_settings(self) -> None:
        ws = self.workspace
        parent = ws.window if ws else None
        new = composition.edit_settings(parent, self.paths, self.settings, ws, self.log_out)
        self.use_settings(new)

    def use_settings(self, new: Settings) -> None:
        """Settings already applied to the window: the next login uses them too."""
        self.settings = new
        self._authenticate = self._authenticator()

    @Slot()
    def log_out(self) -> None:
        """Berkas › Keluar / Ganti pengguna. Runs after the menu's signal has returned."""
        QTimer.singleShot(0, self._log_out)

    def _log_out(self) -> None:
        ws = self.workspace
        if ws is None or self._logout_call is not None:
            return
        if ws.sync is not None and hasattr(ws.sync, "stop"):
            ws.sync.stop()  # the transport is the sync thread's; it is ours again after this
        # The login window first, so the app never has no window (it would quit).
        self.show_login()
        ws.window.hide()
        credentials = ws.result.opened.credentials
        self._logout_call = self._runner.network.submit(
            lambda _cancel: bool(credentials.logout()),
            on_done=lambda confirmed: self._finish_logout(ws, bool(confirmed)),
            on_error=lambda _error: self._finish_logout(ws, False),
        )

    def _finish_logout(self, ws: composition.Workspace, confirmed: bool) -> None:
        self._logout_call = None
        if not confirmed:
            log.warning("logout not confirmed by the server; tokens forgotten locally")
        ws.close()  # drafts reach the disk, the profile closes and its lock is released
        if self.workspace is ws:
            self.workspace = None
        self.loggedOut.emit(confirmed)

    def close(self) -> None:
        if self.workspace is not None:
            self.workspace.close()
            self.workspace = None
        self._runner.shutdown(wait=True)
