"""Outside text is shown as the characters it is, never as HTML: a hostile report title, reporter
name and follow-up text through the inbox, the report pane and the approval queue."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QWidget

from tests.ui.feature_fixtures import (
    TODAY,
    close_ctx,
    fill,
    make_actor,
    make_ctx,
    make_followup,
    make_report,
    open_profile,
    pane_showing,
)
from ui.approval.panel import ApprovalPanel
from ui.inbox.model import COL_TITLE, InboxModel

HOSTILE = "<img src=x><b>X</b>"
HOSTILE_NAME = "<a href='http://x'>Budi</a>"


def as_qt_shows(text: str, fmt: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """What Qt draws for `text`: its characters, or the text left after rendering it as HTML."""
    rich = fmt == Qt.TextFormat.RichText or (
        fmt == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    )
    if not rich:
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


def hostile_labels(root: QWidget) -> list[QLabel]:
    return [w for w in root.findChildren(QLabel) if "<" in w.text() and "X" in w.text()]


@pytest.fixture
def profile(tmp_path: Path):
    p = open_profile(tmp_path)
    reporter = {"name": HOSTILE_NAME, "nik": "3373044512900001", "phone": "+6281234567890"}
    fill(
        p,
        [make_report(1, title=HOSTILE, content=HOSTILE, reporter=reporter)],
        [make_followup("r-00001", id="f-1", content=HOSTILE)],
    )
    return p


def test_inbox_tooltip_shows_a_hostile_title_literally(qtbot, profile) -> None:
    ctx = make_ctx(profile, make_actor("officer"))
    try:
        model = InboxModel(ctx, today=lambda: TODAY)
        with qtbot.waitSignal(model.reloaded, timeout=5000):
            model.reload()
        index = model.index(0, COL_TITLE)
        assert model.data(index, Qt.ItemDataRole.DisplayRole) == HOSTILE
        tooltip = model.data(index, Qt.ItemDataRole.ToolTipRole)
        assert as_qt_shows(tooltip) == HOSTILE
    finally:
        close_ctx(ctx)


def test_report_pane_shows_hostile_text_literally(qtbot, profile) -> None:
    ctx = make_ctx(profile, make_actor("officer"))
    try:
        pane = pane_showing(qtbot, ctx)
        found = hostile_labels(pane)
        assert found, "the hostile title is on screen somewhere"
        for label in found:
            assert as_qt_shows(label.text(), label.textFormat()) == label.text()
        for widget in pane.findChildren(QWidget):
            if widget.toolTip():
                assert as_qt_shows(widget.toolTip()).count("<") == widget.toolTip().count("&lt;")
    finally:
        close_ctx(ctx)


def test_approval_queue_shows_a_hostile_title_literally(qtbot, profile) -> None:
    ctx = make_ctx(profile, make_actor("supervisor", user_id="u-supervisor1"))
    try:
        panel = ApprovalPanel(ctx)
        qtbot.addWidget(panel)
        qtbot.waitUntil(lambda: panel.queue.count() == 1, timeout=5000)
        assert as_qt_shows(panel.queue.item(0).toolTip()) == HOSTILE
        assert as_qt_shows(panel.title.text(), panel.title.textFormat()) == HOSTILE
        for label in hostile_labels(panel):
            assert as_qt_shows(label.text(), label.textFormat()) == label.text()
    finally:
        close_ctx(ctx)
