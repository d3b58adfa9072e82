"""Reporter identity per role and flags, and the deadline badge words."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.ui.feature_fixtures import TODAY, calendar, make_actor
from ui.report.identity import reporter_view
from ui.widgets.deadline import deadline_badge

REPORTER = {
    "name": "Siti Rahmawati",
    "nik": "3373044512900001",
    "phone": "+6281234567890",
    "email": "siti@example.org",
    "address": "Jl. Kartini 12",
}


def shown(view) -> str:
    return " ".join([view.headline, *(f"{k} {v}" for k, v in view.lines)])


@pytest.mark.parametrize("role", ["desk", "officer", "supervisor"])
def test_anonymous_reporter_is_never_named(qapp, role):
    view = reporter_view(make_actor(role), REPORTER, is_anonymous=True, is_secret=False)
    assert view.headline == "Pelapor anonim"
    assert "Siti" not in shown(view) and "3373044512900001" not in shown(view)


def test_officer_and_supervisor_see_full_identity_of_open_report(qapp):
    for role in ("officer", "supervisor"):
        view = reporter_view(make_actor(role), REPORTER, is_anonymous=False, is_secret=False)
        assert view.headline == "Siti Rahmawati" and not view.masked
        assert ("NIK", "3373044512900001") in view.lines


def test_desk_sees_masked_name_and_nik(qapp):
    view = reporter_view(make_actor("desk"), REPORTER, is_anonymous=False, is_secret=False)
    assert view.masked and view.headline == "S*** R********"
    assert "3373044512900001" not in shown(view) and "+6281234567890" not in shown(view)


def test_secret_report_full_only_for_assigned_officer_and_supervisor(qapp):
    mine = reporter_view(
        make_actor("officer", "u-officer1"),
        REPORTER,
        is_anonymous=False,
        is_secret=True,
        assignee_id="u-officer1",
    )
    other = reporter_view(
        make_actor("officer", "u-officer2"),
        REPORTER,
        is_anonymous=False,
        is_secret=True,
        assignee_id="u-officer1",
    )
    boss = reporter_view(
        make_actor("supervisor", "u-sup"),
        REPORTER,
        is_anonymous=False,
        is_secret=True,
        assignee_id="u-officer1",
    )
    assert mine.headline == "Siti Rahmawati"
    assert boss.headline == "Siti Rahmawati"
    assert other.masked and "Siti Rahmawati" not in shown(other)


def test_reporter_left_out_by_server_says_so(qapp):
    view = reporter_view(make_actor("officer"), None, is_anonymous=False, is_secret=False)
    assert view.masked and "tidak ditampilkan" in view.headline


def test_deadline_badge_levels_and_words(qapp):
    cal = calendar()
    in3 = cal.add_working_days(TODAY, 3)
    in1 = cal.add_working_days(TODAY, 1)
    late2 = TODAY - dt.timedelta(days=4)  # the Thursday before: two working days ago
    assert deadline_badge(in3, TODAY, cal).text == "3 hari kerja lagi"
    assert deadline_badge(in3, TODAY, cal).level == "ok"
    assert (deadline_badge(in1, TODAY, cal).level, deadline_badge(in1, TODAY, cal).text) == (
        "due_soon",
        "1 hari kerja lagi",
    )
    assert deadline_badge(TODAY, TODAY, cal).text == "Hari ini"
    late = deadline_badge(late2, TODAY, cal)
    assert late.level == "overdue" and late.text == "Lewat 2 hari kerja"
    assert deadline_badge(None, TODAY, cal).level == "none"
