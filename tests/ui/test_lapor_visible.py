"""From outside: the hub, the LAPOR! bridge and the emulator on loopback, and the office PCs as
users drive them. A follow-up an officer writes and a supervisor approves in their widgets is
relayed by the bridge; after a sync the officer's card names its LAPOR! id. A walk-in complaint
typed in at the desk gets its LAPOR! tracking number in the desk's list after a sync. A follow-up
LAPOR! refuses says why on its card."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from localdb.models import Outbox, Report
from tests.support.lapor import (
    INSTITUTION_A,
    Clock,
    Emulator,
    Hub,
    approved_followup,
    emulator,
    hub,
    make_bridge,
)
from tests.sync.clients import SyncClient
from tests.ui.feature_fixtures import calendar
from ui.context import AppContext, UiEvents
from ui.intake.panel import LAPOR_COLUMN, IntakePanel
from ui.report.followups import FollowupCard
from ui.report.pane import ReportPane
from ui.tasks import TaskRunner

__all__ = ["emulator", "hub"]
TEXT = "Tim DPUPR sudah menimbun lubang dan memasang rambu peringatan di lokasi."


class Office:
    """One user's PC: a real profile and sync engine, and the widgets on a task runner."""

    def __init__(self, folder: Path, hub: Hub, username: str) -> None:
        self.client = SyncClient(folder / username, hub.base_url, username).login()
        self.runner = TaskRunner(self.client.profile.session)
        self.ctx = AppContext(
            self.runner, UiEvents(), self.client.actor, calendar(), self.client.profile
        )

    def sync(self) -> None:
        summary = self.client.sync()
        assert summary is not None and summary.error is None, summary

    def close(self) -> None:
        self.runner.shutdown()
        self.client.close()


@pytest.fixture
def pc(tmp_path: Path, hub: Hub) -> Iterator[Callable[[str], Office]]:
    """pc(username): that user's office PC, opened (and logged in) on first use."""
    opened: dict[str, Office] = {}

    def open_pc(username: str) -> Office:
        if username not in opened:
            opened[username] = Office(tmp_path, hub, username)
        return opened[username]

    try:
        yield open_pc
    finally:
        for office in opened.values():
            office.close()


def _report_of(office: Office, complaint_id: str) -> str:
    with office.client.profile.read_session() as s, s.begin():
        rows = s.execute(select(Report.id, Report.data)).all()
    return next(
        r for r, data in rows if (data.get("lapor") or {}).get("tracking_id") == complaint_id
    )


def _pane(qtbot: Any, office: Office, report_id: str) -> ReportPane:
    pane = ReportPane(office.ctx)
    qtbot.addWidget(pane)
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_report(report_id)
    return pane


def _reload(qtbot: Any, office: Office, pane: ReportPane, report_id: str) -> None:
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        office.ctx.events.reportsChanged.emit([report_id])  # what the sync adapter announces


def _card(qtbot: Any, pane: ReportPane, followup_id: str) -> FollowupCard:
    qtbot.waitUntil(
        lambda: any(c.followup.id == followup_id for c in pane.followups.cards), timeout=5000
    )
    return next(c for c in pane.followups.cards if c.followup.id == followup_id)


def test_an_approved_followup_shows_its_lapor_id_after_the_bridge_relays_it(
    qtbot: Any, hub: Hub, emulator: Emulator, pc: Callable[[str], Office]
) -> None:
    complaint_id = emulator.complaint(title="Jalan berlubang di depan SD 04 Tiku")
    clock = Clock()
    bridge = make_bridge(hub, emulator, clock)
    assert bridge.cycle().pull.created == 1
    officer, supervisor = pc("officer1"), pc("supervisor1")

    # The officer writes the follow-up in the report pane and syncs.
    officer.sync()
    report_id = _report_of(officer, complaint_id)
    pane = _pane(qtbot, officer, report_id)
    assert pane.lapor_field is not None
    assert pane.lapor_field.text() == f"Ada di LAPOR! dengan nomor pelacakan {complaint_id}"
    pane.new_followup()
    pane.editor.text.setPlainText(TEXT)
    with qtbot.waitSignal(pane.editor.submitted, timeout=5000) as submitted:
        pane.editor.submit_button.click()
    followup_id = submitted.args[0]
    officer.sync()
    _reload(qtbot, officer, pane, report_id)
    assert _card(qtbot, pane, followup_id).lapor.isHidden()  # not published: not relayed

    # The supervisor approves it on the card and syncs.
    supervisor.sync()
    supervisor_pane = _pane(qtbot, supervisor, report_id)
    card = _card(qtbot, supervisor_pane, followup_id)
    approve = card.findChild(QPushButton, "approveButton")
    assert approve is not None
    approve.click()
    qtbot.waitUntil(lambda: _ops(supervisor) == ["followup.approve"], timeout=5000)
    supervisor.sync()

    # LAPOR! answers 503 to the first send: the row waits, and the officer sees it waiting.
    emulator.faults({"fault": "error_5xx", "method": "POST", "path": "followup/add", "count": 1})
    assert bridge.cycle().push.unknown == 1
    officer.sync()
    _reload(qtbot, officer, pane, report_id)
    assert _card(qtbot, pane, followup_id).lapor.text() == "Menunggu dikirim ke LAPOR!"

    clock.advance(5)
    assert bridge.cycle().push.sent == 1
    [on_lapor] = [f for f in emulator.full(complaint_id)["followups"] if not f["is_reporter"]]
    assert on_lapor["content"] == TEXT
    officer.sync()
    _reload(qtbot, officer, pane, report_id)
    card = _card(qtbot, pane, followup_id)
    assert not card.lapor.isHidden()
    assert card.lapor.text() == f"Terkirim ke LAPOR! (ID {on_lapor['id']})"
    bridge.close()


