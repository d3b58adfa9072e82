"""Every setting takes effect in the open window, without a restart: an officer logged in through
the real login window against a real server on loopback, each setting saved as the settings
dialog saves it, and its effect looked for where the officer would see it."""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path

import keyring.backends.fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop import app as composition
from desktop.calendar_setup import build_calendar
from desktop.office import OfficeSession
from desktop.paths import AppPaths
from desktop.settings import Settings
from domain.clock import local_today
from localdb import syncstore
from sync.errors import PROXY_MESSAGE
from ui.inbox.model import COL_DEADLINE
from ui.report.letter import LetterData, build_letter
from ui.widgets.deadline import deadline_badge

PASSWORD = "simpul-demo"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_each_setting_applies_to_the_open_window(qtbot, notices, tmp_path: Path, small_hub) -> None:
    paths = AppPaths.under(tmp_path).ensure()
    settings = Settings(server_url=small_hub.base_url)
    session = OfficeSession(
        paths, settings, keyring_backend=keyring.backends.fail.Keyring(), quit_app=lambda: None
    )
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    base_size = app.font().pointSize()
    try:
        dialog = session.show_login()
        dialog.username.setText("officer1")
        dialog.password.setText(PASSWORD)
        with qtbot.waitSignal(session.loggedIn, timeout=30_000) as got:
            qtbot.mouseClick(
                dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                Qt.MouseButton.LeftButton,
            )
        ws = got.args[0]
        assert ws.sync is not None
        qtbot.waitUntil(lambda: ws.sync.state == "online", timeout=30_000)
        current = session.settings

        def apply(**changes):
            nonlocal current
            new = current.replace(**changes)
            current = composition.save_and_apply(
                ws.window, paths, current, new, ws, session.log_out, ask=lambda _p: True
            )
            session.use_settings(current)
            return current

        # Text size: the window's own font follows at once.
        apply(font_size=base_size + 6)
        bigger = base_size + 6
        label = ws.window.status.last_sync_label
        qtbot.waitUntil(lambda: label.font().pointSize() == bigger, timeout=5000)

        # Sync interval: the wait already running is shortened, not only the next one.
        assert ws.sync.interval_s == 15 * 60
        apply(sync_interval_minutes=1)
        assert ws.sync.interval_s == 60
        assert 0 < ws.sync._timer.remainingTime() <= 72_000

        # Proxy: the next cycle goes through it (here: nobody listens, and the status bar says
        # it is the proxy); emptied again, the next cycle gets through.
        with qtbot.waitSignal(ws.sync.finished, timeout=30_000) as done:
            apply(proxy=f"http://127.0.0.1:{_closed_port()}")
        assert done.args[0].message == PROXY_MESSAGE
        assert "Proksi" in ws.window.status.error_label.text()
        with qtbot.waitSignal(ws.sync.finished, timeout=30_000) as done:
            apply(proxy="")
        assert done.args[0].ok
        assert ws.window.status.error_label.text() == ""

        # Server address: the same server under another name; the cycle goes there.
        moved = small_hub.base_url.replace("127.0.0.1", "localhost")
        assert moved != small_hub.base_url
        with qtbot.waitSignal(ws.sync.finished, timeout=30_000) as done:
            apply(server_url=moved)
        assert done.args[0].ok
        transport = ws.result.opened.credentials.transport
        assert transport.base_url.startswith("http://localhost:")

        # Cuti bersama: a new working calendar, and the inbox's deadlines drawn with it.
        assert ws.ctx.calendar.cuti_bersama_is_holiday is True  # the server's rule
        with qtbot.waitSignal(ws.ctx.events.calendarChanged, timeout=10_000):
            apply(cuti_bersama_is_holiday=False)
        assert ws.ctx.calendar.cuti_bersama_is_holiday is False
        with ws.ctx.profile.read_session() as s, s.begin():
            reference, _ = syncstore.load_reference(s)
        expected = build_calendar(
            reference, agency_id=ws.ctx.actor.agency_id, cuti_setting=False, today=local_today()
        )
        model = ws.window.pages.inbox.model
        qtbot.waitUntil(lambda: not model.is_busy(), timeout=10_000)
        assert model.rowCount() > 0
        for row in range(model.rowCount()):
            shown = model.index(row, COL_DEADLINE).data()
            snapshot = model._rows[model.report_id(row)]
            badge = deadline_badge(
                snapshot.deadline, local_today(), expected, answered=snapshot.published
            )
            assert shown == badge.text

        # Letterhead and letter number: the next letter carries them.
        apply(
            letterhead="PEMERINTAH KOTA UJI\nDINAS UJI COBA", letter_number_format="UJI/{tracking}"
        )
        letter = LetterData("1234567", "Judul", "Isi", "Atasan", dt.date(2026, 3, 2), "Kantor")
        text = build_letter(letter, ws.ctx.printing).doc.toPlainText()
        assert "PEMERINTAH KOTA UJI" in text and "UJI/1234567" in text

        # Language: the officer chose to log in again now; the login window speaks English.
        apply(language="en")
        qtbot.waitUntil(lambda: session.dialog is not None, timeout=10_000)
        assert session.dialog.windowTitle() == "Log in to Simpul"
        assert Settings(**{**current.__dict__}).language == "en"
    finally:
        composition.switch_translator(app, "id")
        composition.apply_font_size(app, 0)
        session.close()
