"""Berkas › Keluar / Ganti pengguna in office mode, driven through the real login window and menu
against a real server on loopback: the session ends on the small_hub, the profile closes and
unlocks, and the next user logs in through the same login window."""

from __future__ import annotations

import gc
from pathlib import Path

import keyring.backends.fail
import requests
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox

from desktop.instance import InstanceLock
from desktop.office import OfficeSession
from desktop.paths import AppPaths
from desktop.settings import Settings
from ui.login.dialog import LoginDialog

PASSWORD = "simpul-demo"


def _log_in(qtbot, session: OfficeSession, dialog: LoginDialog, user: str):
    dialog.username.setText(user)
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(session.loggedIn, timeout=30_000) as got:
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
    return got.args[0]


def test_log_out_and_switch_user_in_office_mode(qtbot, notices, tmp_path: Path, small_hub) -> None:
    paths = AppPaths.under(tmp_path).ensure()
    quits: list[bool] = []
    session = OfficeSession(
        paths,
        Settings(server_url=small_hub.base_url),
        keyring_backend=keyring.backends.fail.Keyring(),
        quit_app=lambda: quits.append(True),
    )
    try:
        ws = _log_in(qtbot, session, session.show_login(), "officer1")
        assert ws.ctx.actor.username == "officer1"
        # Once the first page is in and the checks passed, start-up's objects are frozen out
        # of the garbage collector's walks (a full walk would stall the window mid-sync).
        qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=30_000)
        creds = ws.result.opened.credentials
        refresh_token = creds._refresh_token  # no keyring here: held in memory for the run
        assert refresh_token
        profile = ws.ctx.profile
        action = ws.window.findChild(QAction, "logoutAction")
        assert action is not None and action.text() == "Keluar / Ganti pengguna"
        assert action in ws.window.menuBar().actions()[0].menu().actions()  # under Berkas

        with qtbot.waitSignal(session.loggedOut, timeout=30_000) as out:
            action.trigger()
        assert out.args == [True]  # the server confirmed it
        assert session.workspace is None
        assert gc.get_freeze_count() == 0  # what the closed workspace held may be collected
        assert ws.sync is None or not ws.sync._started  # the sync thread ended
        # The server no longer honours the old session.
        answer = requests.post(
            small_hub.base_url.rstrip("/") + "/api/v1/auth/refresh",
            json={"refresh_token": refresh_token},
            timeout=10,
        )
        assert answer.status_code == 401
        # The profile is closed and unlocked: another process could take it now.
        lock = InstanceLock(profile.folder)
        assert lock.acquire()
        lock.release()
        assert creds.transport.access_token is None
        # The login window is back; the next user logs in through it.
        dialog = session.dialog
        assert isinstance(dialog, LoginDialog) and dialog.isVisible()
        ws2 = _log_in(qtbot, session, dialog, "supervisor1")
        assert ws2.ctx.actor.username == "supervisor1"
        assert quits == []
    finally:
        session.close()
