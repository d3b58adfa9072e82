"""Each way out of a conflict, chosen with the panel's buttons, checked in the database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from localdb import commands, syncstore
from localdb.models import Conflict, Draft, Followup, Outbox
from tests.ui.feature_fixtures import (
    close_ctx,
    fill,
    make_actor,
    make_ctx,
    make_followup,
    make_report,
    open_profile,
)
from ui.conflicts.panel import ConflictsPanel

MINE = "Perbaikan selesai; foto terlampir.\nMohon dicek."
THEIRS = "Perbaikan dijadwalkan pekan depan."


@pytest.fixture
def ctx(qtbot, tmp_path: Path):
    """A returned follow-up revised here while the server moved on to version 3."""
    profile = open_profile(tmp_path)
    fid = "f-1"
    fill(profile, [make_report(1)], [make_followup("r-00001", id=fid, state="returned", version=2)])
    actor = make_actor("officer")
    with profile.session() as s, s.begin():
        commands.save_draft(s, actor, "r-00001", MINE, revise_followup_id=fid)
        commands.submit_followup(s, actor, "r-00001")
        [op] = syncstore.pending_ops(s, now=dt.datetime.now(dt.UTC))
        server = make_followup("r-00001", id=fid, state="returned", version=3, content=THEIRS)
        syncstore.mark_conflict(
            s,
            op.op_id,
            code="stale_version",
            detail="Data sudah berubah di server.",
            entity_kind="followup",
            server_entity=server,
        )
    c = make_ctx(profile, actor)
    yield c
    close_ctx(c)


def shown_panel(qtbot, ctx) -> ConflictsPanel:
    panel = ConflictsPanel(ctx)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=5000)
    return panel


def resolve_with(qtbot, panel: ConflictsPanel, button) -> None:
    with qtbot.waitSignal(panel.resolved, timeout=5000):
        button.click()
    qtbot.waitUntil(lambda: panel.list.count() == 0, timeout=5000)


def rows(ctx, model):
    with ctx.profile.session() as s:
        return list(s.scalars(select(model)))


def test_both_versions_and_the_difference_are_shown(qtbot, ctx):
    panel = shown_panel(qtbot, ctx)
    assert panel.mine.toPlainText() == MINE
    assert panel.theirs.toPlainText() == THEIRS
    assert "+Mohon dicek." in panel.diff.toPlainText()
    assert "-" + THEIRS in panel.diff.toPlainText()
    assert "diubah di pusat" in panel.reason.text()
    assert "Jalan rusak di RT 01" in panel.list.item(0).text()


def test_keep_mine_resends_on_the_server_version(qtbot, ctx):
    panel = shown_panel(qtbot, ctx)
    resolve_with(qtbot, panel, panel.keep_mine)
    [op] = rows(ctx, Outbox)
    assert (op.state, op.base_version, op.payload["content"]) == ("pending", 3, MINE)
    [conflict] = rows(ctx, Conflict)
    assert conflict.resolution == "keep_mine"


def test_take_theirs_drops_my_change(qtbot, ctx):
    panel = shown_panel(qtbot, ctx)
    resolve_with(qtbot, panel, panel.take_theirs)
    assert rows(ctx, Outbox) == []
    [followup] = rows(ctx, Followup)
    assert followup.local_state is None
    assert followup.data["content"] == THEIRS
    assert rows(ctx, Conflict)[0].resolution == "take_theirs"


def test_copy_to_draft_keeps_my_text_as_a_draft(qtbot, ctx):
    panel = shown_panel(qtbot, ctx)
    resolve_with(qtbot, panel, panel.copy_draft)
    assert rows(ctx, Outbox) == []
    [draft] = rows(ctx, Draft)
    assert (draft.content, draft.kind, draft.base_version) == (MINE, "revise", 3)
    assert rows(ctx, Conflict)[0].resolution == "copy_to_draft"


def test_empty_panel_says_all_is_well(qtbot, tmp_path: Path):
    profile = open_profile(tmp_path)
    c = make_ctx(profile, make_actor("officer"))
    try:
        panel = ConflictsPanel(c)
        qtbot.addWidget(panel)
        with qtbot.waitSignal(panel.loaded, timeout=5000):
            pass
        assert not panel.keep_mine.isEnabled()
        assert panel.empty.isVisibleTo(panel)
    finally:
        close_ctx(c)
