"""Save offscreen screenshots of every main screen to docs/screenshots/*.png.

Starts the embedded demo server, logs in as each demo user through the real login path, lets
the first sync pull the demo world, and grabs the windows. Before the conflicts page it makes a
real conflict (a revision sent on a version the supervisor already returned at the centre).
Run with QT_QPA_PLATFORM=offscreen (`make screenshots` does, once at 100 % and once at 125 %).

    python scripts/screenshots.py                             # every screen, 1366x705
    QT_SCALE_FACTOR=1.25 python scripts/screenshots.py --only officer,desk,news   # *-125.png
    python scripts/screenshots.py --lapor                     # the SP4N-LAPOR! screens

`--size` is the screen in device pixels (default 1366x705: a maximised window on a 1366x768
laptop); at 125 % the window gets 1366/1.25 x 705/1.25 of Qt's logical pixels and the files get
a `-125` suffix, as on a laptop set to that scaling. The desk's receipt page is rendered from
its PDF with pdftoppm (poppler-utils).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from PySide6.QtCore import QCoreApplication, QEventLoop, QPoint, QTimer  # noqa: E402
from PySide6.QtGui import QPainter, QPixmap  # noqa: E402
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
SIZE = (1366, 705)  # a maximised window on a 1366 x 768 laptop, in device pixels
SCALE = float(os.environ.get("QT_SCALE_FACTOR") or 1)
SUFFIX = "" if SCALE == 1 else f"-{round(SCALE * 100)}"
LETTERHEAD = (
    "PEMERINTAH KABUPATEN AGAM\n"
    "DINAS PEKERJAAN UMUM DAN PENATAAN RUANG\n"
    "Jl. Soekarno-Hatta No. 12, Lubuk Basung, telepon (0752) 76123"
)


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
    path = OUT / f"{name}{SUFFIX}.png"
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
        )  # the pane itself scrolls the whole editor into sight when it opens
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
    """The desk at 1366 x 705 (and at 125 % when QT_SCALE_FACTOR says so): empty, then with a
    complaint saved, synced, and its receipt's print preview open over the window."""
    session.settings = dataclasses.replace(session.settings, letterhead=LETTERHEAD)
    ws = log_in(session, "desk1")
    win = ws.window
    win.resize(*SIZE)
    win.show_page(pages.INTAKE)
    save(win, "intake")
    picker_shot(ws)
    panel = win.pages.intake
    panel.form.reset()
    receipt = _type_and_save(panel)
    win.sync_now()  # the tracking number comes back with the sync
    wait_until(lambda: _tracking_of(panel, receipt).isdigit(), 60, "tracking number")
    panel.table.selectRow(panel.row_of(receipt) or 0)
    save(win, "intake-saved")
    shown: list[Any] = []
    panel.previewShown.connect(shown.append)
    panel.reprint_selected()
    wait_until(lambda: shown, 30, "print preview")
    if not shown:
        return
    preview = shown[0]
    pump(500)
    save_composite(win, preview, "intake-print")
    if not SUFFIX:
        render_receipt_page(preview.data, "receipt-page")
    preview.reject()


def picker_shot(ws: composition.Workspace) -> None:
    """The desk form with the region picker open: a kecamatan chosen, the desa/kelurahan
    suggestions for "koto" shown (a popup is its own window: drawn onto the grab)."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QPainter
    from PySide6.QtTest import QTest

    form = ws.window.pages.intake.form
    wait_until(lambda: form.regions.district.count() > 0, 30, "region lists")
    form.title.setText("Jembatan gantung penghubung jorong putus")
    form.classification.setCurrentIndex(1)
    district = form.regions.district
    district.setCurrentIndex(district.findText("Tanjung Raya"))
    _scroll_to(form.regions.village)
    ws.window.activateWindow()
    form.regions.village.setFocus()
    QTest.keyClicks(form.regions.village, "koto")
    pump(300)
    popup = form.regions.village.completer().popup()
    image = ws.window.grab()
    if popup.isVisible():
        painter = QPainter(image)
        # Under the field, where Qt puts it on a real screen (the offscreen one is smaller
        # than the window, so Qt pushed the popup back inside it).
        village = form.regions.village
        at = village.mapTo(ws.window, QPoint(0, village.height()))
        painter.drawPixmap(at, popup.grab())
        painter.end()
    path = OUT / f"intake-regions{SUFFIX}.png"
    image.save(str(path))
    print(f"  saved {path.relative_to(ROOT)}")


def _type_and_save(panel: Any) -> str:
    f = panel.form
    f.name.setText("Rahmi Yuliani")
    f.nik.setText("1306015505900001")
    f.phone.setText("0812-6677-8899")
    f.title.setText("Lampu jalan padam di Jorong Koto Baru")
    f.content.setPlainText("Sudah dua minggu lampu jalan padam sehingga jalan gelap di malam hari.")
    f.classification.setCurrentIndex(f.classification.findData("pengaduan"))
    f.region.setText("13.06.01.2001")
    saved: list[str] = []
    panel.saved.connect(saved.append)
    panel.save()
    wait_until(lambda: saved, 30, "the complaint saved")
    return saved[0] if saved else ""


def _tracking_of(panel: Any, receipt: str) -> str:
    row = panel.row_of(receipt)
    return "" if row is None else str(panel.table.item(row, 1).text())


def save_composite(window: QWidget, dialog: QWidget, name: str) -> None:
    """The window with a dialog over it, as the screen shows them (each grabbed alone)."""
    pump(300)
    base = window.grab()
    over = dialog.grab()
    ratio = base.devicePixelRatio()
    image = QPixmap(base.size())
    image.setDevicePixelRatio(ratio)
    painter = QPainter(image)
    painter.drawPixmap(QPoint(0, 0), base)
    left = (window.width() - dialog.width()) // 2
    top = (window.height() - dialog.height()) // 2
    painter.drawPixmap(QPoint(max(0, left), max(0, top)), over)
    painter.end()
    path = OUT / f"{name}{SUFFIX}.png"
    image.save(str(path))
    print(f"  saved {path.relative_to(ROOT)}")


def render_receipt_page(data: Any, name: str) -> None:
    """The receipt's first page as the printer gets it: PDF (in a temporary folder), then PNG."""
    from ui.intake.receipt import save_receipt_pdf

    if shutil.which("pdftoppm") is None:
        print("  (no pdftoppm: install poppler-utils for the receipt image)")
        return
    with tempfile.TemporaryDirectory(prefix="simpul-receipt-") as tmp:
        pdf = save_receipt_pdf(data, Path(tmp) / "receipt.pdf")
        target = OUT / name
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(target),
            ],
            check=True,
        )
    print(f"  saved {target.with_suffix('.png').relative_to(ROOT)}")


