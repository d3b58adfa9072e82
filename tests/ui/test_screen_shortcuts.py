"""Submit, approve and save have keys, bound on their screens and listed in the help."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from ui.keys import APPROVAL_APPROVE, EDITOR_SUBMIT, INTAKE_REPRINT, INTAKE_SAVE
from ui.shell.shortcuts import ShortcutsDialog


def bound(widget: QWidget, keys: str) -> list[QShortcut]:
    return [sc for sc in widget.findChildren(QShortcut) if sc.key() == QKeySequence(keys)]


def test_the_help_lists_the_screen_keys(qtbot) -> None:
    dialog = ShortcutsDialog()
    qtbot.addWidget(dialog)
    rows = {
        dialog.table.item(r, 1).text(): dialog.table.item(r, 0).text()
        for r in range(dialog.table.rowCount())
    }
    native = QKeySequence.SequenceFormat.NativeText
    assert rows["Penyunting tindak lanjut: kirim untuk persetujuan"] == QKeySequence(
        EDITOR_SUBMIT
    ).toString(native)
    assert rows["Antrean persetujuan: setujui dan terbitkan"] == QKeySequence(
        APPROVAL_APPROVE
    ).toString(native)
    assert rows["Loket: simpan pengaduan"] == QKeySequence(INTAKE_SAVE).toString(native)
    assert rows["Loket: cetak ulang tanda terima yang dipilih"] == QKeySequence(
        INTAKE_REPRINT
    ).toString(native)


def test_the_editor_submits_on_its_key(qtbot, tmp_path) -> None:
    from tests.ui.feature_fixtures import (
        close_ctx,
        fill,
        make_actor,
        make_ctx,
        make_report,
        open_profile,
    )
    from ui.followup.editor import FollowupEditor

    profile = open_profile(tmp_path)
    fill(profile, [make_report(1)])
    ctx = make_ctx(profile, make_actor("officer"))
    try:
        editor = FollowupEditor(ctx)
        qtbot.addWidget(editor)
        editor.open_draft("r-00001")
        editor.text.setPlainText("Tim kami sudah meninjau lokasi dan menjadwalkan perbaikan.")
        [key] = bound(editor, EDITOR_SUBMIT)
        with qtbot.waitSignal(editor.submitted, timeout=5000):
            key.activated.emit()
    finally:
        close_ctx(ctx)
