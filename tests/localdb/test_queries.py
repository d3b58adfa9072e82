from __future__ import annotations

import dataclasses
import datetime as dt
import random
import uuid

import pytest
from sqlalchemy import event, select

from domain.calendar import Holiday, WorkingCalendar
from localdb import commands as cmd
from localdb import queries as q
from localdb import syncstore as ss
from localdb.models import Conflict, Outbox
from localdb.profile import Profile
from tests.localdb.builders import (
    DESK,
    OFFICER,
    SUPERVISOR,
    T0,
    followup_data,
    lamp_intake,
    report_data,
    upsert,
)

TODAY = dt.date(2026, 3, 4)  # a Wednesday
CAL = WorkingCalendar([Holiday(dt.date(2026, 3, 5), "Libur uji", "public")])
TEXT = "Tim kami sudah meninjau lokasi dan menjadwalkan perbaikan."


def _pull(profile: Profile, *changes: dict) -> None:
    with profile.session() as s, s.begin():
        ss.apply_changes(s, list(changes), "c")


def _all_pages(profile: Profile, filt: q.InboxFilter, sort: q.Sort, limit: int) -> list[q.InboxRow]:
    rows: list[q.InboxRow] = []
    after = None
    with profile.read_session() as s, s.begin():
        while True:
            page = q.inbox_page(s, filt, sort, after, limit, today=TODAY, cal=CAL)
            rows.extend(page.rows)
            if page.next_after is None:
                return rows
            after = page.next_after


@pytest.fixture
def many(profile: Profile) -> list[dict]:
    rnd = random.Random(7)
    datas = []
    for i in range(230):
        due = None if i % 9 == 0 else dt.date(2026, 3, 1) + dt.timedelta(days=rnd.randrange(12))
        datas.append(
            report_data(
                status=rnd.choice(["terverifikasi", "dalam_proses", "selesai"]),
                classification=rnd.choice(["pengaduan", "aspirasi"]),
                category_id=rnd.choice(["cat-jalan", "cat-air"]),
                respond_by=due,
                # Equal times on purpose: the id must break ties.
                submitted_at=T0 + dt.timedelta(hours=rnd.randrange(40)),
                title=f"Laporan nomor {i}",
            )
        )
    _pull(profile, *(upsert("report", d) for d in datas))
    return datas


@pytest.mark.parametrize("sort", ["deadline", "date"])
def test_keyset_pages_cover_every_row_once_in_order(
    profile: Profile, many: list[dict], sort: q.Sort
) -> None:
    rows = _all_pages(profile, q.InboxFilter(), sort, limit=37)
    if sort == "deadline":
        expected = sorted(
            many, key=lambda d: (d["deadlines"]["respond_by"] or "9999-12-31", d["id"])
        )
    else:
        expected = sorted(many, key=lambda d: (d["submitted_at"], d["id"]), reverse=True)
    assert [r.id for r in rows] == [d["id"] for d in expected]


def test_filters_match_a_plain_python_filter(profile: Profile, many: list[dict]) -> None:
    filt = q.InboxFilter(status="dalam_proses", classification="aspirasi", category_id="cat-air")
    rows = _all_pages(profile, filt, "deadline", limit=10)
    expected = {
        d["id"]
        for d in many
        if (d["status"], d["classification"], d["category_id"])
        == ("dalam_proses", "aspirasi", "cat-air")
    }
    assert expected and {r.id for r in rows} == expected


def test_deadline_filters_follow_the_working_calendar(profile: Profile, many: list[dict]) -> None:
    open_ = [d for d in many if d["status"] != "selesai" and d["deadlines"]["respond_by"]]
    overdue = {d["id"] for d in open_ if d["deadlines"]["respond_by"] < TODAY.isoformat()}
    # Wednesday; Thursday is a holiday, so Friday is still one working day away: due soon.
    soon_days = {"2026-03-04", "2026-03-05", "2026-03-06"}
    soon = {d["id"] for d in open_ if d["deadlines"]["respond_by"] in soon_days}
    assert q.last_due_soon_day(TODAY, CAL) == dt.date(2026, 3, 8)  # through the weekend
    soon |= {d["id"] for d in open_ if d["deadlines"]["respond_by"] in {"2026-03-07", "2026-03-08"}}
    assert {
        r.id for r in _all_pages(profile, q.InboxFilter(deadline="overdue"), "date", 50)
    } == overdue
    assert {
        r.id for r in _all_pages(profile, q.InboxFilter(deadline="due_soon"), "date", 50)
    } == soon
    with profile.read_session() as s, pytest.raises(ValueError):
        q.inbox_page(s, q.InboxFilter(deadline="overdue"))


