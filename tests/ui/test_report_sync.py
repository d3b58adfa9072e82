"""Submit from the report pane, run a real sync cycle against the central server, and see the
follow-up reach it: "Menunggu dikirim" first, then "Terkirim ke pusat" / pending approval."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from localdb.models import Followup, Outbox, Report
from localdb.pull import accepts_followup
from tests.sync.clients import SyncClient
from tests.ui.feature_fixtures import calendar
from ui.context import AppContext, UiEvents
from ui.report.pane import ReportPane
from ui.tasks import TaskRunner

TEXT = "Tim teknis sudah meninjau lokasi; penambalan dijadwalkan Kamis ini."


@pytest.fixture
def client(tmp_path: Path, server: str) -> Iterator[SyncClient]:
    c = SyncClient(tmp_path / "officer1", server, "officer1").login()
    try:
        yield c
    finally:
        c.close()


def open_report_id(client: SyncClient) -> str:
    with client.profile.read_session() as s, s.begin():
        rows = s.execute(select(Report.id, Report.status, Report.agency)).all()
    return next(
        rid
        for rid, status, agency in rows
        if agency == client.actor.agency_id and accepts_followup(status)
    )


def test_submitted_followup_reaches_the_server(qtbot, client: SyncClient):
    client.sync()
    report_id = open_report_id(client)
    runner = TaskRunner(client.profile.session)
    ctx = AppContext(runner, UiEvents(), client.actor, calendar(), client.profile)
    try:
        pane = ReportPane(ctx)
        qtbot.addWidget(pane)
        with qtbot.waitSignal(pane.loaded, timeout=5000):
            pane.show_report(report_id)
        pane.new_followup()
        pane.editor.text.setPlainText(TEXT)
        with qtbot.waitSignal(pane.editor.submitted, timeout=5000) as sent:
            pane.editor.submit_button.click()
        followup_id = sent.args[0]
        card = _card(qtbot, pane, followup_id)
        shown = [w.text() for w in card.findChildren(type(card.delivery))]
        assert shown.count("Menunggu dikirim") == 1  # said once, not beside "Belum dikirim"
        assert "Belum dikirim" not in shown

        summary = client.sync()  # the real engine, the real server
        assert summary is not None
        with client.profile.read_session() as s, s.begin():
            assert s.scalar(select(Outbox.state).where(Outbox.entity_id == followup_id)) == "done"
            row = s.get(Followup, followup_id)
            assert row is not None and row.state == "pending_approval" and row.version >= 1
        with qtbot.waitSignal(pane.loaded, timeout=5000):
            ctx.events.reportsChanged.emit([report_id])  # what the sync adapter announces
        card = _card(qtbot, pane, followup_id)
        assert card.delivery.text() == "Terkirim ke pusat"
        assert "Menunggu persetujuan" in [w.text() for w in card.findChildren(type(card.delivery))]
    finally:
        runner.shutdown()


def _card(qtbot, pane: ReportPane, followup_id: str):
    qtbot.waitUntil(
        lambda: any(c.followup.id == followup_id for c in pane.followups.cards), timeout=5000
    )
    return next(c for c in pane.followups.cards if c.followup.id == followup_id)
