from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from domain.errors import ValidationError
from localdb import commands as cmd
from localdb import syncstore as ss
from localdb.models import Audit, Blob, Conflict, Draft, Followup, Intake, Outbox, Report
from localdb.profile import Profile
from sync import wire
from tests.localdb.builders import DESK, OFFICER, SUPERVISOR, T0, followup_data, report_data, upsert

TEXT = "Tim kami sudah meninjau lokasi dan menjadwalkan perbaikan."
VALID_NIK = "3373044507900001"


@pytest.fixture
def rid(profile: Profile) -> str:
    data = report_data()
    with profile.session() as s, s.begin():
        ss.apply_changes(s, [upsert("report", data)], "c1")
    return str(data["id"])


def _pull_followup(profile: Profile, rid: str, state: str, version: int) -> str:
    fid = str(uuid.uuid4())
    with profile.session() as s, s.begin():
        ss.apply_changes(
            s, [upsert("followup", followup_data(fid, rid, state=state, version=version))], "c2"
        )
    return fid


def _counts(s: Session) -> dict[str, int]:
    tables = s.execute(
        text("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'report_fts%'")
    ).scalars()
    return {t: s.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables}


def _check_one_op(profile: Profile, action: Callable[[Session], Any], op_type: str) -> wire.Op:
    with profile.session() as s, s.begin():
        before = _counts(s)
        action(s)
    with profile.session() as s:
        after = _counts(s)
        assert after["outbox"] - before["outbox"] == 1
        assert after["audit"] - before["audit"] == 1
        op = s.scalars(select(Outbox).order_by(Outbox.seq.desc())).first()
        assert op is not None and op.type == op_type
        audit = s.scalars(select(Audit).order_by(Audit.id.desc())).first()
        assert audit is not None and audit.detail is not None and audit.detail["op_id"] == op.op_id
        # The op is exactly what the server accepts.
        wire_op = wire.Op(
            op_id=op.op_id,
            seq=op.seq,
            type=op.type,
            entity_id=op.entity_id,  # type: ignore[arg-type]
            base_version=op.base_version,
            payload=op.payload,
        )
        wire.PAYLOAD_MODELS[op.type].model_validate(op.payload)
        return wire_op


def _check_nothing_written(profile: Profile, action: Callable[[Session], Any], field: str) -> None:
    with profile.session() as s:
        before = _counts(s)
    with pytest.raises(ValidationError) as caught, profile.session() as s, s.begin():
        action(s)
    assert caught.value.field == field
    with profile.session() as s:
        assert _counts(s) == before


def test_submit_followup_writes_one_op_and_shows_the_followup_at_once(
    profile: Profile, rid: str
) -> None:
    with profile.session() as s, s.begin():
        draft = cmd.save_draft(s, OFFICER, rid, TEXT, template_code="TPL-1")
    op = _check_one_op(profile, lambda s: cmd.submit_followup(s, OFFICER, rid), "followup.submit")
    assert (op.entity_id, op.base_version) == (draft.followup_id, 0)
    assert op.payload == {
        "report_id": rid,
        "content": TEXT,
        "template_code": "TPL-1",
        "attachments": [],
    }
    with profile.session() as s:
        row = s.get(Followup, draft.followup_id)
        assert row is not None and row.local_state == "pending_submit"
        assert row.local_data is not None and row.local_data["content"] == TEXT
        assert s.get(Draft, draft.id) is None


def test_revision_is_based_on_the_returned_version(profile: Profile, rid: str) -> None:
    fid = _pull_followup(profile, rid, "returned", 4)
    with profile.session() as s, s.begin():
        draft = cmd.save_draft(s, OFFICER, rid, TEXT, revise_followup_id=fid)
        assert (draft.kind, draft.followup_id) == ("revise", fid)
    op = _check_one_op(
        profile,
        lambda s: cmd.submit_followup(s, OFFICER, rid, draft_id=draft.id),
        "followup.submit",
    )
    assert (op.entity_id, op.base_version) == (fid, 4)


