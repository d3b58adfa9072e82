"""What a pull brings that the office should notice, marked per user, kept across a reopen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from domain.calendar import WorkingCalendar
from localdb import commands, news, syncstore
from localdb.models import Report, ReportNews, ReportSeen
from localdb.profile import Profile
from localdb.pull import apply_changes
from localdb.queries import InboxFilter, inbox_page, nav_counts
from tests.localdb.builders import (
    AGENCY,
    OFFICER,
    OTHER_AGENCY,
    SUPERVISOR,
    T0,
    followup_data,
    remove,
    report_data,
    upsert,
    user_info,
)
from tests.support.crypt import TEST_KEY

ME = news.Me(OFFICER.user_id, AGENCY, frozenset({"officer"}))


def _as(profile: Profile, actor: Any) -> None:
    with profile.session() as s, s.begin():
        syncstore.save_local_user(
            s, user_info(actor), device_id="dev-1", verifier=None, verified_at=T0
        )


def _pull(profile: Profile, *changes: dict[str, Any], quiet: bool = False) -> list[Any]:
    with profile.session() as s, s.begin():
        return list(apply_changes(s, list(changes), "c", quiet=quiet).news)


def _marks(profile: Profile, actor: Any) -> dict[str, str | None]:
    with profile.read_session() as s, s.begin():
        page = inbox_page(s, InboxFilter(), actor=actor, limit=500)
    return {r.id: r.news for r in page.rows}


def _with_reply(data: dict[str, Any], version: int, at: dt.datetime) -> dict[str, Any]:
    history = [
        *data["history"],
        {"at": at.isoformat(), "actor": "Pelapor", "action": "reporter_reply", "note": "x"},
    ]
    return {**data, "history": history, "version": version}


# --- the rules, as plain functions ------------------------------------------------------------


def test_a_report_disposed_here_is_new_one_elsewhere_is_not() -> None:
    here, there = report_data(), report_data(agency_id=OTHER_AGENCY)
    assert news.report_events(None, here, ME) == ["disposed"]
    assert news.report_events(None, there, ME) == []
    assert news.report_events(here, here, ME) == []  # the same copy again


def test_assignment_to_me_is_new_work_and_a_reply_is_an_update() -> None:
    old = report_data(version=1)
    assigned = {**old, "version": 2, "disposition": {**old["disposition"], "assignee_id": "u-x"}}
    assert news.report_events(old, assigned, ME) == []  # someone else's now
    mine = {**old, "version": 2, "disposition": {**old["disposition"], "assignee_id": ME.user_id}}
    assert news.report_events(old, mine, ME) == ["disposed"]
    replied = _with_reply(old, 3, T0 + dt.timedelta(days=1))
    assert news.report_events(old, replied, ME) == ["reply"]
    twice = _with_reply(replied, 4, T0 + dt.timedelta(days=2))
    assert news.report_events(old, twice, ME) == ["reply", "reply"]


def test_only_my_followup_coming_back_returned_counts() -> None:
    mine = followup_data("f1", "r1", version=2, state="returned")
    theirs = followup_data("f2", "r1", version=2, state="returned", author_id="u-other")
    assert news.followup_events("pending_approval", 1, mine, ME) == ["returned"]
    assert news.followup_events("pending_approval", 1, theirs, ME) == []
    assert news.followup_events("returned", 2, mine, ME) == []  # already known
    assert news.followup_events("pending_approval", 2, mine, ME) == []  # not newer


def test_a_desk_user_is_told_nothing() -> None:
    desk = news.Me("u-desk", AGENCY, frozenset({"desk"}))
    assert news.report_events(None, report_data(), desk) == []


# --- through the store ------------------------------------------------------------------------


def test_pulled_news_is_marked_per_user_and_cleared_by_opening(profile: Profile) -> None:
    _as(profile, OFFICER)
    known = report_data("r-known")
    _pull(profile, upsert("report", known), quiet=True)  # the first load: no news
    assert _marks(profile, OFFICER) == {"r-known": None}

    fresh = report_data("r-new")
    replied = _with_reply(known, 2, T0 + dt.timedelta(hours=3))
    events = _pull(profile, upsert("report", fresh), upsert("report", replied))
    assert sorted((e.kind, e.report_id) for e in events) == [
        ("disposed", "r-new"),
        ("reply", "r-known"),
    ]
    assert _marks(profile, OFFICER) == {"r-known": "updated", "r-new": "new"}
    assert _marks(profile, SUPERVISOR) == {"r-known": "updated", "r-new": "new"}

    with profile.session() as s, s.begin():
        assert commands.mark_read(s, OFFICER, "r-new") is True
        assert commands.mark_read(s, OFFICER, "r-new") is False  # nothing left to clear
    assert _marks(profile, OFFICER) == {"r-known": "updated", "r-new": None}
    assert _marks(profile, SUPERVISOR)["r-new"] == "new"  # the other user has not opened it

    # News after it was seen marks it again, as an update.
    again = _with_reply(fresh, 2, T0 + dt.timedelta(hours=4))
    _pull(profile, upsert("report", again))
    assert _marks(profile, OFFICER)["r-new"] == "updated"


def test_marks_survive_closing_the_profile(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    with Profile.open(folder, key=TEST_KEY) as first:
        _as(first, OFFICER)
        _pull(first, upsert("report", report_data("r-a")), upsert("report", report_data("r-b")))
        with first.session() as s, s.begin():
            commands.mark_read(s, OFFICER, "r-a")
    with Profile.open(folder, key=TEST_KEY) as again:
        assert _marks(again, OFFICER) == {"r-a": None, "r-b": "new"}


def test_a_returned_followup_marks_its_report_updated(profile: Profile) -> None:
    _as(profile, OFFICER)
    report = report_data("r-1")
    sent = followup_data("f-1", "r-1", version=1, state="pending_approval")
    _pull(profile, upsert("report", report), upsert("followup", sent), quiet=True)
    back = followup_data("f-1", "r-1", version=2, state="returned")
    events = _pull(profile, upsert("followup", back))
    assert [(e.kind, e.report_id, e.tracking_id) for e in events] == [
        ("returned", "r-1", report["tracking_id"])
    ]
    assert _marks(profile, OFFICER) == {"r-1": "updated"}


def test_a_report_that_leaves_takes_its_marks(profile: Profile) -> None:
    _as(profile, OFFICER)
    _pull(profile, upsert("report", report_data("r-go")))
    with profile.session() as s, s.begin():
        commands.mark_read(s, OFFICER, "r-go")
    _pull(profile, remove("report", "r-go"))
    with profile.read_session() as s, s.begin():
        assert s.scalar(select(func.count()).select_from(ReportNews)) == 0
        assert s.scalar(select(func.count()).select_from(ReportSeen)) == 0


# --- the "Baru & Diperbarui" box and its count ------------------------------------------------


def _news_box(profile: Profile, actor: Any, **filters: Any) -> list[str]:
    flt = InboxFilter(box="baru_diperbarui", **filters)
    with profile.read_session() as s, s.begin():
        return [r.id for r in inbox_page(s, flt, sort="date", actor=actor, limit=500).rows]


def _counts(profile: Profile, actor: Any) -> int:
    """The navigation's count, after checking that both ways of finding the unseen reports
    (walking the reports, gathering the notices: `news.is_dense` picks one) find the same."""
    with profile.read_session() as s, s.begin():
        ways = [
            set(s.scalars(select(Report.id).where(news.unseen_condition(actor.user_id, dense=d))))
            for d in (True, False)
        ]
        assert ways[0] == ways[1]
        count = nav_counts(s, actor, T0.date(), WorkingCalendar.indonesia([T0.year]))
    assert count.baru_diperbarui == len(ways[0])
    return count.baru_diperbarui


def test_the_news_box_lists_and_counts_what_each_user_has_not_opened(profile: Profile) -> None:
    _as(profile, OFFICER)
    old = [report_data(f"r-old{n}", submitted_at=T0 - dt.timedelta(days=n)) for n in range(3)]
    _pull(profile, *(upsert("report", r) for r in old), quiet=True)  # first load: no news
    assert _news_box(profile, OFFICER) == [] and _counts(profile, OFFICER) == 0

    fresh = [
        report_data(f"r-new{n}", submitted_at=T0 + dt.timedelta(hours=n), status=status)
        for n, status in enumerate(("dalam_proses", "dalam_proses", "selesai"))
    ]
    replied = _with_reply(old[1], 2, T0 + dt.timedelta(hours=5))
    _pull(profile, *(upsert("report", r) for r in fresh), upsert("report", replied))
    every = ["r-new2", "r-new1", "r-new0", "r-old1"]  # newest first
    assert _news_box(profile, OFFICER) == every
    assert _counts(profile, OFFICER) == 4
    # The other filters narrow the box as they narrow any other.
    assert _news_box(profile, OFFICER, status="selesai") == ["r-new2"]

    with profile.session() as s, s.begin():
        commands.mark_read(s, OFFICER, "r-new1")
        commands.mark_read(s, OFFICER, "r-old1")
    assert _news_box(profile, OFFICER) == ["r-new2", "r-new0"]
    assert _counts(profile, OFFICER) == 2
    with profile.read_session() as s, s.begin():
        assert news.is_dense(s, OFFICER.user_id, page=1)  # a one-row page: the walking way
        flt = InboxFilter(box="baru_diperbarui")
        first = inbox_page(s, flt, sort="date", limit=1, actor=OFFICER)
        rest = inbox_page(s, flt, sort="date", after=first.next_after, limit=1, actor=OFFICER)
    assert [r.id for r in (*first.rows, *rest.rows)] == ["r-new2", "r-new0"]
    assert rest.next_after is None
    # Per user: the supervisor sharing this profile has opened nothing yet.
    assert _news_box(profile, SUPERVISOR) == every
    assert _counts(profile, SUPERVISOR) == 4

    # Opened, then news again: back in the box, once.
    _pull(profile, upsert("report", _with_reply(fresh[1], 2, T0 + dt.timedelta(hours=6))))
    assert _news_box(profile, OFFICER) == ["r-new2", "r-new1", "r-new0"]
    assert _counts(profile, OFFICER) == 3
    # A report that leaves the office leaves the box and the count.
    _pull(profile, remove("report", "r-new0"))
    assert _news_box(profile, OFFICER) == ["r-new2", "r-new1"]
    assert _counts(profile, OFFICER) == 2
    assert _counts(profile, SUPERVISOR) == 3


def test_the_news_box_pages_by_keyset_like_the_rest(profile: Profile) -> None:
    _as(profile, OFFICER)
    reports = [
        report_data(f"r-{n:03d}", submitted_at=T0 + dt.timedelta(minutes=n)) for n in range(25)
    ]
    _pull(profile, *(upsert("report", r) for r in reports))
    flt = InboxFilter(box="baru_diperbarui")
    seen: list[str] = []
    after = None
    with profile.read_session() as s, s.begin():
        while True:
            page = inbox_page(s, flt, sort="deadline", after=after, limit=10, actor=OFFICER)
            seen.extend(r.id for r in page.rows)
            if page.next_after is None:
                break
            after = page.next_after
    assert sorted(seen) == sorted(r["id"] for r in reports) and len(seen) == 25
    assert _counts(profile, OFFICER) == 25


def test_seen_notices_are_forgotten_after_a_month_unseen_ones_stay(tmp_path: Path) -> None:
    """After login (the deferred checks) the notices this user saw more than 30 days ago go, so
    the box reads only what is recent or unseen; an old unseen one stays marked, and a pruned
    report marked again by a later pull shows its news as before."""
    folder = tmp_path / "p"
    with Profile.open(folder, key=TEST_KEY) as first:
        _as(first, OFFICER)
        _pull(
            first,
            *(upsert("report", report_data(f"r-{n}")) for n in ("old-seen", "old-new", "recent")),
        )
        with first.session() as s, s.begin():
            for rid in ("r-old-seen", "r-recent"):
                commands.mark_read(s, OFFICER, rid)
            long_ago = T0 - dt.timedelta(days=40)
            for rid in ("r-old-seen", "r-old-new"):
                s.get(ReportNews, rid).at = long_ago  # type: ignore[union-attr]
            s.get(ReportNews, "r-recent").at = long_ago + dt.timedelta(days=39)  # type: ignore[union-attr]
    with Profile.open(folder, key=TEST_KEY, defer_checks=True) as again:
        again.run_deferred_checks(now=T0)
        with again.read_session() as s, s.begin():
            held = set(s.scalars(select(ReportNews.report_id)))
            seen = set(s.scalars(select(ReportSeen.report_id)))
        assert held == {"r-old-new", "r-recent"} and seen == {"r-recent"}
        assert _marks(again, OFFICER) == {"r-old-seen": None, "r-old-new": "new", "r-recent": None}
        replied = _with_reply(report_data("r-old-seen"), 2, T0 + dt.timedelta(hours=1))
        _pull(again, upsert("report", replied))
        assert _marks(again, OFFICER)["r-old-seen"] == "updated"
