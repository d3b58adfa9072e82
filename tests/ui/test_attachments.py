"""Attachments open on demand: downloaded from the real server off the UI thread, with progress,
checked against their sha256, and kept in the profile's blob folder for the next time."""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from localdb import cipher
from sync.credentials import Credentials
from sync.proxy import LinkProxy
from sync.runner import SyncEngine
from sync.transport import Transport
from sync.uploads import upload_blob
from tests.support.server import PASSWORD
from tests.sync.clients import SyncClient, utcnow
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


@pytest.fixture
def slow_client(tmp_path: Path, server: str) -> Iterator[SyncClient]:
    """officer1 on a second PC behind a slow link (about 200 kB/s): downloads take a while."""
    target = urlsplit(server)
    proxy = LinkProxy(
        target.hostname or "127.0.0.1", target.port or 80, delay_s=0.02, rate_bytes_per_s=200_000
    )
    proxy.start()
    c = SyncClient(tmp_path / "officer1-slow", f"http://127.0.0.1:{proxy.port}", "officer1")
    try:
        yield c.login()
    finally:
        c.close()
        proxy.stop()


def _part_writers(part: Path) -> int:
    """How many open file descriptors of this process point at `part` (as the OS sees it)."""
    count = 0
    for fd in Path("/proc/self/fd").iterdir():
        with contextlib.suppress(OSError):
            count += os.readlink(fd) == str(part)
    return count


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


def test_a_cancelled_download_never_reports_on_the_next_report(
    qtbot, client, slow_client, tmp_path
):
    blob = _upload(client, tmp_path, 1_500_000)
    controller = SyncController(slow_client.engine)
    widget = _attachments(qtbot, slow_client, source=controller.file_source, open_file=print)
    errors: list[str] = []
    widget.failed.connect(errors.append)
    widget.set_attachments([{"sha256": blob.sha256, "filename": blob.filename, "size": blob.size}])
    bar = widget._bars[blob.sha256]
    widget.open_attachment(blob.sha256)
    qtbot.waitUntil(lambda: bar.value() > 0, timeout=20_000)
    # The officer moves on to another report while the file is still coming.
    widget.set_attachments([{"sha256": "ef" * 32, "filename": "lain.pdf", "size": 10}])
    part = _part(widget, blob.sha256)
    qtbot.waitUntil(lambda: _part_writers(part) == 0, timeout=20_000)
    qtbot.wait(300)
    assert errors == []  # no "Unduhan dibatalkan." shown as an error
    widget.shutdown()


def test_reopening_during_a_download_keeps_one_writer_and_a_whole_file(
    qtbot, client, slow_client, tmp_path
):
    blob = _upload(client, tmp_path, 1_500_000)
    controller = SyncController(slow_client.engine)
    opened: list[Path] = []
    widget = _attachments(
        qtbot, slow_client, source=controller.file_source, open_file=opened.append
    )
    rows = [{"sha256": blob.sha256, "filename": blob.filename, "size": blob.size}]
    widget.set_attachments(rows)
    widget.open_attachment(blob.sha256)
    part = _part(widget, blob.sha256)
    qtbot.waitUntil(lambda: part.exists() and part.stat().st_size > 0, timeout=20_000)
    # The same report is shown again (its rows rebuilt) and the file opened again at once.
    widget.set_attachments(rows)
    widget.open_attachment(blob.sha256)
    most = 0
    while not opened:
        most = max(most, _part_writers(part))
        qtbot.wait(5)
        assert most <= 1, "two downloads write the same .part file"
    assert opened[0].read_bytes() == blob.path.read_bytes()
    widget.shutdown()


def _part(widget: AttachmentList, sha256: str) -> Path:
    """The file a download writes into: beside the blob, under another name while an encrypted
    profile's download is not sealed yet."""
    blob = widget.local_path(sha256)
    sealed_later = widget._key is not None
    return blob.with_name(blob.name + (".download" if sealed_later else "") + ".part")


class _WatchedTransport(Transport):
    """Records which threads read the access token (a real Transport otherwise)."""

    readers: set[str]

    @property  # type: ignore[override]
    def access_token(self) -> str | None:
        self.readers.add(threading.current_thread().name)
        return self._token

    @access_token.setter
    def access_token(self, value: str | None) -> None:
        self._token = value


def test_download_token_is_read_off_the_ui_thread_and_renewed_on_401(
    qtbot, client, server, tmp_path
):
    blob = _upload(client, tmp_path, 300_000)
    transport = _WatchedTransport(server)
    transport.readers = set()
    creds = Credentials(client.profile, transport, profile_key="w", clock=utcnow)
    engine = SyncEngine(client.profile, transport, creds, clock=utcnow)
    creds.login("officer1", PASSWORD)
    transport.access_token = "expired-or-rotated"  # the server refuses this one: 401
    transport.readers.clear()
    controller = SyncController(engine)
    opened: list[Path] = []
    widget = _attachments(qtbot, client, source=controller.file_source, open_file=opened.append)
    widget.set_attachments([{"sha256": blob.sha256, "filename": blob.filename, "size": blob.size}])
    with qtbot.waitSignal(widget.opened, timeout=20_000):
        widget.open_attachment(blob.sha256)
    readers = set(transport.readers)
    assert opened[0].read_bytes() == blob.path.read_bytes()
    assert threading.main_thread().name not in readers  # never read on the UI thread
    assert creds.access_token != "expired-or-rotated"  # renewed through the credentials
    widget.shutdown()
