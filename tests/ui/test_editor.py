"""The follow-up editor: autosave reaches the database, submit writes the outbox op."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from sqlalchemy import select

from localdb import cipher
from localdb.models import Draft, Outbox
from localdb.syncstore import store_reference
from tests.ui.feature_fixtures import (
    close_ctx,
    fill,
    make_actor,
    make_ctx,
    make_report,
    open_profile,
)
from ui.followup.editor import FollowupEditor


@pytest.fixture
def ctx(qtbot, tmp_path: Path):
    profile = open_profile(tmp_path)
    fill(profile, [make_report(1)])
    with profile.session() as s, s.begin():
        store_reference(
            s,
            {
                "reply_templates": [
                    {
                        "code": "TPL-1",
                        "title": "Sudah ditinjau",
                        "body": "Terima kasih, laporan Anda sudah kami tinjau.",
                    }
                ]
            },
            "etag-1",
        )
    c = make_ctx(profile, make_actor("officer"))
    yield c
    close_ctx(c)


def drafts(ctx) -> list[Draft]:
    with ctx.profile.session() as s:
        return list(s.scalars(select(Draft)))


def test_autosave_lands_in_db_and_says_saved_only_after_commit(qtbot, ctx):
    editor = FollowupEditor(ctx)
    qtbot.addWidget(editor)
    editor.open_draft("r-00001")
    assert "Tersimpan" not in editor.status.text()
    qtbot.keyClicks(editor.text, "Jalan sudah ditambal")
    assert "Tersimpan" not in editor.status.text()  # typed, not yet on disk
    with qtbot.waitSignal(editor.saved, timeout=5000) as blocker:
        pass  # the 2 s autosave timer fires by itself
    assert editor.status.text().startswith("Tersimpan ")
    [draft] = drafts(ctx)
    assert draft.id == blocker.args[0]
    assert draft.content == "Jalan sudah ditambal"
    assert draft.report_id == "r-00001"


def test_more_typing_updates_the_same_draft(qtbot, ctx):
    editor = FollowupEditor(ctx)
    qtbot.addWidget(editor)
    editor.open_draft("r-00001")
    qtbot.keyClicks(editor.text, "Satu")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save_now()
    qtbot.keyClicks(editor.text, " dua")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save_now()
    [draft] = drafts(ctx)
    assert draft.content == "Satu dua"


def test_hiding_the_editor_saves_at_once(qtbot, ctx):
    editor = FollowupEditor(ctx)
    qtbot.addWidget(editor)
    editor.show()
    editor.open_draft("r-00001")
    qtbot.keyClicks(editor.text, "Ditulis lalu jendela ditutup")
    with qtbot.waitSignal(editor.saved, timeout=3000):
        editor.hide()
    assert drafts(ctx)[0].content == "Ditulis lalu jendela ditutup"


def test_template_inserts_body_and_is_saved_with_code(qtbot, ctx):
    editor = FollowupEditor(ctx)
    qtbot.addWidget(editor)
    editor.open_draft("r-00001")
    qtbot.waitUntil(lambda: editor.templates.count() == 2)
    editor.templates.activated.emit(1)
    assert "sudah kami tinjau" in editor.text.toPlainText()
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save_now()
    assert drafts(ctx)[0].template_code == "TPL-1"


def test_submit_moves_text_from_draft_to_outbox(qtbot, ctx):
    editor = FollowupEditor(ctx)
    qtbot.addWidget(editor)
    editor.open_draft("r-00001")
    qtbot.keyClicks(editor.text, "Perbaikan jalan dijadwalkan pekan depan.")
    changed: list[list[str]] = []
    ctx.events.reportsChanged.connect(changed.append)
    with qtbot.waitSignal(editor.submitted, timeout=5000) as blocker:
        editor.submit_button.click()
    assert drafts(ctx) == []
    with ctx.profile.session() as s:
        [op] = s.scalars(select(Outbox)).all()
    assert op.type == "followup.submit"
    assert op.entity_id == blocker.args[0]
    assert op.payload["content"] == "Perbaikan jalan dijadwalkan pekan depan."
    assert ["r-00001"] in changed
    assert editor.text.toPlainText() == ""


def test_too_short_submit_shows_the_reason_and_keeps_text(qtbot, ctx):
    editor = FollowupEditor(ctx)
    qtbot.addWidget(editor)
    editor.open_draft("r-00001")
    qtbot.keyClicks(editor.text, "Pendek")
    with qtbot.waitSignal(editor.failed, timeout=5000) as blocker:
        editor.submit()
    assert "10" in blocker.args[0]  # the minimum length is named
    assert editor.text.toPlainText() == "Pendek"
    with ctx.profile.session() as s:
        assert s.scalars(select(Outbox)).all() == []


def test_large_photo_is_scaled_and_too_big_file_refused(qtbot, ctx, tmp_path: Path):
    photo = tmp_path / "foto.png"
    image = QImage(4000, 3000, QImage.Format.Format_RGB32)
    image.fill(0x336699)
    assert image.save(str(photo))
    editor = FollowupEditor(ctx)
    qtbot.addWidget(editor)
    editor.open_draft("r-00001")
    with qtbot.waitSignal(editor.saved, timeout=10000):
        editor.add_files([photo])
    [draft] = drafts(ctx)
    [att] = draft.attachments
    assert att["filename"] == "foto.jpg" and att["mime"] == "image/jpeg"
    sealed = ctx.profile.blob_dir / att["sha256"][:2] / att["sha256"]
    assert cipher.is_encrypted_file(sealed)  # never a readable photo on disk
    stored = QImage.fromData(b"".join(cipher.iter_plain(sealed, ctx.profile.blob_key)))
    assert max(stored.width(), stored.height()) == 2000

    big = tmp_path / "rekaman.bin"
    with big.open("wb") as f:
        f.truncate(21 * 1024 * 1024)
    with qtbot.waitSignal(editor.failed, timeout=10000) as blocker:
        editor.add_files([big])
    assert "20 MB" in blocker.args[0]
    assert len(drafts(ctx)[0].attachments) == 1


def test_full_disk_keeps_the_text_on_screen_and_saves_once_there_is_room(qtbot, ctx):
    from sqlalchemy import event

    engine = ctx.profile.engine

    def cap(dbapi_conn, _record):
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(engine, "connect", cap)
    engine.dispose()
    editor = FollowupEditor(ctx)
    qtbot.addWidget(editor)
    editor.open_draft("r-00001")
    text = "Petugas sudah meninjau lokasi dan mencatat kerusakan. " * 300
    editor.text.setPlainText(text)
    with qtbot.waitSignal(editor.failed, timeout=5000) as failed:
        editor.save_now()
    assert "Disk komputer ini penuh" in failed.args[0]
    assert "Disk komputer ini penuh" in editor.status.text()
    assert editor.text.toPlainText() == text  # nothing the officer typed is gone
    assert drafts(ctx) == []

    event.remove(engine, "connect", cap)
    engine.dispose()
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save_now()
    assert [d.content for d in drafts(ctx)] == [text]


def test_file_dropped_on_the_editor_is_attached(qtbot, ctx, tmp_path: Path):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    scan = tmp_path / "surat-balasan.pdf"
    scan.write_bytes(b"%PDF-1.4 surat balasan dinas\n")
    editor = FollowupEditor(ctx)
    qtbot.addWidget(editor)
    editor.open_draft("r-00001")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(scan))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    # The handler itself: offscreen Qt delivers no drop without a real drag in progress.
    with qtbot.waitSignal(editor.saved, timeout=10000):
        editor.dropEvent(drop)
    assert drop.isAccepted()
    [draft] = drafts(ctx)
    assert [a["filename"] for a in draft.attachments] == ["surat-balasan.pdf"]


def test_a_wrong_file_comes_off_the_draft_before_submitting(qtbot, ctx, tmp_path: Path):
    right, wrong = tmp_path / "berita-acara.pdf", tmp_path / "foto-pribadi.jpg"
    right.write_bytes(b"%PDF-1.4 berita acara\n")
    wrong.write_bytes(b"\xff\xd8\xff not this one")
    editor = FollowupEditor(ctx)
    qtbot.addWidget(editor)
    editor.open_draft("r-00001")
    for path in (right, wrong):
        with qtbot.waitSignal(editor.saved, timeout=10000):
            editor.add_files([path])
    assert editor.remove_button.isVisibleTo(editor)
    editor.attach_list.setCurrentRow(1)
    with qtbot.waitSignal(editor.saved, timeout=10000):
        editor.remove_button.click()
    [draft] = drafts(ctx)
    assert [a["filename"] for a in draft.attachments] == ["berita-acara.pdf"]
    assert editor.attach_list.count() == 1
