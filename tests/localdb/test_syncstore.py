from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from localdb import cipher, queries
from localdb import commands as cmd
from localdb import syncstore as ss
from localdb.actor import Actor
from localdb.models import Conflict, Draft, Followup, Intake, Outbox, Report, SyncLog
from localdb.profile import Profile
from tests.localdb.builders import (
    DESK,
    OFFICER,
    SUPERVISOR,
    T0,
    followup_data,
    remove,
    report_data,
    upsert,
    user_info,
)
from tests.support.crypt import TEST_KEY

NOW = dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC)
FOLLOWUP_TEXT = "Tim kami sudah meninjau lokasi dan menjadwalkan perbaikan."


def _pull(profile: Profile, *changes: dict, cursor: str = "c1") -> ss.AppliedPage:
    with profile.session() as s, s.begin():
        return ss.apply_changes(s, list(changes), cursor)


def _submit(s: Session, report_id: str, text: str = FOLLOWUP_TEXT) -> str:
    cmd.save_draft(s, OFFICER, report_id, text)
    return cmd.submit_followup(s, OFFICER, report_id)


def _op_for(s: Session, entity_id: str) -> Outbox:
    return s.scalars(
        select(Outbox).where(Outbox.entity_id == entity_id).order_by(Outbox.seq)
    ).all()[-1]


def _intake(s: Session) -> cmd.IntakeRef:
    return cmd.create_intake(
        s,
        DESK,
        office_code="DPUPR",
        title="Lampu jalan padam",
        content="Lampu jalan di gang tiga padam sejak seminggu yang lalu.",
        classification="pengaduan",
        received_at=T0,
        today=dt.date(2026, 3, 2),
    )


@pytest.fixture
def reports(profile: Profile) -> list[str]:
    datas = [report_data() for _ in range(3)]
    _pull(profile, *(upsert("report", d) for d in datas))
    return [d["id"] for d in datas]


# --- pending_ops ------------------------------------------------------------------------------


def test_pending_ops_come_in_seq_order_with_their_blob_shas(
    profile: Profile, reports: list[str]
) -> None:
    sha = "ab" * 32
    with profile.session() as s, s.begin():
        f1 = _submit(s, reports[0])
        cmd.save_draft(
            s,
            OFFICER,
            reports[1],
            FOLLOWUP_TEXT,
            attachments=[{"sha256": sha, "filename": "foto.jpg", "mime": "image/jpeg", "size": 3}],
        )
        f2 = cmd.submit_followup(s, OFFICER, reports[1])
        ops = ss.pending_ops(s, now=NOW)
    assert [op.entity_id for op in ops] == [f1, f2]
    assert ops[0].seq < ops[1].seq
    assert ops[0].type == "followup.submit" and ops[0].base_version == 0
    assert ops[1].blob_shas == (sha,)
    assert ops[0].payload["content"] == FOLLOWUP_TEXT


def test_sending_ops_left_by_a_killed_run_are_offered_again(
    profile: Profile, reports: list[str]
) -> None:
    with profile.session() as s, s.begin():
        _submit(s, reports[0])
        op_ids = [op.op_id for op in ss.pending_ops(s, now=NOW)]
        ss.mark_sending(s, op_ids)
    with profile.session() as s, s.begin():
        assert s.get(Outbox, op_ids[0]).state == "sending"
        assert [op.op_id for op in ss.pending_ops(s, now=NOW)] == op_ids


def test_a_parked_op_holds_back_later_ops_of_its_entity_only(
    profile: Profile, reports: list[str]
) -> None:
    with profile.session() as s, s.begin():
        cmd.save_draft(s, OFFICER, reports[0], FOLLOWUP_TEXT)
        f1 = cmd.submit_followup(s, OFFICER, reports[0])
        first = _op_for(s, f1)
        ss.mark_conflict(
            s, first.op_id, code="stale_version", detail="x", entity_kind=None, server_entity=None
        )
        # A later op on the same entity, written directly (commands refuse to stack ops).
        s.add(
            Outbox(
                op_id=str(uuid.uuid4()),
                seq=first.seq + 10,
                type="followup.withdraw",
                entity_id=f1,
                base_version=1,
                payload={},
                state="pending",
                attempts=0,
                created_at=NOW,
            )
        )
        f2 = _submit(s, reports[1])
        ops = ss.pending_ops(s, now=NOW)
    assert [op.entity_id for op in ops] == [f2]


