"""Save offscreen screenshots of every main screen to docs/screenshots/*.png.

Starts the embedded demo server, logs in as each demo user through the real login path, lets
the first sync pull the demo world, and grabs the windows. Before the conflicts page it makes a
real conflict (a revision sent on a version the supervisor already returned at the centre).
Run with QT_QPA_PLATFORM=offscreen (`make screenshots` does). `screenshots.py news` saves only
the inbox with a sync's news and the sync log's Detail (at 1366x705; run it again with
QT_SCALE_FACTOR=1.25 for the -125 pictures).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from sqlalchemy import select  # noqa: E402

from desktop import app as composition  # noqa: E402
from desktop import settings as settings_mod  # noqa: E402
from desktop.demo import DEMO_PASSWORD, DemoSession  # noqa: E402
from domain.states import FollowupState  # noqa: E402
from localdb import commands, queries  # noqa: E402
from localdb.models import Followup  # noqa: E402
from sync import wire  # noqa: E402
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
    if make_conflict(session, ws):
        conflicts = win.pages.conflicts
        conflicts.refresh()
        wait_until(lambda: conflicts.list.count() > 0, 30, "conflict row")
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


REVISION = (
    "\n\nTambahan: pekerjaan lapangan dimulai Senin depan dan diperkirakan selesai dalam "
    "lima hari kerja. Warga diminta berhati-hati saat melintas."
)


def make_conflict(session: DemoSession, ws: composition.Workspace) -> bool:
    """A real stale-version conflict: officer1 revises a follow-up that waits for approval
    while supervisor1, at the centre, returns it; the revision arrives on the old version."""
    found = _pending_followup(ws)
    if found is None:
        print("  (no follow-up waiting for approval: conflicts page stays empty)")
        return False
    followup_id, report_id, version, content = found
    actor = ws.ctx.actor

    def revise(s: Any) -> Any:
        return commands.save_draft(
            s, actor, report_id, content + REVISION, revise_followup_id=followup_id
        )

    draft = run_blocking(ws, revise)
    _return_on_server(session, followup_id, version)
    run_blocking(ws, lambda s: commands.submit_followup(s, actor, report_id, draft_id=draft.id))
    ws.ctx.events.reportsChanged.emit([report_id])
    ws.ctx.events.localChange.emit()
    ws.window.sync_now()
    return wait_until(lambda: _open_conflicts(ws) > 0, 60, "the server's conflict answer")


def _pending_followup(ws: composition.Workspace) -> tuple[str, str, int, str] | None:
    state, me = FollowupState.PENDING_APPROVAL.value, ws.ctx.actor.user_id
    with ws.ctx.profile.session() as s:
        stmt = select(Followup).where(Followup.state == state, Followup.author_id == me)
        f = s.scalars(stmt.order_by(Followup.updated_at)).first()
        if f is None or not f.data:
            return None
        return f.id, f.report_id, f.version, str(f.data.get("content", ""))


def _open_conflicts(ws: composition.Workspace) -> int:
    with ws.ctx.profile.session() as s:
        return len(queries.conflicts(s))


def _return_on_server(session: DemoSession, followup_id: str, version: int) -> None:
    """supervisor1 sends the follow-up back, straight through the sync API."""
    api = session.settings.server_url.rstrip("/") + wire.API_PREFIX
    device = "screenshots-supervisor"
    login = wire.LoginRequest(username="supervisor1", password=DEMO_PASSWORD, device_id=device)
    answer = requests.post(f"{api}/auth/login", json=login.model_dump(mode="json"), timeout=30)
    answer.raise_for_status()
    token = wire.TokenPair.model_validate(answer.json()).access_token
    op = wire.Op(
        op_id=str(uuid.uuid4()),
        seq=1,
        type="followup.return",
        entity_id=followup_id,
        base_version=version,
        payload={"note": "Mohon cantumkan jadwal pengerjaan yang pasti."},
    )
    push = wire.PushRequest(device_id=device, ops=[op])
    answer = requests.post(
        f"{api}/sync/push",
        json=push.model_dump(mode="json"),
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    answer.raise_for_status()
    result = wire.PushResponse.model_validate(answer.json()).results[0]
    print(f"  supervisor1 returned the follow-up on the server: {result.status}")


def run_blocking(ws: composition.Workspace, fn: Callable[[Any], Any]) -> Any:
    """Run a local command on the app's own database runner and wait for its answer."""
    box: dict[str, Any] = {}
    ws.runner.run(
        fn, on_done=lambda r: box.setdefault("ok", r), on_error=lambda e: box.setdefault("err", e)
    )
    wait_until(lambda: box, 30, "local command")
    if "err" in box:
        raise box["err"]
    return box.get("ok")


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
    ws.window.show_page(pages.DASHBOARD)
    board = ws.window.pages.dashboard
    wait_until(lambda: getattr(board, "board", None) is not None, 30, "dashboard figures")
    save(ws.window, "dashboard")


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