def test_withdraw_approve_return_and_handoff_each_write_one_op(profile: Profile, rid: str) -> None:
    f1 = _pull_followup(profile, rid, "pending_approval", 2)
    f2 = _pull_followup(profile, rid, "pending_approval", 5)
    f3 = _pull_followup(profile, rid, "pending_approval", 1)
    op = _check_one_op(
        profile, lambda s: cmd.withdraw_followup(s, OFFICER, f1, "salah kirim"), "followup.withdraw"
    )
    assert (op.entity_id, op.base_version, op.payload) == (f1, 2, {"reason": "salah kirim"})
    op = _check_one_op(
        profile, lambda s: cmd.approve_followup(s, SUPERVISOR, f2, 5), "followup.approve"
    )
    assert (op.entity_id, op.base_version) == (f2, 5)
    op = _check_one_op(
        profile,
        lambda s: cmd.return_followup(s, SUPERVISOR, f3, 1, "Lengkapi foto."),
        "followup.return",
    )
    assert op.payload == {"note": "Lengkapi foto."}
    reason = "Jalan provinsi, bukan kewenangan kabupaten."
    op = _check_one_op(
        profile,
        lambda s: cmd.request_handoff(s, OFFICER, rid, "ag-bina-marga", reason),
        "report.handoff_request",
    )
    assert (op.entity_id, op.base_version) == (rid, 1)
    with profile.session() as s:
        states = {f.id: f.local_state for f in s.scalars(select(Followup))}
        assert states == {f1: "pending_withdraw", f2: "pending_approve", f3: "pending_return"}
        assert s.scalar(select(Report.local_state)) == "pending_handoff"


def _intake(
    s: Session, *, nik: str = VALID_NIK, today: dt.date = dt.date(2026, 3, 2), **extra: Any
) -> cmd.IntakeRef:
    fields: dict[str, Any] = {
        "office_code": "DPUPR",
        "title": "Lampu jalan padam",
        "content": "Lampu jalan di gang tiga padam sejak seminggu yang lalu.",
        "classification": "pengaduan",
        "received_at": T0,
        "reporter": cmd.ReporterInput(name="Siti Aminah", nik=nik, phone="0812-3456-7890"),
        "region_code": "33.73.04.1001",
        "today": today,
    }
    fields.update(extra)
    return cmd.create_intake(s, DESK, **fields)


def test_intake_writes_one_op_with_a_receipt_number_per_office_day(profile: Profile) -> None:
    refs: list[cmd.IntakeRef] = []
    op = _check_one_op(profile, lambda s: refs.append(_intake(s)), "report.create")
    _check_one_op(profile, lambda s: refs.append(_intake(s)), "report.create")
    _check_one_op(
        profile, lambda s: refs.append(_intake(s, today=dt.date(2026, 3, 3))), "report.create"
    )
    assert [r.receipt_number for r in refs] == [
        "DPUPR-20260302-0001",
        "DPUPR-20260302-0002",
        "DPUPR-20260303-0001",
    ]
    assert op.entity_id == refs[0].id
    assert op.payload["reporter"]["nik"] == VALID_NIK
    assert op.payload["reporter"]["phone"] == "+6281234567890"
    assert op.payload["location"] == {"region_code": "33.73.04.1001", "address": None}
    with profile.session() as s:
        intake = s.get(Intake, refs[0].id)
        assert intake is not None and (intake.local_state, intake.tracking_id) == ("pending", None)
        # The audit row names ids only, never the reporter.
        for row in s.scalars(select(Audit)):
            assert "Siti" not in str(row.detail) and VALID_NIK not in str(row.detail)


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"nik": "337304450790000"}, "nik"),  # 15 digits
        ({"title": "ab"}, "title"),
        ({"content": "pendek"}, "content"),
        ({"classification": "gosip"}, "classification"),
        ({"region_code": "99.99"}, "region"),
        ({"office_code": "dinas pu"}, "office_code"),
    ],
)
def test_invalid_intake_writes_nothing(
    profile: Profile, override: dict[str, Any], field: str
) -> None:
    _check_nothing_written(profile, lambda s: _intake(s, **override), field)


def test_invalid_phone_writes_nothing(profile: Profile) -> None:
    bad = cmd.ReporterInput(name="Budi", phone="12ab")
    _check_nothing_written(profile, lambda s: _intake(s, reporter=bad), "phone")


def test_invalid_followup_commands_write_nothing(profile: Profile, rid: str) -> None:
    with profile.session() as s, s.begin():
        cmd.save_draft(s, OFFICER, rid, "terlalu")
    _check_nothing_written(profile, lambda s: cmd.submit_followup(s, OFFICER, rid), "content")
    _check_nothing_written(profile, lambda s: cmd.submit_followup(s, DESK, rid), "role")
    fid = _pull_followup(profile, rid, "pending_approval", 1)
    _check_nothing_written(profile, lambda s: cmd.approve_followup(s, OFFICER, fid, 1), "role")
    _check_nothing_written(
        profile, lambda s: cmd.return_followup(s, SUPERVISOR, fid, 1, ""), "note"
    )
    _check_nothing_written(
        profile,
        lambda s: cmd.request_handoff(s, OFFICER, rid, "ag-dpupr", "alasan yang cukup panjang"),
        "target_agency_id",
    )
    published = _pull_followup(profile, rid, "published", 2)
    _check_nothing_written(
        profile, lambda s: cmd.withdraw_followup(s, OFFICER, published), "followup"
    )


