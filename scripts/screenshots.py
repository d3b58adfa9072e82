"""Save offscreen screenshots of every main screen to docs/screenshots/*.png.

Starts the embedded demo server, logs in as each demo user through the real login path, lets
the first sync pull the demo world, and grabs the windows. Run with QT_QPA_PLATFORM=offscreen
(`make screenshots` does).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from desktop import app as composition  # noqa: E402
from desktop import settings as settings_mod  # noqa: E402
from desktop.demo import DemoSession  # noqa: E402
from ui.login.dialog import LoginDialog  # noqa: E402
from ui.settings.dialog import SettingsDialog  # noqa: E402
from ui.shell import pages  # noqa: E402
from ui.shell.shortcuts import ShortcutsDialog  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZE = (1366, 800)


def pump(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(pred: Callable[[], Any], timeout: float = 60.0, what: str = "") -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        pump(50)
    print(f"  (gave up waiting for {what})")
    return False


def save(widget: QWidget, name: str) -> None:
    pump(300)  # let pending repaints and fetches land
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(f"  saved {path.relative_to(ROOT)}")


def log_in(session: DemoSession, user: str) -> composition.Workspace:
    if session.workspace is not None:
        session.workspace.close()
        session.workspace = None
    session.login(user)
    wait_until(lambda: session.workspace is not None, 60, f"login of {user}")
    assert session.workspace is not None
    ws = session.workspace
    ws.window.resize(*SIZE)
    if ws.sync is not None:  # the first sync pulls the demo world
        wait_until(lambda: _synced(ws), 120, "first sync")
    return ws


def _synced(ws: composition.Workspace) -> bool:
    last = ws.window.status.last_sync_label.text()
    return ws.sync.state != "syncing" and "Belum" not in last and "never" not in last.lower()


def inbox_rows(ws: composition.Workspace) -> int:
    model = getattr(ws.window.pages.inbox, "model", None)
    return model.rowCount() if model is not None else 0


def officer_shots(session: DemoSession) -> None:
    ws = log_in(session, "officer1")
    win = ws.window
    wait_until(lambda: inbox_rows(ws) > 0, 30, "inbox rows")
    win.pages.inbox.select_next()
    pump(1500)
    save(win, "inbox-report")
    win.new_followup()
    pump(500)
    editor = _find_editor(win)
    if editor is not None:
        editor.setPlainText(
            "Terima kasih atas laporan Anda. Tim Dinas PUPR telah meninjau lokasi dan "
            "perbaikan jalan dijadwalkan pada minggu depan."
        )
        _scroll_to(editor)
    save(win, "followup-editor")
    win.show_page(pages.CONFLICTS)
    save(win, "conflicts")
    win.show_page(pages.SYNCLOG)
    save(win, "synclog")
    dialog = ShortcutsDialog(win)
    dialog.show()
    save(dialog, "shortcuts")
    dialog.close()
    dialog = SettingsDialog(session.settings, settings_mod.validate, win)
    dialog.show()
    save(dialog, "settings")
    dialog.close()


def _find_editor(win: QWidget) -> Any:
    from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

    for cls in (QPlainTextEdit, QTextEdit):
        for w in win.findChildren(cls):
            if w.isVisible() and not w.isReadOnly():
                return w
    return None


def _scroll_to(widget: QWidget) -> None:
    from PySide6.QtWidgets import QScrollArea

    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(widget, 0, 200)


def supervisor_shots(session: DemoSession) -> None:
    ws = log_in(session, "supervisor1")
    ws.window.show_page(pages.APPROVAL)
    save(ws.window, "approval-queue")


def desk_shots(session: DemoSession) -> None:
    ws = log_in(session, "desk1")
    ws.window.show_page(pages.INTAKE)
    save(ws.window, "intake")


def login_shot(session: DemoSession) -> None:
    dialog = LoginDialog(lambda u, p: None, session.settings.server_url, username="officer1")  # type: ignore[arg-type,return-value]
    dialog.show()
    save(dialog, "login")
    dialog.close()


def english_shot(session: DemoSession, app: QApplication) -> None:
    translator = composition.install_translator(app, "en")
    if translator is None:
        print("  (no simpul_en.qm: run `make translations` first)")
        return
    try:
        login_dialog = LoginDialog(
            lambda u, p: None, session.settings.server_url, username="officer1"
        )  # type: ignore[arg-type,return-value]
        login_dialog.show()
        save(login_dialog, "login-en")
        login_dialog.close()
        ws = log_in(session, "officer1")
        wait_until(lambda: inbox_rows(ws) > 0, 30, "inbox rows")
        ws.window.pages.inbox.select_next()
        pump(1500)
        save(ws.window, "inbox-report-en")
    finally:
        app.removeTranslator(translator)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = composition.ensure_app(sys.argv[:1])
    QCoreApplication.setApplicationName("Simpul")
    with tempfile.TemporaryDirectory(prefix="simpul-shots-") as tmp:
        session = DemoSession(
            Path(tmp), reports=300, on_failure=lambda m: print("login failed:", m)
        )
        try:
            login_shot(session)
            officer_shots(session)
            supervisor_shots(session)
            desk_shots(session)
            english_shot(session, app)
        finally:
            session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