# --- SP4N-LAPOR! (the demo's emulator and bridge: `DemoSession(lapor=True)`) -----------------

LAPOR_FOLLOWUP = (
    "Tim Dinas PUPR sudah menimbun lubang di badan jalan dan memasang rambu peringatan. "
    "Pengaspalan ulang dijadwalkan pekan depan."
)


def _local(ws: composition.Workspace, sql: str, **params: Any) -> Any:
    from sqlalchemy import text

    with ws.ctx.profile.session() as s:
        return s.execute(text(sql), params).first()


def _synced_until(ws: composition.Workspace, sql: str, what: str, **params: Any) -> Any:
    """Sync every few seconds (the demo's bridge runs every 5 s) until the query finds a row."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        row = _local(ws, sql, **params)
        if row is not None:
            return row
        if ws.sync is not None and ws.sync.state != "syncing":
            ws.window.sync_now()
        pump(1000)
    raise SystemExit(f"gave up waiting for {what}")


def lapor_shots(session: DemoSession) -> None:
    """A follow-up relayed to LAPOR! on its card, and the desk's list with LAPOR! numbers."""
    ws = log_in(session, "officer1")
    actor = ws.ctx.actor
    (report_id,) = _synced_until(
        ws,
        "SELECT id FROM report WHERE json_extract(data, '$.lapor.state') = 'sent' "
        "AND agency = :agency ORDER BY submitted_at DESC",
        "a complaint from LAPOR!",
        agency=actor.agency_id,
    )
    draft = run_blocking(ws, lambda s: commands.save_draft(s, actor, report_id, LAPOR_FOLLOWUP))
    run_blocking(ws, lambda s: commands.submit_followup(s, actor, report_id, draft_id=draft.id))
    ws.ctx.events.localChange.emit()
    (followup_id,) = _synced_until(
        ws,
        "SELECT id FROM followup WHERE report_id = :r AND state = 'pending_approval'",
        "the follow-up at the hub",
        r=report_id,
    )
    ws = log_in(session, "supervisor1")
    (version,) = _synced_until(
        ws, "SELECT version FROM followup WHERE id = :f", "the follow-up", f=followup_id
    )
    boss = ws.ctx.actor
    run_blocking(ws, lambda s: commands.approve_followup(s, boss, followup_id, version))
    ws.ctx.events.localChange.emit()
    _synced_until(
        ws,
        "SELECT id FROM followup WHERE id = :f AND state = 'published'",
        "the approval at the hub",
        f=followup_id,
    )
    ws = log_in(session, "officer1")
    _synced_until(
        ws,
        "SELECT id FROM followup WHERE id = :f AND json_extract(data, '$.lapor.state') = 'sent'",
        "the follow-up on LAPOR!",
        f=followup_id,
    )
    ws.window.open_report_anywhere(report_id)
    pump(1500)
    pane = ws.window.pages.report
    cards = pane.followups.cards
    if cards:
        _scroll_to(cards[-1])
    save(ws.window, "lapor-followup")

    ws = log_in(session, "desk1")
    ws.window.show_page(pages.INTAKE)
    panel = ws.window.pages.intake
    assert panel is not None
    for n, (title, content) in enumerate(DESK_COMPLAINTS):
        f = panel.form
        f.name.setText("Rahmi Yuliani")
        f.nik.setText(f"130601550590000{n + 1}")
        f.title.setText(title)
        f.content.setPlainText(content)
        f.classification.setCurrentIndex(1)
        f.region.setText("13.06.01.2001")
        panel.save()
        pump(800)
    ws.ctx.events.localChange.emit()
    _synced_until(
        ws,
        "SELECT r.id FROM intake i JOIN report r ON r.id = i.id "
        "WHERE json_extract(r.data, '$.lapor.state') = 'sent' AND i.title = :t",
        "a walk-in complaint on LAPOR!",
        t=DESK_COMPLAINTS[0][0],
    )
    panel.refresh_list()
    pump(800)
    save(ws.window, "lapor-desk")