def test_ops_not_due_yet_wait_and_hold_back_their_entity(
    profile: Profile, reports: list[str]
) -> None:
    with profile.session() as s, s.begin():
        f1 = _submit(s, reports[0])
        op = _op_for(s, f1)
        ss.mark_retry(s, [op.op_id], error="timeout", next_attempt_at=NOW + dt.timedelta(minutes=5))
    with profile.session() as s, s.begin():
        row = s.get(Outbox, op.op_id)
        assert (row.state, row.attempts, row.last_error) == ("pending", 1, "timeout")
        assert ss.pending_ops(s, now=NOW) == []
        due = ss.pending_ops(s, now=NOW + dt.timedelta(minutes=5))
        assert [p.op_id for p in due] == [op.op_id]
        assert due[0].attempts == 1


def test_limit_cuts_the_batch(profile: Profile, reports: list[str]) -> None:
    with profile.session() as s, s.begin():
        for rid in reports:
            _submit(s, rid)
        assert len(ss.pending_ops(s, now=NOW, limit=2)) == 2


# --- push results -----------------------------------------------------------------------------


def test_applied_op_makes_the_server_row_the_base(profile: Profile, reports: list[str]) -> None:
    with profile.session() as s, s.begin():
        fid = _submit(s, reports[0])
        op = _op_for(s, fid)
        assert s.get(Followup, fid).local_state == "pending_submit"
        server = followup_data(fid, reports[0], version=1, content=FOLLOWUP_TEXT)
        ss.mark_applied(s, op.op_id, "followup", server)
    with profile.session() as s:
        row = s.get(Followup, fid)
        assert (row.state, row.version, row.local_state, row.local_data) == (
            "pending_approval",
            1,
            None,
            None,
        )
        assert s.get(Outbox, op.op_id).state == "done"
        assert s.get(Outbox, op.op_id).done_at is not None


def test_applied_report_create_gives_the_intake_its_tracking_id(profile: Profile) -> None:
    with profile.session() as s, s.begin():
        ref = _intake(s)
        op = _op_for(s, ref.id)
        server = report_data(ref.id, status="belum_terverifikasi", tracking_id="7001234")
        ss.mark_applied(s, op.op_id, "report", server)
    with profile.session() as s:
        intake = s.get(Intake, ref.id)
        assert (intake.tracking_id, intake.local_state) == ("7001234", "sent")
        assert s.scalar(select(Report.tracking_id).where(Report.id == ref.id)) == "7001234"


def test_conflict_parks_the_op_and_keeps_both_sides(profile: Profile, reports: list[str]) -> None:
    fid = str(uuid.uuid4())
    _pull(profile, upsert("followup", followup_data(fid, reports[0], state="returned", version=2)))
    with profile.session() as s, s.begin():
        cmd.save_draft(s, OFFICER, reports[0], FOLLOWUP_TEXT, revise_followup_id=fid)
        cmd.submit_followup(s, OFFICER, reports[0])
        op = _op_for(s, fid)
        assert op.base_version == 2
        newer = followup_data(fid, reports[0], state="returned", version=3, content="Versi lain.")
        ss.mark_conflict(
            s,
            op.op_id,
            code="stale_version",
            detail="versi 3",
            entity_kind="followup",
            server_entity=newer,
        )
    with profile.session() as s:
        conflict = s.scalars(select(Conflict)).one()
        assert (conflict.entity_kind, conflict.entity_id, conflict.op_id) == (
            "followup",
            fid,
            op.op_id,
        )
        assert conflict.local_payload["content"] == FOLLOWUP_TEXT
        assert conflict.server_entity["version"] == 3
        row = s.get(Followup, fid)
        assert (row.version, row.local_state) == (3, "conflict")
        assert row.local_data["content"] == FOLLOWUP_TEXT  # my text is still shown
        assert s.get(Outbox, op.op_id).state == "conflict"


