"""Each inbox list reads about its page, not every report that matches or might match.

The work is counted in the database engine's virtual-machine steps (in hundreds), which are the
same on any machine, unlike a time: a list over eight times the reports must not cost eight
times the steps. Each case failed before the indexes and the queries of migration 0012, or,
with a category chosen, of migration 0013 (where the category's size, not the whole profile's,
bounds the work, four cases failed: the others were cheap already or grow with the category).
"""

from __future__ import annotations

import datetime as dt

import pytest

from domain.calendar import WorkingCalendar
from localdb import commands as cmd
from localdb import queries as q
from localdb import syncstore as ss
from localdb.profile import Profile
from tests.localdb.builders import OFFICER, SUPERVISOR, report_data, upsert

TODAY = dt.date(2026, 12, 2)
CAL = WorkingCalendar([])
PAGE = 50


RARE, COMMON = "kat-langka", "kat-umum"


def _category(i: int, status: str) -> str | None:
    """Twenty reports of a rare category whatever `n` is, about half of all in a common one."""
    if i < 10:
        return RARE
    return COMMON if i % 2 == (1 if status == "selesai" else 0) else None


def _office(profile: Profile, n: int) -> None:
    """`n` late reports in the open statuses and as many closed ones; three assigned to the
    officer and three with the supervisor's assignment not yet sent, whatever `n` is."""
    changes, open_ids = [], []
    for i in range(n):
        due = TODAY - dt.timedelta(days=1 + i % 300)
        submitted = dt.datetime(2026, 6, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=i)
        for status in ("dalam_proses", "selesai"):
            data = report_data(status=status, respond_by=due, submitted_at=submitted)
            data["category_id"] = _category(i, status)
            if status == "dalam_proses":
                open_ids.append(data["id"])
                if i < 3:
                    data["disposition"]["assignee_id"] = OFFICER.user_id
            changes.append(upsert("report", data))
    with profile.session() as s, s.begin():
        ss.apply_changes(s, changes, "c")
        for report_id in open_ids[-3:]:
            cmd.assign_report(s, SUPERVISOR, report_id, "u-other")


def _page(profile: Profile, filt: q.InboxFilter, sort: q.Sort) -> tuple[int, int]:
    """The first page's length, and the engine's steps for it."""
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    with profile.read_session() as s, s.begin():
        raw = s.connection().connection.driver_connection
        raw.set_progress_handler(count, 100)  # type: ignore[union-attr]
        try:
            page = q.inbox_page(s, filt, sort, limit=PAGE, today=TODAY, cal=CAL, actor=OFFICER)  # type: ignore[arg-type]
        finally:
            raw.set_progress_handler(None, 0)  # type: ignore[union-attr]
    return len(page.rows), steps[0]


@pytest.fixture(scope="module")
def offices(tmp_path_factory: pytest.TempPathFactory) -> tuple[Profile, Profile]:
    root = tmp_path_factory.mktemp("offices")
    small, large = Profile.open(root / "small"), Profile.open(root / "large")
    _office(small, 200)
    _office(large, 1_600)
    yield small, large  # type: ignore[misc]
    small.close()
    large.close()


