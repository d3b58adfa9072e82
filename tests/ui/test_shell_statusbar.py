"""Status bar texts: offline, syncing with progress, pending changes, last sync age, errors."""

from __future__ import annotations

import datetime as dt

from tests.support.crypt import TEST_KEY
from ui.shell.statusbar import OFFLINE, ONLINE, SYNCING, SyncStatusBar, last_sync_text

NOW = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)


def test_last_sync_age_texts() -> None:
    assert last_sync_text(None, NOW) == "Belum pernah sinkron"
    assert last_sync_text(NOW - dt.timedelta(seconds=20), NOW) == "Terakhir sinkron baru saja"
    assert last_sync_text(NOW - dt.timedelta(minutes=5), NOW) == "Terakhir sinkron 5 menit lalu"
    assert (
        last_sync_text(NOW - dt.timedelta(hours=3, minutes=1), NOW) == "Terakhir sinkron 3 jam lalu"
    )
    assert last_sync_text(NOW - dt.timedelta(days=2), NOW) == "Terakhir sinkron 2 hari lalu"


def test_states_and_progress(qtbot) -> None:
    bar = SyncStatusBar(clock=lambda: NOW)
    qtbot.addWidget(bar)
    bar.show()
    bar.set_state(OFFLINE)
    assert "Luring" in bar.state_label.text()
    assert not bar.progress.isVisible()
    bar.set_state(SYNCING)
    bar.set_progress("pull", 3, 10, 0)
    assert "Menyinkronkan" in bar.state_label.text()
    assert bar.progress.isVisible() and bar.progress.value() == 3 and bar.progress.maximum() == 10
    assert bar.phase_label.text() == "Mengambil laporan"
    bar.set_state(ONLINE)
    assert bar.state_label.text().endswith("Terhubung")
    assert not bar.progress.isVisible()


def test_pending_count_and_age_refresh(qtbot) -> None:
    now = [NOW]
    bar = SyncStatusBar(clock=lambda: now[0])
    qtbot.addWidget(bar)
    bar.set_pending(0)
    assert bar.pending_label.text() == "Semua perubahan terkirim"
    bar.set_pending(4)
    assert bar.pending_label.text() == "4 perubahan belum terkirim"
    # A change parked in a conflict has not reached the server: never "all sent".
    bar.set_pending(0, 1)
    assert bar.pending_label.text() == "1 perubahan tertahan, perlu keputusan Anda"
    bar.set_pending(2, 1)
    assert bar.pending_label.text() == (
        "2 perubahan belum terkirim · 1 perubahan tertahan, perlu keputusan Anda"
    )
    bar.set_last_sync(NOW)
    assert bar.last_sync_label.text() == "Terakhir sinkron baru saja"
    now[0] = NOW + dt.timedelta(minutes=5)
    bar.refresh_age()  # what the one-minute timer calls
    assert bar.last_sync_label.text() == "Terakhir sinkron 5 menit lalu"


def test_error_text_is_plain_and_click_opens_log(qtbot) -> None:
    bar = SyncStatusBar(clock=lambda: NOW)
    qtbot.addWidget(bar)
    bar.show()
    bar.set_error("<b>Server</b> menolak")
    assert bar.error_label.isVisible()
    assert bar.error_label.textFormat().name == "PlainText"
    from PySide6.QtCore import Qt

    with qtbot.waitSignal(bar.errorClicked):
        qtbot.mouseClick(bar.error_label, Qt.MouseButton.LeftButton)
    bar.set_error("")
    assert not bar.error_label.isVisible()


def test_local_status_counts_conflicts_and_refused_ops_as_waiting(tmp_path) -> None:
    from sqlalchemy import select

    from localdb import commands, syncstore
    from localdb.models import Outbox
    from localdb.profile import Profile
    from tests.localdb.builders import OFFICER, report_data, upsert
    from ui.shell.sync_status import load_local_status

    with Profile.open(tmp_path / "p", key=TEST_KEY) as profile:
        data = report_data()
        with profile.session() as s, s.begin():
            syncstore.apply_changes(s, [upsert("report", data)], "c1")
            commands.save_draft(s, OFFICER, data["id"], "Petugas sudah meninjau lokasi kemarin.")
            commands.submit_followup(s, OFFICER, data["id"])
        with profile.session() as s, s.begin():
            assert load_local_status(s).pending == 1
            op_id = s.scalars(select(Outbox.op_id)).one()
            syncstore.mark_conflict(
                s, op_id, code="stale_version", detail="x", entity_kind=None, server_entity=None
            )
        with profile.session() as s, s.begin():
            status = load_local_status(s)
        assert (status.pending, status.waiting) == (0, 1)