def _ops(office: Office) -> list[str]:
    with office.client.profile.read_session() as s, s.begin():
        return [t for (t,) in s.execute(select(Outbox.type).where(Outbox.state != "done"))]


def _lapor_cell(qtbot: Any, panel: IntakePanel, receipt: str, expected: str) -> None:
    def shown() -> bool:
        row = panel.row_of(receipt)
        item = None if row is None else panel.table.item(row, LAPOR_COLUMN)
        return item is not None and item.text() == expected

    panel.refresh_list()
    qtbot.waitUntil(shown, timeout=5000)


def test_a_walk_in_complaint_shows_its_lapor_number_in_the_desk_list(
    qtbot: Any, hub: Hub, emulator: Emulator, pc: Callable[[str], Office]
) -> None:
    desk = pc("desk1")
    desk.sync()  # reference data: categories, the office
    panel = IntakePanel(desk.ctx)
    qtbot.addWidget(panel)
    f = panel.form
    f.name.setText("Rahmi Yuliani")
    f.nik.setText("1306015505900001")
    f.title.setText("Saluran air tersumbat di depan SD 02 Lubuk Basung")
    f.content.setPlainText("Saluran air di depan sekolah tersumbat sampah sejak seminggu lalu.")
    f.classification.setCurrentIndex(1)
    f.region.setText("13.06.01.2001")
    with qtbot.waitSignal(panel.saved, timeout=5000) as saved:
        panel.save()
    receipt = saved.args[0]
    _lapor_cell(qtbot, panel, receipt, "–")  # on this PC only
    desk.sync()
    _lapor_cell(qtbot, panel, receipt, "–")  # at the hub, not yet picked up by the bridge

    clock = Clock()
    bridge = make_bridge(hub, emulator, clock, pull=False)
    emulator.faults({"fault": "error_5xx", "method": "POST", "path": "complaint-lmw", "count": 1})
    assert bridge.cycle().push.unknown == 1
    desk.sync()
    _lapor_cell(qtbot, panel, receipt, "menunggu dikirim")
    row = panel.row_of(receipt)
    assert row is not None
    assert panel.table.item(row, LAPOR_COLUMN).toolTip() == "Menunggu dikirim ke LAPOR!"

    clock.advance(5)
    assert bridge.cycle().push.sent == 1
    listed = emulator.http.get(
        "/complaints/complaint",
        params={"disposition_id": INSTITUTION_A},
        headers=bridge.client._http.headers,
    ).json()["results"]["data"]
    assert [c["title"] for c in listed] == ["Saluran air tersumbat di depan SD 02 Lubuk Basung"]
    complaint_id = str(listed[0]["id"])
    desk.sync()
    _lapor_cell(qtbot, panel, receipt, complaint_id)
    item = panel.table.item(panel.row_of(receipt) or 0, LAPOR_COLUMN)
    assert item.toolTip() == f"Ada di LAPOR! dengan nomor pelacakan {complaint_id}"
    bridge.close()


def test_a_followup_lapor_refuses_says_why_on_its_card(
    qtbot: Any, hub: Hub, emulator: Emulator, pc: Callable[[str], Office]
) -> None:
    complaint_id = emulator.complaint(title="Jembatan kayu lapuk di Jorong Sungai Rotan")
    assert make_bridge(hub, emulator).cycle().pull.created == 1
    officer = pc("officer1")
    officer.sync()
    report_id = _report_of(officer, complaint_id)
    followup = approved_followup(hub, report_id, "Papan jembatan yang lapuk sudah diganti.")
    # LAPOR! moved the complaint to another institution before the follow-up got there.
    emulator.control("POST", f"/complaints/{complaint_id}/dispose", {"institution_id": "1302"})
    assert make_bridge(hub, emulator, pull=False).cycle().push.failed == 1
    officer.sync()
    pane = _pane(qtbot, officer, report_id)
    card = _card(qtbot, pane, followup["id"])
    assert card.lapor.text() == (
        "Gagal dikirim ke LAPOR!: LAPOR! menolaknya dengan pesan "
        "\u201ccomplaint is not disposed to institution_from_id\u201d"
    )
