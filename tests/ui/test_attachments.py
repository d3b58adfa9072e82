"""Attachments open on demand: downloaded from the real server off the UI thread, with progress,
checked against their sha256, and kept in the profile's blob folder for the next time."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from localdb import cipher
from sync.uploads import upload_blob
from tests.sync.clients import SyncClient
from tests.ui.feature_fixtures import calendar
from ui.context import AppContext, UiEvents
from ui.report.attachments import AttachmentList
from ui.sync.adapter import SyncController
from ui.tasks import TaskRunner


@dataclass(frozen=True)
class _Blob:
    sha256: str
    path: Path
    size: int
    filename: str
    mime: str
    upload_id: str | None = None
    uploaded_offset: int = 0


@pytest.fixture
def client(tmp_path: Path, server: str) -> Iterator[SyncClient]:
    c = SyncClient(tmp_path / "officer1", server, "officer1").login()
    try:
        yield c
    finally:
        c.close()


def _upload(client: SyncClient, tmp_path: Path, size: int) -> _Blob:
    data = os.urandom(size)
    src = tmp_path / "foto-lokasi.jpg"
    src.write_bytes(data)
    blob = _Blob(hashlib.sha256(data).hexdigest(), src, size, src.name, "image/jpeg")
    upload_blob(client.transport, blob, persist=lambda *a: None)
    return blob


def _attachments(qtbot, client: SyncClient, **kw) -> AttachmentList:
    runner = TaskRunner(client.profile.session)
    ctx = AppContext(runner, UiEvents(), client.actor, calendar(), client.profile)
    widget = AttachmentList(ctx, **kw)
    qtbot.addWidget(widget)
    return widget


def test_attachment_downloads_with_progress_and_is_kept(qtbot, client, tmp_path):
    blob = _upload(client, tmp_path, 700_000)
    controller = SyncController(client.engine)
    opened: list[Path] = []
    widget = _attachments(qtbot, client, source=controller.file_source, open_file=opened.append)
    widget.set_attachments([{"sha256": blob.sha256, "filename": blob.filename, "size": blob.size}])
    progress: list[int] = []
    bar = widget._bars[blob.sha256]
    bar.valueChanged.connect(progress.append)

    with qtbot.waitSignal(widget.opened, timeout=20_000) as got:
        widget.open_attachment(blob.sha256)
    path = Path(got.args[0])
    assert path.read_bytes() == blob.path.read_bytes()
    # Kept sealed in the blob folder; the viewer gets a plaintext copy under view/, which goes
    # when the profile closes.
    kept = client.profile.blob_dir / blob.sha256[:2] / blob.sha256
    assert cipher.is_encrypted_file(kept)
    assert b"".join(cipher.iter_plain(kept, client.profile.blob_key)) == blob.path.read_bytes()
    assert path.is_relative_to(client.profile.view_dir) and path.name == "foto-lokasi.jpg"
    assert progress and max(progress) == 1000
    # A second open needs no connection at all.
    offline = _attachments(qtbot, client, source=lambda: None, open_file=opened.append)
    offline.set_attachments([{"sha256": blob.sha256, "filename": blob.filename, "size": blob.size}])
    with qtbot.waitSignal(offline.opened, timeout=5_000):
        offline.open_attachment(blob.sha256)
    assert opened == [path, path]
    widget.shutdown()


def test_no_connection_and_not_on_this_pc_says_so(qtbot, client):
    widget = _attachments(qtbot, client, source=lambda: None, open_file=lambda p: None)
    sha = "ab" * 32
    widget.set_attachments([{"sha256": sha, "filename": "surat.pdf", "size": 10}])
    with qtbot.waitSignal(widget.failed, timeout=5_000) as got:
        widget.open_attachment(sha)
    assert "tidak tersambung" in got.args[0]


def test_file_the_server_does_not_have_fails_with_a_message(qtbot, client):
    controller = SyncController(client.engine)
    widget = _attachments(qtbot, client, source=controller.file_source, open_file=lambda p: None)
    sha = "cd" * 32
    widget.set_attachments([{"sha256": sha, "filename": "hilang.pdf", "size": 10}])
    with qtbot.waitSignal(widget.failed, timeout=10_000) as got:
        widget.open_attachment(sha)
    assert "HTTP 404" in got.args[0]
    assert not (client.profile.blob_dir / sha[:2]).exists() or not any(
        p.name == sha for p in (client.profile.blob_dir / sha[:2]).iterdir()
    )
    widget.shutdown()
