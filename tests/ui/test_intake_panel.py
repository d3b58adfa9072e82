"""The walk-in desk: a bad NIK is pointed out next to its field and nothing is written; a good
complaint gets a receipt number at once and its tracking id after a real sync."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from localdb.models import Outbox
from tests.sync.clients import SyncClient
from tests.ui.feature_fixtures import calendar
from ui.context import AppContext, UiEvents
from ui.intake.panel import TRACKING_COLUMN, IntakePanel
from ui.tasks import TaskRunner


@pytest.fixture
def desk(tmp_path: Path, server: str) -> Iterator[SyncClient]:
    c = SyncClient(tmp_path / "desk1", server, "desk1").login()
    c.sync()  # reference data: categories, offices
    try:
        yield c
    finally:
        c.close()


@pytest.fixture
def panel(qtbot, desk: SyncClient) -> Iterator[IntakePanel]:
    runner = TaskRunner(desk.profile.session)
    ctx = AppContext(runner, UiEvents(), desk.actor, calendar(), desk.profile)
    widget = IntakePanel(ctx)
    qtbot.addWidget(widget)
    yield widget
    runner.shutdown()


def _fill(panel: IntakePanel, nik: str) -> None:
    f = panel.form
    f.name.setText("Rahmi Yuliani")
    f.nik.setText(nik)
    f.phone.setText("0812-6677-8899")
    f.title.setText("Lampu jalan padam di Jorong Koto Baru")
    f.content.setPlainText("Sudah dua minggu lampu jalan padam sehingga jalan gelap di malam hari.")
    f.classification.setCurrentIndex(1)
    f.region.setText("13.06.01.2001")


def _ops(desk: SyncClient) -> int:
    with desk.profile.read_session() as s, s.begin():
        return s.scalar(select(func.count()).select_from(Outbox)) or 0


def test_nik_with_15_digits_is_shown_at_its_field_and_nothing_is_written(qtbot, panel, desk):
    _fill(panel, "130601550590001")
    with qtbot.waitSignal(panel.failed, timeout=5000):
        panel.save()
    assert "16 digit" in panel.form.error_text("nik")
    assert panel.form.title.text()  # the desk's typing is kept
    assert _ops(desk) == 0


def test_receipt_at_once_and_tracking_id_after_sync(qtbot, panel, desk):
    _fill(panel, "1306015505900001")
    with qtbot.waitSignal(panel.saved, timeout=5000) as saved:
        panel.save()
    receipt = saved.args[0]
    assert receipt.startswith("DPUPR-")
    assert receipt in panel.receipt_label.text()
    assert _ops(desk) == 1

    summary = desk.sync()
    assert summary.pushed == 1
    panel.refresh_list()

    def tracking_id() -> str:
        row = panel.row_of(receipt)
        return "" if row is None else panel.table.item(row, TRACKING_COLUMN).text()

    qtbot.waitUntil(lambda: tracking_id().isdigit(), timeout=5000)


def test_every_wrong_field_is_shown_at_once_and_nothing_is_written(qtbot, panel, desk):
    f = panel.form
    f.nik.setText("130601550590001")  # 15 digits
    f.phone.setText("08-abc")
    f.title.setText("x")  # too short
    f.region.setText("99.99")  # no such province
    with qtbot.waitSignal(panel.failed, timeout=5000):
        panel.save()
    for field in ("nik", "phone", "title", "content", "classification", "region"):
        assert f.error_text(field), field
    assert "16 digit" in f.error_text("nik")
    assert _ops(desk) == 0


def test_tab_in_the_report_text_moves_to_the_next_field(qtbot, panel):
    assert panel.form.content.tabChangesFocus()


def test_categories_arriving_after_the_form_opened_are_shown_at_once(qtbot, tmp_path):
    from localdb.profile import Profile
    from localdb.syncstore import store_reference
    from tests.ui.feature_fixtures import make_actor

    profile = Profile.open(tmp_path / "fresh")
    runner = TaskRunner(profile.session)
    events = UiEvents()
    ctx = AppContext(runner, events, make_actor("desk", "u-desk"), calendar(), profile)
    try:
        widget = IntakePanel(ctx)
        qtbot.addWidget(widget)
        qtbot.wait(200)
        assert widget.form.category.count() == 1  # first login: nothing pulled yet
        with profile.session() as s, s.begin():
            store_reference(
                s, {"categories": [{"id": "c1", "parent_id": None, "name": "Jalan"}]}, "e1"
            )
        events.referenceChanged.emit()
        qtbot.waitUntil(lambda: widget.form.category.count() == 2, timeout=5000)
        assert widget.form.category.itemText(1) == "Jalan"
    finally:
        runner.shutdown()
        profile.close()