def _admin(session: DemoSession, method: str, path: str, body: dict[str, Any]) -> Any:
    api = session.settings.server_url.rstrip("/") + wire.API_PREFIX
    answer = requests.request(
        method,
        f"{api}/admin{path}",
        json=body,
        headers={"X-Admin-Token": session.server.admin_token},
        timeout=30,
    )
    answer.raise_for_status()
    return answer.json()


def news_shots(session: DemoSession) -> None:
    """The inbox right after a sync that brought news (banner and marks), and the sync log
    with one row's Detail open; at 1366x705, and with a -125 suffix under QT_SCALE_FACTOR."""
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    suffix = "" if scale in ("", "1") else f"-{round(float(scale) * 100)}"
    ws = log_in(session, "officer1")
    win = ws.window
    win.resize(1366, 705)
    wait_until(lambda: inbox_rows(ws) > 0, 30, "inbox rows")
    agency = ws.ctx.actor.agency_id
    mine = run_blocking(ws, lambda s: _disposed_here(s, agency))
    for title in ("Lampu jalan padam di simpang pasar", "Drainase tersumbat di gang Melati"):
        body = {"title": title, "content": "Sudah seminggu belum ditangani petugas."}
        report = _admin(session, "POST", "/reports", body)
        _admin(session, "POST", f"/reports/{report['id']}/dispose", {"agency": agency})
    if mine:
        _admin(session, "POST", f"/reports/{mine}/reply", {"message": "Belum ada perbaikan."})
    banner = win.news_banner
    win.sync_now()
    wait_until(lambda: not banner.isHidden(), 60, "the news banner")
    win.pages.nav.select_box("semua")
    win.pages.inbox.sort_combo.setCurrentIndex(1)  # newest first: the new ones on top
    pump(1500)
    save(win, f"inbox-news{suffix}")
    win.show_page(pages.SYNCLOG)
    log_view = win.pages.synclog
    wait_until(lambda: log_view.log_model.rowCount() > 0, 30, "sync log rows")
    log_view.show_detail(log_view.log_model, 0)
    dialog = log_view.detail_dialog
    pump(300)
    shot = win.grab()
    if dialog is not None:
        from PySide6.QtGui import QPainter

        painter = QPainter(shot)
        inner = dialog.grab()
        painter.drawPixmap((shot.width() - inner.width()) // 2, 140, inner)
        painter.end()
        dialog.close()
    path = OUT / f"synclog-detail{suffix}.png"
    shot.save(str(path))
    print(f"  saved {path.relative_to(ROOT)}")


def _disposed_here(s: Any, agency: str) -> str | None:
    from localdb.models import Report

    stmt = select(Report.id).where(Report.agency == agency, Report.status == "dalam_proses")
    return s.scalars(stmt.limit(1)).first()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    only = sys.argv[1:]
    app = composition.ensure_app(sys.argv[:1])
    QCoreApplication.setApplicationName("Simpul")
    with tempfile.TemporaryDirectory(prefix="simpul-shots-") as tmp:
        session = DemoSession(
            Path(tmp), reports=300, on_failure=lambda m: print("login failed:", m)
        )
        try:
            if only == ["news"]:
                news_shots(session)
                return 0
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
