"""The sync log page: requests newest first, the outbox summary with the server's refusal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from localdb import commands, syncstore
from tests.ui.feature_fixtures import (
    close_ctx,
    fill,
    make_actor,
    make_ctx,
    make_report,
    open_profile,
)
from ui.synclog.model import OutboxModel, SyncLogModel
from ui.synclog.view import SyncLogView


@pytest.fixture
def ctx(qtbot, tmp_path: Path):
    profile = open_profile(tmp_path)
    fill(profile, [make_report(1), make_report(2)])
    actor = make_actor("officer")
    with profile.session() as s, s.begin():
        for n, (endpoint, status, error) in enumerate(
            [("/changes", 200, None), ("/ops", 503, "server sibuk"), ("/changes", None, "timeout")]
        ):
            syncstore.record_request(
                s,
                request_id=f"req-{n}",
                method="GET" if endpoint == "/changes" else "POST",
                endpoint=endpoint,
                status=status,
                bytes_sent=300 + n,
                bytes_received=2048 * (n + 1),
                duration_ms=40 + n,
                error=error,
            )
        for report_id in ("r-00001", "r-00002"):
            commands.save_draft(s, actor, report_id, "Jalan sudah kami tinjau minggu ini.")
            commands.submit_followup(s, actor, report_id)
        [first, _second] = syncstore.pending_ops(s, now=dt.datetime.now(dt.UTC))
        syncstore.mark_quarantined(
            s, first.op_id, code="unknown_template", detail="Templat tidak dikenal."
        )
    c = make_ctx(profile, actor)
    yield c
    close_ctx(c)


def test_view_lists_requests_newest_first_and_the_outbox(qtbot, qtmodeltester, ctx):
    view = SyncLogView(ctx)
    qtbot.addWidget(view)
    qtmodeltester.check(view.log_model)
    qtmodeltester.check(view.outbox_model)
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.show()
    log = view.log_model
    assert log.rowCount() == 3
    assert log.index(0, 1).data() == "GET /changes"
    assert log.index(0, 2).data() == "gagal"  # no answer at all
    assert log.index(0, 6).data() == "timeout"
    assert log.index(1, 2).data() == "503"
    assert log.index(2, 4).data() == "2.0 kB"

    outbox = view.outbox_model
    assert outbox.rowCount() == 2
    states = {outbox.index(r, 2).data(): outbox.index(r, 5).data() for r in range(2)}
    assert states["Ditolak server"] == "unknown_template: Templat tidak dikenal."
    assert states["Menunggu dikirim"] == ""
    assert "Ditolak server: 1" in view.summary.text()
    assert "Menunggu dikirim: 1" in view.summary.text()


def test_empty_models_pass_the_tester(qtmodeltester):
    for model in (SyncLogModel(), OutboxModel()):
        qtmodeltester.check(model)
        model.set_rows([])
        assert model.rowCount() == 0