def test_a_revision_must_belong_to_the_report(profile: Profile, rid: str) -> None:
    other = report_data()
    with profile.session() as s, s.begin():
        ss.apply_changes(s, [upsert("report", other)], "c3")
    fid = _pull_followup(profile, rid, "returned", 2)
    _check_nothing_written(
        profile,
        lambda s: cmd.save_draft(s, OFFICER, other["id"], TEXT, revise_followup_id=fid),
        "followup",
    )


def test_a_closed_report_takes_no_followup(profile: Profile, rid: str) -> None:
    with profile.session() as s, s.begin():
        cmd.save_draft(s, OFFICER, rid, TEXT)
        ss.apply_changes(s, [upsert("report", report_data(rid, version=2, status="selesai"))], "c9")
    _check_nothing_written(profile, lambda s: cmd.submit_followup(s, OFFICER, rid), "report")


def test_a_second_op_waits_until_the_first_is_through(profile: Profile, rid: str) -> None:
    fid = _pull_followup(profile, rid, "pending_approval", 1)
    with profile.session() as s, s.begin():
        cmd.withdraw_followup(s, OFFICER, fid)
    _check_nothing_written(
        profile, lambda s: cmd.approve_followup(s, SUPERVISOR, fid, 1), "followup"
    )


def test_autosave_reuses_the_draft_and_writes_no_op(profile: Profile, rid: str) -> None:
    with profile.session() as s, s.begin():
        first = cmd.save_draft(s, OFFICER, rid, "Ketikan pertama")
    with profile.session() as s, s.begin():
        second = cmd.save_draft(s, OFFICER, rid, "Ketikan kedua yang lebih panjang")
    assert first == second
    with profile.session() as s:
        assert s.scalars(select(Draft.content)).all() == ["Ketikan kedua yang lebih panjang"]
        assert s.scalar(select(func.count()).select_from(Outbox)) == 0
        assert s.scalars(select(Audit.action)).all() == ["draft.create"]


def test_mark_read_is_local_and_audited(profile: Profile, rid: str) -> None:
    with profile.session() as s, s.begin():
        cmd.mark_read(s, OFFICER, rid)
        cmd.mark_read(s, OFFICER, rid)
    with profile.session() as s:
        assert s.scalar(select(Report.is_read)) is True
        assert s.scalars(select(Audit.action)).all() == ["report.read"]
        assert s.scalar(select(func.count()).select_from(Outbox)) == 0


def test_attachments_are_stored_once_by_hash(profile: Profile, tmp_path: Path) -> None:
    a, b = tmp_path / "a.jpg", tmp_path / "b.jpg"
    a.write_bytes(b"same bytes" * 1000)
    b.write_bytes(b"same bytes" * 1000)
    with profile.session() as s, s.begin():
        first = cmd.add_attachment(
            s, profile.blob_dir, a, "a.jpg", "image/jpeg", key=profile.blob_key
        )
        second = cmd.add_attachment(
            s, profile.blob_dir, b, "b.jpg", "image/jpeg", key=profile.blob_key
        )
    assert first.sha256 == second.sha256 and first.size == 10_000
    wire.AttachmentRef.model_validate(first.as_ref())
    with profile.session() as s:
        assert s.scalar(select(func.count()).select_from(Blob)) == 1
    stored = [p for p in profile.blob_dir.rglob("*") if p.is_file()]
    assert [p.name for p in stored] == [first.sha256]


def test_too_large_attachment_is_refused_and_leaves_nothing(
    profile: Profile, tmp_path: Path
) -> None:
    big = tmp_path / "video.mp4"
    big.write_bytes(b"\0" * 5000)
    _check_nothing_written(
        profile,
        lambda s: cmd.add_attachment(
            s, profile.blob_dir, big, "video.mp4", "video/mp4", max_bytes=4096, key=profile.blob_key
        ),
        "attachment",
    )
    assert [p for p in profile.blob_dir.rglob("*") if p.is_file()] == []


# --- conflict resolution ----------------------------------------------------------------------


def _conflicted_revision(profile: Profile, rid: str) -> tuple[str, int]:
    fid = _pull_followup(profile, rid, "returned", 2)
    with profile.session() as s, s.begin():
        cmd.save_draft(s, OFFICER, rid, TEXT, revise_followup_id=fid)
        cmd.submit_followup(s, OFFICER, rid)
        op = s.scalars(select(Outbox)).one()
        server = followup_data(fid, rid, state="returned", version=3, content="Teks dari server.")
        ss.mark_conflict(
            s,
            op.op_id,
            code="stale_version",
            detail="",
            entity_kind="followup",
            server_entity=server,
        )
        conflict_id = s.scalars(select(Conflict.id)).one()
    return fid, conflict_id