def test_unread_search_and_draft_flags(profile: Profile, many: list[dict]) -> None:
    target = many[5]["id"]
    with profile.session() as s, s.begin():
        cmd.mark_read(s, OFFICER, many[0]["id"])
        cmd.save_draft(s, OFFICER, target, "Sedang ditulis")
    unread = _all_pages(profile, q.InboxFilter(unread_only=True), "deadline", 100)
    assert len(unread) == len(many) - 1 and many[0]["id"] not in {r.id for r in unread}
    found = _all_pages(profile, q.InboxFilter(search=many[5]["tracking_id"]), "deadline", 100)
    assert [r.id for r in found] == [target]
    assert found[0].has_draft and not found[0].is_read


def test_needs_followup_box_and_nav_counts(profile: Profile) -> None:
    fresh, answered, pending_local, closed, late = (
        report_data(respond_by=dt.date(2026, 3, 20)),
        report_data(respond_by=dt.date(2026, 3, 20)),
        report_data(respond_by=dt.date(2026, 3, 20)),
        report_data(status="selesai", respond_by=dt.date(2026, 3, 1)),
        report_data(status="dalam_proses", respond_by=dt.date(2026, 3, 2)),
    )
    returned_id = str(uuid.uuid4())
    _pull(
        profile,
        *(upsert("report", d) for d in (fresh, answered, pending_local, closed, late)),
        upsert("followup", followup_data(str(uuid.uuid4()), answered["id"], state="published")),
        upsert(
            "followup",
            followup_data(
                str(uuid.uuid4()), late["id"], state="pending_approval", author_id="someone-else"
            ),
        ),
        upsert("followup", followup_data(returned_id, late["id"], state="returned")),
    )
    with profile.session() as s, s.begin():
        cmd.save_draft(s, OFFICER, pending_local["id"], TEXT)
        cmd.submit_followup(s, OFFICER, pending_local["id"])
        cmd.save_draft(s, OFFICER, fresh["id"], "draf")
    box = _all_pages(profile, q.InboxFilter(box="perlu_tindak_lanjut"), "deadline", 50)
    assert {r.id for r in box} == {fresh["id"]}  # late has a follow-up waiting for approval
    with profile.read_session() as s, s.begin():
        officer = q.nav_counts(s, OFFICER, TODAY, CAL)
        supervisor = q.nav_counts(s, SUPERVISOR, TODAY, CAL)
    assert officer == q.NavCounts(
        perlu_tindak_lanjut=1,
        lewat_tenggat=1,
        draf=1,
        menunggu_persetujuan=0,
        dikembalikan=1,
        kotak_keluar=1,
        konflik=0,
        baru_diperbarui=5,  # not the profile's first load: all five came as news, none opened
    )
    assert supervisor.menunggu_persetujuan == 1 and supervisor.dikembalikan == 0


def test_report_detail_shows_local_text_and_hides_what_the_server_left_out(
    profile: Profile,
) -> None:
    with_reporter = report_data(reporter_name="Siti Aminah")
    without = report_data(reporter_name=None)
    _pull(profile, upsert("report", with_reporter), upsert("report", without))
    with profile.session() as s, s.begin():
        cmd.save_draft(s, OFFICER, with_reporter["id"], TEXT)
        fid = cmd.submit_followup(s, OFFICER, with_reporter["id"])
    with profile.read_session() as s, s.begin():
        detail = q.report_detail(s, with_reporter["id"], OFFICER)
        bare = q.report_detail(s, without["id"], OFFICER)
        assert q.report_detail(s, "missing", OFFICER) is None
    assert detail is not None and bare is not None
    assert detail.reporter is not None and detail.reporter.name == "Siti Aminah"
    assert bare.reporter is None
    assert detail.history[0].action == "disposisi" and detail.history[0].to == "ag-dpupr"
    assert [(f.id, f.content, f.local_state, f.state) for f in detail.followups] == [
        (fid, TEXT, "pending_submit", None)
    ]
    assert detail.content == with_reporter["content"]
    assert dataclasses.is_dataclass(detail) and detail.__dataclass_params__.frozen  # type: ignore[attr-defined]