DESK_COMPLAINTS = (
    (
        "Saluran air tersumbat di depan SD 02 Lubuk Basung",
        "Saluran air di depan sekolah tersumbat sampah sejak seminggu lalu; air meluap ke jalan.",
    ),
    (
        "Jembatan kayu lapuk di Jorong Sungai Rotan",
        "Papan jembatan kayu lapuk dan berlubang, berbahaya bagi anak sekolah yang melintas.",
    ),
)


def login_shot(session: DemoSession) -> None:
    """The login window, then the same window while it brings an older version's data up to
    date (the login's thread says so, and waits until the picture is taken)."""
    taken = threading.Event()

    def upgrading(_user: str, _password: str, stage: Callable[[str], None]) -> None:
        stage("opening")
        stage("upgrading")
        taken.wait(30)

    dialog = LoginDialog(upgrading, session.settings.server_url, username="officer1")  # type: ignore[arg-type]
    dialog.show()
    save(dialog, "login")
    dialog.password.setText("kata-sandi")
    dialog.submit()
    wait_until(lambda: "Memperbarui" in dialog.message.text(), 10, "the upgrading words")
    save(dialog, "login-upgrading")
    taken.set()
    dialog.close()


def english_shot(session: DemoSession, app: QApplication) -> None:
    translator = composition.install_translator(app, "en")
    if translator is None:
        print("  (no simpul_en.qm: run `make translations` first)")
        return
    try:
        login_dialog = LoginDialog(
            lambda u, p, stage: None, session.settings.server_url, username="officer1"
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
    ws = log_in(session, "officer1")
    win = ws.window
    win.resize(*SIZE)
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
    save(win, "inbox-news")
    # The officer back from lunch: the "Baru & Diperbarui" box lists only what the sync brought.
    win.news_banner.close_button.click()
    win.pages.nav.select_box("baru_diperbarui")
    wait_until(lambda: inbox_rows(ws) > 0, 30, "the news box's rows")
    pump(1500)
    save(win, "inbox-news-box")
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
    path = OUT / f"synclog-detail{SUFFIX}.png"
    shot.save(str(path))
    print(f"  saved {path.relative_to(ROOT)}")


def _disposed_here(s: Any, agency: str) -> str | None:
    from localdb.models import Report

    stmt = select(Report.id).where(Report.agency == agency, Report.status == "dalam_proses")
    return s.scalars(stmt.limit(1)).first()


SHOTS = ("login", "officer", "supervisor", "desk", "english", "news")


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--lapor",
        action="store_true",
        help="only the SP4N-LAPOR! screens (the demo with its emulator and bridge)",
    )
    parser.add_argument(
        "--only",
        default=",".join(SHOTS),
        help=f"comma-separated, of: {', '.join(SHOTS)} (default: all)",
    )
    parser.add_argument("--size", default="1366x705", help="the screen in device pixels, WxH")
    parser.add_argument("--suffix", help="added to the file names (default: -125 at 125 %%)")
    args = parser.parse_args()
    global SIZE, SUFFIX
    width, height = (int(v) for v in args.size.lower().split("x"))
    SIZE = (round(width / SCALE), round(height / SCALE))  # Qt's logical pixels
    if args.suffix is not None:
        SUFFIX = args.suffix
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(only) - set(SHOTS)
    if unknown:
        parser.error(f"unknown --only: {', '.join(sorted(unknown))}")
    OUT.mkdir(parents=True, exist_ok=True)
    app = composition.ensure_app(sys.argv[:1])
    QCoreApplication.setApplicationName("Simpul")
    shots: dict[str, Callable[[DemoSession], None]] = {
        "login": login_shot,
        "officer": officer_shots,
        "supervisor": supervisor_shots,
        "desk": desk_shots,
        "english": lambda session: english_shot(session, app),
        "news": news_shots,
    }
    with tempfile.TemporaryDirectory(prefix="simpul-shots-") as tmp:
        session = DemoSession(
            Path(tmp),
            reports=300,
            on_failure=lambda m: print("login failed:", m),
            lapor=args.lapor,
        )
        try:
            if args.lapor:
                lapor_shots(session)
            else:
                for name in only:
                    shots[name](session)
        finally:
            session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