def test_blocked_by_earlier_op_is_not_a_conflict_for_the_user(
    profile: Profile, reports: list[str]
) -> None:
    with profile.session() as s, s.begin():
        fid = _submit(s, reports[0])
        op = _op_for(s, fid)
        ss.mark_sending(s, [op.op_id])
        ss.mark_conflict(
            s,
            op.op_id,
            code=ss.BLOCKED_BY_EARLIER_OP,
            detail="",
            entity_kind=None,
            server_entity=None,
        )
        assert s.get(Outbox, op.op_id).state == "pending"
        assert s.scalar(select(func.count()).select_from(Conflict)) == 0


def test_quarantine_stops_one_op_and_the_rest_go_on(profile: Profile, reports: list[str]) -> None:
    with profile.session() as s, s.begin():
        f1 = _submit(s, reports[0])
        f2 = _submit(s, reports[1])
        ss.mark_quarantined(s, _op_for(s, f1).op_id, code="attachment_missing", detail="sha")
        assert [op.entity_id for op in ss.pending_ops(s, now=NOW)] == [f2]
        assert s.get(Followup, f1).local_state == "rejected"
        assert s.scalars(select(Conflict.code)).one() == "attachment_missing"


def test_unknown_op_id_is_an_error_not_a_silent_no_op(profile: Profile) -> None:
    with profile.session() as s, s.begin(), pytest.raises(KeyError):
        ss.mark_applied(s, "nope", None, None)


# --- pull -------------------------------------------------------------------------------------


def test_pull_stores_rows_and_the_cursor_together(profile: Profile) -> None:
    data = report_data()
    page = _pull(profile, upsert("report", data), cursor="c-42")
    assert (page.upserts, page.removes, page.conflicts) == (1, 0, 0)
    assert page.report_ids == frozenset({data["id"]})
    with profile.session() as s:
        row = s.scalars(select(Report)).one()
        assert (row.title, row.status, row.respond_by) == (
            data["title"],
            "terverifikasi",
            dt.date(2026, 3, 9),
        )
        assert row.submitted_at == T0
        assert row.data == data
        assert ss.get_sync_state(s).cursor == "c-42"


def test_a_failed_page_leaves_rows_and_cursor_as_they_were(profile: Profile) -> None:
    _pull(profile, upsert("report", report_data()), cursor="c1")
    broken = upsert("report", report_data())
    del broken["data"]["status"]
    with pytest.raises(KeyError), profile.session() as s, s.begin():
        ss.apply_changes(s, [upsert("report", report_data()), broken], "c2")
    with profile.session() as s:
        assert s.scalar(select(func.count()).select_from(Report)) == 1
        assert ss.get_sync_state(s).cursor == "c1"


def test_pulled_row_keeps_local_columns_and_ignores_older_versions(
    profile: Profile, reports: list[str]
) -> None:
    rid = reports[0]
    with profile.session() as s, s.begin():
        cmd.mark_read(s, OFFICER, rid)
        cmd.request_handoff(
            s, OFFICER, rid, "ag-dinkes", "Bukan kewenangan dinas ini, mohon dialihkan."
        )
    _pull(profile, upsert("report", report_data(rid, version=5, title="Judul baru")))
    _pull(profile, upsert("report", report_data(rid, version=3, title="Judul lama")))
    with profile.session() as s:
        row = s.scalar(select(Report).where(Report.id == rid))
        assert (row.version, row.title) == (5, "Judul baru")
        assert (row.is_read, row.local_state) == (True, "pending_handoff")


def test_pulled_followup_becomes_the_base_under_unsent_local_work(
    profile: Profile, reports: list[str]
) -> None:
    fid = str(uuid.uuid4())
    _pull(profile, upsert("followup", followup_data(fid, reports[0], state="returned", version=2)))
    with profile.session() as s, s.begin():
        cmd.save_draft(s, OFFICER, reports[0], FOLLOWUP_TEXT, revise_followup_id=fid)
        cmd.submit_followup(s, OFFICER, reports[0])
    _pull(
        profile,
        upsert(
            "followup",
            followup_data(fid, reports[0], state="returned", version=4, content="Teks server"),
        ),
    )
    with profile.session() as s:
        row = s.get(Followup, fid)
        assert (row.version, row.data["content"]) == (4, "Teks server")
        assert row.local_state == "pending_submit"
        assert row.local_data["content"] == FOLLOWUP_TEXT
        assert s.scalars(select(Outbox.state)).all() == ["pending"]