def test_keep_mine_requeues_on_the_servers_version(profile: Profile, rid: str) -> None:
    fid, conflict_id = _conflicted_revision(profile, rid)
    with profile.session() as s, s.begin():
        old = s.scalars(select(Outbox)).one()
        # An op that waited behind the refused one must stay behind the new one.
        s.add(
            Outbox(
                op_id="waiting",
                seq=old.seq + 1,
                type="followup.withdraw",
                entity_id=fid,
                base_version=3,
                payload={"reason": None},
                state="pending",
                attempts=0,
                created_at=T0,
            )
        )
    with profile.session() as s, s.begin():
        new_op_id = cmd.resolve_conflict_keep_mine(s, OFFICER, conflict_id)
        audits = s.scalars(select(Audit.action).where(Audit.action.like("conflict.%"))).all()
        assert audits == ["conflict.keep_mine"]
    with profile.session() as s, s.begin():
        ops = ss.pending_ops(s, now=T0 + dt.timedelta(days=1))
        assert [(o.type, o.base_version) for o in ops] == [
            ("followup.submit", 3),
            ("followup.withdraw", 3),
        ]
        assert ops[0].op_id == new_op_id != old.op_id and ops[1].op_id == "waiting"
        assert ops[0].seq > old.seq  # a fresh op the server has not seen
        assert ops[0].payload["content"] == TEXT
        conflict = s.get(Conflict, conflict_id)
        assert conflict is not None and conflict.resolution == "keep_mine"
        row = s.get(Followup, fid)
        assert row is not None and row.local_state == "pending_withdraw"  # the newest op
        assert row.local_data is not None and row.local_data["content"] == TEXT


def test_keep_mine_is_refused_for_an_approval_of_an_older_version(
    profile: Profile, rid: str
) -> None:
    fid = _pull_followup(profile, rid, "pending_approval", 1)
    with profile.session() as s, s.begin():
        op_id = cmd.approve_followup(s, SUPERVISOR, fid, 1)
        ss.mark_conflict(
            s, op_id, code="stale_version", detail="", entity_kind=None, server_entity=None
        )
        conflict_id = s.scalars(select(Conflict.id)).one()
    _check_nothing_written(
        profile, lambda s: cmd.resolve_conflict_keep_mine(s, SUPERVISOR, conflict_id), "conflict"
    )


def test_take_theirs_drops_my_change(profile: Profile, rid: str) -> None:
    fid, conflict_id = _conflicted_revision(profile, rid)
    with profile.session() as s, s.begin():
        cmd.resolve_conflict_take_theirs(s, OFFICER, conflict_id)
    with profile.session() as s:
        assert s.scalar(select(func.count()).select_from(Outbox)) == 0
        row = s.get(Followup, fid)
        assert row is not None and (row.local_state, row.local_data, row.version) == (None, None, 3)
        assert s.scalar(select(Audit.action).order_by(Audit.id.desc())) == "conflict.take_theirs"


def test_copy_to_draft_keeps_my_text_for_rework(profile: Profile, rid: str) -> None:
    fid, conflict_id = _conflicted_revision(profile, rid)
    with profile.session() as s, s.begin():
        draft_id = cmd.resolve_conflict_copy_to_draft(s, OFFICER, conflict_id)
    with profile.session() as s:
        draft = s.get(Draft, draft_id)
        assert draft is not None
        assert (draft.content, draft.kind, draft.followup_id, draft.base_version) == (
            TEXT,
            "revise",
            fid,
            3,
        )
        assert s.scalar(select(func.count()).select_from(Outbox)) == 0
        assert s.get(Followup, fid).local_state is None


@pytest.mark.parametrize(
    ("flags", "name"),
    [
        ({}, "Siti Aminah"),
        ({"is_anonymous": True}, None),
        ({"is_secret": True}, None),
        ({"is_anonymous": True, "is_secret": True}, None),
    ],
)
def test_a_receipt_names_the_reporter_only_when_the_identity_is_not_hidden(
    profile: Profile, flags: dict[str, bool], name: str | None
) -> None:
    from localdb.queries import intake_receipt

    with profile.session() as s, s.begin():
        ref = _intake(s, **flags)
    with profile.read_session() as s, s.begin():
        receipt = intake_receipt(s, DESK, ref.id)
        assert receipt is not None
        assert (receipt.receipt_number, receipt.reporter_name) == (ref.receipt_number, name)
        assert receipt.identity_hidden is bool(flags)
        assert intake_receipt(s, OFFICER, ref.id) is None  # another user's intake: nothing