def test_side_lists(profile: Profile) -> None:
    report = report_data()
    waiting, returned = str(uuid.uuid4()), str(uuid.uuid4())
    _pull(
        profile,
        upsert("report", report),
        upsert("followup", followup_data(waiting, report["id"], state="pending_approval")),
        upsert("followup", followup_data(returned, report["id"], state="returned")),
    )
    with profile.session() as s, s.begin():
        cmd.save_draft(s, OFFICER, report["id"], "draf baru")
        intake = lamp_intake(s, today=TODAY)
        op_id = cmd.withdraw_followup(s, OFFICER, returned)
        ss.mark_conflict(
            s, op_id, code="stale_version", detail="", entity_kind=None, server_entity=None
        )
    with profile.read_session() as s, s.begin():
        assert [f.id for f in q.approval_queue(s, SUPERVISOR)] == [waiting]
        assert q.approval_queue(s, OFFICER) == []
        assert [d.content for d in q.drafts(s)] == ["draf baru"]
        assert q.returned_followups(s, OFFICER) == []  # it has local work now
        summary = q.outbox_summary(s)
        assert summary.counts.by_state == {
            "pending": 1,
            "sending": 0,
            "done": 0,
            "conflict": 1,
            "quarantined": 0,
        }
        assert (summary.counts.unsent, summary.counts.parked) == (1, 1)
        assert q.outbox_counts(s) == summary.counts
        assert [i.type for i in summary.items] == ["report.create", "followup.withdraw"]
        [conflict] = q.conflicts(s)
        assert (conflict.op_type, conflict.entity_id, conflict.code) == (
            "followup.withdraw",
            returned,
            "stale_version",
        )
        assert [(i.receipt_number, i.local_state) for i in q.my_intakes(s, DESK)] == [
            (intake.receipt_number, "pending")
        ]
        assert q.my_intakes(s, OFFICER) == []
        assert s.scalars(select(Conflict.id)).all() and s.scalars(select(Outbox.op_id)).all()


def _statements(profile: Profile) -> list[str]:
    """Every SQL statement the profile's engine runs from now on."""
    seen: list[str] = []
    engine = profile.engine
    event.listen(engine, "before_cursor_execute", lambda _c, _cur, sql, *_a: seen.append(sql))
    return seen


def test_approval_and_conflict_titles_come_in_a_fixed_number_of_queries(profile: Profile) -> None:
    reports = [report_data(title=f"Jalan rusak {i}") for i in range(4)]
    waiting = [str(uuid.uuid4()) for _ in reports]
    returned = [str(uuid.uuid4()) for _ in reports]
    _pull(profile, *(upsert("report", r) for r in reports))
    _pull(
        profile,
        *(
            upsert("followup", followup_data(w, r["id"], state="pending_approval"))
            for w, r in zip(waiting, reports, strict=True)
        ),
        *(
            upsert("followup", followup_data(f, r["id"], state="returned"))
            for f, r in zip(returned, reports, strict=True)
        ),
    )
    with profile.session() as s, s.begin():
        for f in returned:
            op_id = cmd.withdraw_followup(s, OFFICER, f)
            ss.mark_conflict(
                s, op_id, code="stale_version", detail="", entity_kind=None, server_entity=None
            )
    seen = _statements(profile)
    with profile.read_session() as s, s.begin():
        approvals = q.approval_rows(s, SUPERVISOR)
        after_approvals = len(seen)
        conflicts = q.conflict_rows(s)
    titles = [r["title"] for r in reports]
    assert sorted(a.report_title for a in approvals) == titles
    assert {a.followup.id for a in approvals} == set(waiting)
    assert sorted(c.report_title or "" for c in conflicts) == titles
    assert {c.report_id for c in conflicts} == {r["id"] for r in reports}
    selects = [sql for sql in seen if sql.lstrip().upper().startswith("SELECT")]
    # Titles join the rows: one query each (approvals may add one for files on this PC).
    assert after_approvals <= 2 and len(selects) <= 3, selects


def test_outbox_count_is_what_the_outbox_box_lists(profile: Profile) -> None:
    """Two changes waiting on one report: one row in "Kotak Keluar", and the count says 1. The
    desk's box is the sync log, which lists changes: there the count is the changes."""
    busy, quiet = report_data(), report_data()
    _pull(profile, upsert("report", busy), upsert("report", quiet))
    with profile.session() as s, s.begin():
        cmd.save_draft(s, OFFICER, busy["id"], TEXT)
        cmd.submit_followup(s, OFFICER, busy["id"])
        cmd.request_handoff(s, OFFICER, busy["id"], "ag-lain", "Bukan kewenangan dinas ini.")
        lamp_intake(s, today=TODAY)
        assert len(s.scalars(select(Outbox.op_id)).all()) == 3
    listed = _all_pages(profile, q.InboxFilter(box="kotak_keluar"), "deadline", 50)
    with profile.read_session() as s, s.begin():
        officer = q.nav_counts(s, OFFICER, TODAY, CAL)
        supervisor = q.nav_counts(s, SUPERVISOR, TODAY, CAL)
        desk = q.nav_counts(s, DESK, TODAY, CAL)
    assert [r.id for r in listed] == [busy["id"]]
    assert officer.kotak_keluar == supervisor.kotak_keluar == len(listed) == 1
    assert desk.kotak_keluar == 3