def test_remove_deletes_a_report_without_local_work(profile: Profile, reports: list[str]) -> None:
    fid = str(uuid.uuid4())
    _pull(profile, upsert("followup", followup_data(fid, reports[0], state="published")))
    page = _pull(profile, remove("report", reports[0]))
    assert page.removes == 1
    with profile.session() as s:
        assert s.scalar(select(Report).where(Report.id == reports[0])) is None
        assert s.get(Followup, fid) is None


def test_remove_keeps_a_report_with_a_draft_and_records_a_conflict(
    profile: Profile, reports: list[str]
) -> None:
    with profile.session() as s, s.begin():
        draft = cmd.save_draft(s, OFFICER, reports[0], "Setengah jadi")
    page = _pull(profile, remove("report", reports[0]))
    assert page.conflicts == 1
    with profile.session() as s:
        row = s.scalar(select(Report).where(Report.id == reports[0]))
        assert row is not None and row.local_state == "removed"
        assert s.get(Draft, draft.id).content == "Setengah jadi"
        conflict = s.scalars(select(Conflict)).one()
        assert (conflict.entity_kind, conflict.entity_id, conflict.code) == (
            "draft",
            draft.id,
            "report_removed",
        )


def test_remove_keeps_a_report_with_unsent_ops(profile: Profile, reports: list[str]) -> None:
    with profile.session() as s, s.begin():
        fid = _submit(s, reports[0])
    _pull(profile, remove("report", reports[0]))
    with profile.session() as s, s.begin():
        assert s.scalar(select(Report.local_state).where(Report.id == reports[0])) == "removed"
        op = _op_for(s, fid)
        ss.mark_conflict(
            s, op.op_id, code="report_closed", detail="", entity_kind=None, server_entity=None
        )
    with profile.session() as s, s.begin():
        conflict_id = s.scalars(select(Conflict.id)).one()
        cmd.resolve_conflict_take_theirs(s, OFFICER, conflict_id)
    with profile.session() as s:
        # The last local work is gone: the removed report goes with it.
        assert s.scalar(select(Report).where(Report.id == reports[0])) is None


def test_a_closed_report_turns_its_draft_into_one_conflict(
    profile: Profile, reports: list[str]
) -> None:
    with profile.session() as s, s.begin():
        cmd.save_draft(s, OFFICER, reports[0], "Draf jawaban")
    first = _pull(profile, upsert("report", report_data(reports[0], version=2, status="selesai")))
    again = _pull(
        profile, upsert("report", report_data(reports[0], version=3, status="diarsipkan"))
    )
    assert (first.conflicts, again.conflicts) == (1, 0)
    with profile.session() as s:
        assert s.scalars(select(Conflict.code)).all() == ["report_closed"]
        assert s.scalar(select(func.count()).select_from(Draft)) == 1


def test_reappearing_report_is_no_longer_marked_removed(
    profile: Profile, reports: list[str]
) -> None:
    with profile.session() as s, s.begin():
        cmd.save_draft(s, OFFICER, reports[0], "Draf")
    _pull(profile, remove("report", reports[0]))
    _pull(profile, upsert("report", report_data(reports[0], version=7)))
    with profile.session() as s:
        assert s.scalar(select(Report.local_state).where(Report.id == reports[0])) is None


# --- attachments, reference, user, log --------------------------------------------------------


def test_blobs_to_upload_lists_incomplete_blobs_of_unsent_ops(
    profile: Profile, reports: list[str], tmp_path: Path
) -> None:
    src = tmp_path / "foto.jpg"
    src.write_bytes(b"\xff\xd8" + b"x" * 1000)
    with profile.session() as s, s.begin():
        info = cmd.add_attachment(
            s, profile.blob_dir, src, "foto.jpg", "image/jpeg", key=profile.blob_key
        )
        cmd.save_draft(s, OFFICER, reports[0], FOLLOWUP_TEXT, attachments=[info])
        fid = cmd.submit_followup(s, OFFICER, reports[0])
        blobs = ss.blobs_to_upload(s, profile.blob_dir)
        assert [b.sha256 for b in blobs] == [info.sha256]
        assert blobs[0].path.is_absolute()
        assert b"".join(cipher.iter_plain(blobs[0].path, profile.blob_key)) == src.read_bytes()
        assert (blobs[0].size, blobs[0].upload_id, blobs[0].uploaded_offset) == (1002, None, 0)
        assert ss.blobs_to_upload(s, profile.blob_dir, [_op_for(s, fid).op_id]) == blobs
        ss.set_blob_upload(s, info.sha256, upload_id="up-1", offset=512, complete=False)
        assert ss.blobs_to_upload(s, profile.blob_dir)[0].uploaded_offset == 512
        ss.set_blob_upload(s, info.sha256, upload_id="up-1", offset=1002, complete=True)
        assert ss.blobs_to_upload(s, profile.blob_dir) == []


