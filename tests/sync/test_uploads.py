"""Attachments: resumable after a cut and after a restart, never sent twice."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, select

from central.models import Attachment as ServerAttachment
from central.models import Blob as ServerBlob
from localdb import cipher, commands
from localdb.models import Blob
from localdb.syncstore import BlobToUpload
from sync.proxy import LinkProxy
from sync.summary import CycleState
from sync.uploads import send_chunks, upload_blob
from tests.support.server import AGENCY_A, Central
from tests.sync.clients import ClientFactory, SyncClient
from tests.sync.conftest import link_url

SIZE = 600_000


def _attach_and_submit(
    central: Central, client: SyncClient, src: Path, *, report_id: str | None = None
) -> str:
    report_id = report_id or central.disposed_report(AGENCY_A)["id"]
    assert client.sync().ok
    with client.profile.session() as s, s.begin():
        info = commands.add_attachment(
            s, client.profile.blob_dir, src, "foto.jpg", "image/jpeg", key=client.profile.blob_key
        )
        commands.save_draft(
            s, client.actor, report_id, "Foto bukti perbaikan terlampir.", attachments=[info]
        )
        commands.submit_followup(s, client.actor, report_id)
    return info.sha256


def _blob(client: SyncClient, sha: str) -> Blob:
    with client.profile.read_session() as s, s.begin():
        row = s.get(Blob, sha)
        assert row is not None
        s.expunge(row)
        return row


def _server_has(central: Central, sha: str) -> tuple[bool, int]:
    engine = create_engine(central.server.settings.db_url)
    try:
        with engine.connect() as conn:
            blob = conn.execute(select(ServerBlob.sha256).where(ServerBlob.sha256 == sha)).first()
            refs = conn.execute(
                select(ServerAttachment.owner_id).where(ServerAttachment.sha256 == sha)
            ).all()
    finally:
        engine.dispose()
    return blob is not None, len(refs)


def test_cut_upload_resumes_after_a_restart_at_the_servers_offset(
    central: Central, clients: ClientFactory, link: LinkProxy, tmp_path: Path
) -> None:
    src = tmp_path / "foto.jpg"
    src.write_bytes(os.urandom(SIZE))
    officer = clients.make("officer1", via=link_url(link))
    sha = _attach_and_submit(central, officer, src)
    up_start = link.counters.bytes_up
    link.reset_after(250_000)
    assert officer.sync().state is CycleState.OFFLINE
    cut = _blob(officer, sha)
    assert cut.upload_id and 0 < cut.uploaded_offset < SIZE and not cut.complete
    officer.close()

    # A new process on the same profile: it asks the server where the upload stands.
    restarted = clients.make("officer1", via=link_url(link))
    summary = restarted.sync()
    assert summary.ok and summary.pushed == 1 and summary.uploaded == 1
    assert _blob(restarted, sha).complete
    assert _server_has(central, sha) == (True, 1)
    sent = link.counters.bytes_up - up_start
    assert sent < 1.4 * SIZE  # resumed, not started over


def test_a_file_the_server_has_is_not_sent_again(
    central: Central, clients: ClientFactory, link: LinkProxy, tmp_path: Path
) -> None:
    src = tmp_path / "sama.jpg"
    src.write_bytes(os.urandom(SIZE))
    first = clients.make("officer1")
    sha = _attach_and_submit(central, first, src)
    assert first.sync().ok
    second = clients.make("officer1b", via=link_url(link))
    _attach_and_submit(central, second, src)
    up_start = link.counters.bytes_up
    summary = second.sync()
    assert summary.ok and summary.pushed == 1
    assert link.counters.bytes_up - up_start < SIZE // 10
    assert _blob(second, sha).complete
    assert _server_has(central, sha) == (True, 2)


def test_a_wrong_offset_resumes_at_the_servers(clients: ClientFactory, tmp_path: Path) -> None:
    """A chunk landed but its answer was lost: the server's 409 says where to go on."""
    src = tmp_path / "bukti.pdf"
    data = os.urandom(200_000)
    src.write_bytes(data)
    officer = clients.make("officer1")
    with officer.profile.session() as s, s.begin():
        info = commands.add_attachment(
            s,
            officer.profile.blob_dir,
            src,
            "bukti.pdf",
            "application/pdf",
            key=officer.profile.blob_key,
        )
    row = _blob(officer, info.sha256)
    blob = BlobToUpload(
        sha256=row.sha256,
        path=officer.profile.blob_dir / row.path,
        size=row.size,
        filename=row.filename,
        mime=row.mime,
        upload_id=None,
        uploaded_offset=0,
    )
    saved: list[tuple[str | None, int, bool]] = []
    # First 64 KB go through; the client then "forgets" it (offset persisted as 0).
    created = officer.transport.request(
        "POST",
        "/uploads",
        json_body={
            "sha256": info.sha256,
            "size": len(data),
            "filename": "bukti.pdf",
            "mime": "application/pdf",
        },
        ok=(201,),
    ).json()
    officer.transport.request(
        "PATCH",
        f"/uploads/{created['upload_id']}",
        content=data[:65536],
        headers={"Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"},
        ok=(204,),
    )
    sent = send_chunks(
        officer.transport,
        blob,
        created["upload_id"],
        0,
        lambda _sha, uid, off, done: saved.append((uid, off, done)),
        None,
        None,
        65536,
        lambda path: cipher.open_file(path, officer.profile.blob_key),
    )
    assert sent == len(data) - 65536  # the first chunk was not sent again
    assert saved[0] == (created["upload_id"], 65536, False)
    assert saved[-1][1] == len(data)
    # And the high-level call sees the file complete.
    again = upload_blob(officer.transport, blob, persist=lambda *a: None)
    assert again.already_there
