"""The approval queue a supervisor can trust: most urgent first with its deadline, the
complaint beside the answer with both sets of files, a confirmation before publishing, and a
return note that cannot be empty."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select, update

from domain import clock
from localdb.models import Followup, Outbox
from tests.ui.feature_fixtures import (
    TODAY,
    close_ctx,
    fill,
    make_actor,
    make_ctx,
    make_followup,
    make_report,
    open_profile,
)
from ui.approval.panel import ROW_ROLE, ApprovalPanel, ReturnDialog

PHOTO = {"sha256": "a" * 64, "filename": "foto-lokasi.jpg", "mime": "image/jpeg", "size": 204800}
BERITA = {
    "sha256": "b" * 64,
    "filename": "berita-acara.pdf",
    "mime": "application/pdf",
    "size": 51200,
}


@pytest.fixture
def panel(qtbot, tmp_path: Path) -> Iterator[ApprovalPanel]:
    profile = open_profile(tmp_path)
    reports = [
        make_report(1, respond_in=6),
        make_report(2, respond_in=-3, content="Lubang besar di depan SD, sudah dua anak jatuh.",
                    attachments=[PHOTO]),
        make_report(3, respond_in=1),
    ]  # fmt: skip
    followups = [
        make_followup("r-00001", id="f-1"),
        make_followup("r-00002", id="f-2", attachments=[BERITA]),
        make_followup("r-00003", id="f-3"),
    ]
    fill(profile, reports, followups)
    ctx = make_ctx(profile, make_actor("supervisor", user_id="u-supervisor1"))
    with clock.pinned(clock.StartedClock(clock.parse_instant(f"{TODAY.isoformat()}T03:00:00Z"))):
        widget = ApprovalPanel(ctx)
        qtbot.addWidget(widget)
        widget.resize(1100, 640)
        qtbot.waitUntil(lambda: widget.queue.count() == 3, timeout=5000)
        yield widget
    close_ctx(ctx)


def _ops(panel: ApprovalPanel) -> list[tuple[str, str]]:
    with panel._ctx.profile.read_session() as s, s.begin():
        return [(t, e) for t, e in s.execute(select(Outbox.type, Outbox.entity_id))]


def _answer(kind: type, act: Callable[[Any], None]) -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, kind) and widget.isVisible():
            act(widget)
            return
    QTimer.singleShot(30, lambda: _answer(kind, act))


def _click(label: str) -> Callable[[QMessageBox], None]:
    def act(box: QMessageBox) -> None:
        [button] = [b for b in box.buttons() if b.text() == label]
        button.click()

    return act


def test_most_urgent_first_with_its_deadline(panel: ApprovalPanel) -> None:
    texts = [panel.queue.item(i).text() for i in range(3)]
    ids = [panel.queue.item(i).data(ROW_ROLE).followup.id for i in range(3)]
    assert ids == ["f-2", "f-3", "f-1"]  # overdue, due tomorrow, next week
    assert texts[0].split("\n")[1].startswith("Lewat 3 hari kerja")
    assert panel.badge.text() == "Lewat 3 hari kerja"


def test_the_complaint_beside_the_answer_with_their_files(panel: ApprovalPanel) -> None:
    assert panel.complaint.toPlainText() == "Lubang besar di depan SD, sudah dua anak jatuh."
    assert "foto-lokasi.jpg" in panel.complaint_files.text()
    assert "berita-acara.pdf" in panel.answer_files.text()
    assert panel.text.toPlainText().startswith("Tim kami sudah meninjau lokasi")


def test_publishing_asks_first(qtbot, panel: ApprovalPanel) -> None:
    QTimer.singleShot(30, lambda: _answer(QMessageBox, _click("Batal")))
    panel.approve_button.click()
    assert _ops(panel) == []
    QTimer.singleShot(30, lambda: _answer(QMessageBox, _click("Terbitkan")))
    panel.approve_button.click()
    qtbot.waitUntil(lambda: _ops(panel) == [("followup.approve", "f-2")], timeout=5000)


def test_an_empty_return_note_is_refused_with_a_message(qtbot, panel: ApprovalPanel) -> None:
    seen: list[str] = []

    def empty_then_note(dialog: ReturnDialog) -> None:
        dialog.try_accept()
        seen.append(dialog.error.text())
        assert dialog.isVisible()  # still open
        dialog.text.setPlainText("Lengkapi foto sesudah perbaikan dan tanggal pengerjaan.")
        dialog.try_accept()

    QTimer.singleShot(30, lambda: _answer(ReturnDialog, empty_then_note))
    panel.return_button.click()
    assert "Tulis catatan" in seen[0]
    qtbot.waitUntil(lambda: _ops(panel) == [("followup.return", "f-2")], timeout=5000)


def test_open_report_names_exactly_that_report(qtbot, panel: ApprovalPanel) -> None:
    with qtbot.waitSignal(panel._ctx.events.openReport, timeout=2000) as opened:
        panel.open_report.click()
    assert opened.args == ["r-00002"]


def test_an_approval_that_cannot_happen_says_why_on_the_panel(qtbot, panel: ApprovalPanel) -> None:
    """Another supervisor's decision reaches the store (as a pull writes it) while this one
    still reads the follow-up: approving it is refused, and the panel says so beside the
    buttons instead of failing without a word. The message goes with that follow-up."""
    with panel._ctx.profile.session() as s, s.begin():
        s.execute(update(Followup).where(Followup.id == "f-2").values(state="published"))
    assert not panel.message.isVisibleTo(panel)
    QTimer.singleShot(30, lambda: _answer(QMessageBox, _click("Terbitkan")))
    with qtbot.waitSignal(panel.failed, timeout=5000):
        panel.approve_button.click()
    assert panel.message.isVisibleTo(panel)
    assert "tidak lagi menunggu persetujuan" in panel.message.text()
    assert _ops(panel) == []
    panel.queue.setCurrentRow(1)
    assert not panel.message.isVisibleTo(panel)