CASES = [
    ("late, by deadline", q.InboxFilter(deadline="overdue"), "deadline", PAGE),
    ('"Lewat tenggat", by date', q.InboxFilter(box="lewat_tenggat"), "date", PAGE),
    (
        "late and in process, by date",
        q.InboxFilter(deadline="overdue", status="dalam_proses"),
        "date",
        PAGE,
    ),
    ('"Perlu tindak lanjut", by date', q.InboxFilter(box="perlu_tindak_lanjut"), "date", PAGE),
    (
        '"Ditugaskan kepada Saya", by deadline',
        q.InboxFilter(box="ditugaskan_kepada_saya"),
        "deadline",
        3,
    ),
    ('"Kotak Keluar", by deadline', q.InboxFilter(box="kotak_keluar"), "deadline", 3),
    ('"Kotak Keluar", by date', q.InboxFilter(box="kotak_keluar"), "date", 3),
    (
        "in process, a classification, unread, by date",
        q.InboxFilter(status="dalam_proses", classification="pengaduan", unread_only=True),
        "date",
        PAGE,
    ),
    # A category chosen beside a list: its page is chosen in the category's index (0013).
    ("a common category, by deadline", q.InboxFilter(category_id=COMMON), "deadline", PAGE),
    (
        'a common category, "Lewat tenggat" by deadline',
        q.InboxFilter(category_id=COMMON, box="lewat_tenggat"),
        "deadline",
        PAGE,
    ),
    (
        'a common category, "Perlu tindak lanjut" by deadline',
        q.InboxFilter(category_id=COMMON, box="perlu_tindak_lanjut"),
        "deadline",
        PAGE,
    ),
    (
        'a rare category, "Lewat tenggat" by deadline',
        q.InboxFilter(category_id=RARE, box="lewat_tenggat"),
        "deadline",
        10,
    ),
    (
        'a rare category, "Lewat tenggat" by date',
        q.InboxFilter(category_id=RARE, box="lewat_tenggat"),
        "date",
        10,
    ),
    ("a rare category, by date", q.InboxFilter(category_id=RARE), "date", 20),
    (
        "a category no report has, late",
        q.InboxFilter(category_id="kat-x", box="lewat_tenggat"),
        "deadline",
        0,
    ),
]


@pytest.mark.parametrize(("label", "filt", "sort", "rows"), CASES, ids=[c[0] for c in CASES])
def test_a_list_over_eight_times_the_reports_costs_about_the_same(
    offices: tuple[Profile, Profile], label: str, filt: q.InboxFilter, sort: q.Sort, rows: int
) -> None:
    small, large = offices
    rows_small, steps_small = _page(small, filt, sort)
    rows_large, steps_large = _page(large, filt, sort)
    assert rows_small == rows_large == rows, label
    assert steps_large < 1.5 * steps_small + 5, (label, steps_small, steps_large)


def _whole(profile: Profile, box: str, sort: q.Sort = "deadline") -> list[q.InboxRow]:
    with profile.read_session() as s, s.begin():
        filt = q.InboxFilter(box=box)  # type: ignore[arg-type]
        return list(
            q.inbox_page(s, filt, sort, limit=1_000, today=TODAY, cal=CAL, actor=OFFICER).rows
        )


def test_the_lists_still_hold_what_the_rules_say(offices: tuple[Profile, Profile]) -> None:
    """The same lists, read whole: every late open report by date, newest first, and the
    boxes' few reports."""
    small, _large = offices
    late = _whole(small, "lewat_tenggat", "date")
    mine, outgoing = _whole(small, "ditugaskan_kepada_saya"), _whole(small, "kotak_keluar")
    assert len(late) == 200 and {r.status for r in late} == {"dalam_proses"}
    assert [r.submitted_at for r in late] == sorted((r.submitted_at for r in late), reverse=True)
    assert len(mine) == 3 and len(outgoing) == 3
    assert not {r.id for r in mine} & {r.id for r in outgoing}


def test_a_category_list_holds_what_the_rules_say(offices: tuple[Profile, Profile]) -> None:
    """Read whole, by either order: the category's late open reports, and no other."""
    small, _large = offices
    with small.read_session() as s, s.begin():
        for sort in ("deadline", "date"):
            filt = q.InboxFilter(category_id=COMMON, box="lewat_tenggat")
            rows = q.inbox_page(s, filt, sort, limit=1_000, today=TODAY, cal=CAL, actor=OFFICER)
            listed = list(rows.rows)
            assert len(listed) == 95, sort
            assert {(r.category_id, r.status) for r in listed} == {(COMMON, "dalam_proses")}
            keys = [r.respond_by if sort == "deadline" else r.submitted_at for r in listed]
            assert keys == sorted(keys, reverse=sort == "date"), sort