def test_reference_and_its_etag_round_trip(profile: Profile) -> None:
    with profile.session() as s, s.begin():
        assert ss.load_reference(s) == (None, None)
        ss.store_reference(s, {"categories": [{"id": "c1", "name": "Jalan"}]}, '"e1"')
        ss.store_reference(s, {"categories": []}, '"e2"')
    with profile.session() as s:
        assert ss.load_reference(s) == ({"categories": []}, '"e2"')
        assert ss.get_sync_state(s).reference_etag == '"e2"'


def test_device_id_is_made_once_per_profile(tmp_path: Path) -> None:
    with Profile.open(tmp_path / "p", key=TEST_KEY) as profile, profile.session() as s, s.begin():
        first = ss.device_id(s)
        assert ss.device_id(s) == first
    with Profile.open(tmp_path / "p", key=TEST_KEY) as profile, profile.session() as s, s.begin():
        assert ss.device_id(s) == first
    with Profile.open(tmp_path / "q", key=TEST_KEY) as profile, profile.session() as s, s.begin():
        assert ss.device_id(s) != first


def test_local_user_is_kept_without_any_token(profile: Profile) -> None:
    user = user_info(Actor("u1", "budi", frozenset({"officer"}), "a", "dev-1"), full_name="Budi")
    with profile.session() as s, s.begin():
        assert ss.load_local_user(s) is None
        dev = ss.device_id(s)
        ss.save_local_user(s, user, device_id=dev, verifier="scrypt$abc", verified_at=NOW)
    with profile.session() as s:
        loaded = ss.load_local_user(s)
        assert loaded == ss.LocalUser(user, dev, "scrypt$abc", NOW)
        columns = [
            c["name"]
            for t in inspect(s.connection()).get_table_names()
            for c in inspect(s.connection()).get_columns(t)
        ]
        assert not [c for c in columns if "token" in c.lower()]


def test_sync_result_and_request_log(profile: Profile) -> None:
    with profile.session() as s, s.begin():
        ss.set_sync_result(s, at=NOW, success=False, error="timeout")
        ss.record_request(
            s,
            request_id="r1",
            method="POST",
            endpoint="/sync/push",
            status=None,
            bytes_sent=120,
            bytes_received=0,
            duration_ms=3000,
            error="timeout",
        )
    with profile.session() as s, s.begin():
        state = ss.get_sync_state(s)
        assert (state.last_attempt_at, state.last_success_at, state.last_error) == (
            NOW,
            None,
            "timeout",
        )
        later = NOW + dt.timedelta(minutes=1)
        ss.set_sync_result(s, at=later, success=True, server_offset_seconds=-2.5)
    with profile.session() as s:
        state = ss.get_sync_state(s)
        assert (state.last_success_at, state.last_error, state.server_offset_seconds) == (
            NOW + dt.timedelta(minutes=1),
            None,
            -2.5,
        )
        [logged] = queries.sync_log(s)
        assert (logged.endpoint, logged.status, logged.duration_ms) == ("/sync/push", None, 3000)
        entry = s.scalars(select(SyncLog)).one()
        assert (entry.request_id, entry.endpoint, entry.bytes_sent, entry.error) == (
            "r1",
            "/sync/push",
            120,
            "timeout",
        )


def test_supervisor_decisions_are_queued_with_the_version_read(
    profile: Profile, reports: list[str]
) -> None:
    fid = str(uuid.uuid4())
    _pull(profile, upsert("followup", followup_data(fid, reports[0], version=3)))
    with profile.session() as s, s.begin():
        cmd.approve_followup(s, SUPERVISOR, fid, 3)
        op = ss.pending_ops(s, now=NOW)[0]
    assert (op.type, op.entity_id, op.base_version) == ("followup.approve", fid, 3)
