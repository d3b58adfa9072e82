"""Builders for the feature-widget tests: a real profile filled through the pull path.

Reports and follow-ups are dicts in the wire shape (validated with the wire models, so a test
never feeds the store something the server could not send) applied with `apply_changes`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

from domain.calendar import WorkingCalendar
from localdb.profile import Profile
from localdb.pull import apply_changes
from sync import wire
from tests.support.crypt import TEST_KEY
from ui.context import AppContext, UiEvents
from ui.tasks import TaskRunner

TODAY = dt.date(2026, 2, 2)  # a Monday with no holiday around it
AGENCY_ID = "ag-dpupr"
UTC = dt.UTC

_CALENDAR: WorkingCalendar | None = None


def calendar() -> WorkingCalendar:
    global _CALENDAR  # built once: the holiday tables are slow to make
    if _CALENDAR is None:
        _CALENDAR = WorkingCalendar.indonesia([2025, 2026, 2027])
    return _CALENDAR


def make_report(n: int, **over: Any) -> dict[str, Any]:
    """A valid report dict; `respond_in` = working days from TODAY to the deadline."""
    respond_in = over.pop("respond_in", 5)
    respond_by = calendar().add_working_days(TODAY, respond_in) if respond_in >= 0 else None
    if respond_in < 0:
        respond_by = _working_days_before(TODAY, -respond_in)
    submitted = dt.datetime(2026, 1, 20, 8, 0, tzinfo=UTC) + dt.timedelta(hours=n)
    data: dict[str, Any] = {
        "id": f"r-{n:05d}",
        "tracking_id": str(5010000 + n),
        "title": f"Jalan rusak di RT {n:02d} belum diperbaiki",
        "content": "Jalan berlubang sejak tiga bulan, membahayakan pengendara motor.",
        "classification": "pengaduan",
        "category_id": "cat-jalan",
        "channel": "web",
        "status": "terverifikasi",
        "disposition": {
            "agency_id": AGENCY_ID,
            "agency_name": "Dinas Pekerjaan Umum dan Penataan Ruang",
            "disposed_at": submitted.isoformat(),
            "assignee_id": over.pop("assignee_id", "u-officer1"),
        },
        "is_anonymous": False,
        "is_secret": False,
        "reporter": {
            "name": "Siti Rahmawati",
            "nik": "3373044512900001",
            "phone": "+6281234567890",
            "email": "siti@example.org",
            "address": "Jl. Kartini 12, Salatiga",
        },
        "location": {"region_code": "33.73.04.1001", "address": "Jl. Diponegoro km 2"},
        "incident_date": "2026-01-15",
        "submitted_at": submitted.isoformat(),
        "deadlines": {"respond_by": respond_by.isoformat() if respond_by else None},
        "attachments": [],
        "history": [
            {
                "at": submitted.isoformat(),
                "actor": "Admin Nasional",
                "action": "status",
                "from": "belum_terverifikasi",
                "to": "terverifikasi",
            }
        ],
        "version": 1,
        "updated_at": submitted.isoformat(),
    }
    data.update(over)
    return wire.ReportData.model_validate(data).model_dump(mode="json", by_alias=True)


def _working_days_before(day: dt.date, n: int) -> dt.date:
    cal = calendar()
    while n > 0:
        day -= dt.timedelta(days=1)
        if cal.is_working_day(day):
            n -= 1
    return day


def make_followup(report_id: str, **over: Any) -> dict[str, Any]:
    now = dt.datetime(2026, 1, 30, 9, 0, tzinfo=UTC).isoformat()
    data: dict[str, Any] = {
        "id": over.pop("id", str(uuid.uuid4())),
        "report_id": report_id,
        "author": {"id": "u-officer1", "full_name": "Petugas Satu"},
        "content": "Tim kami sudah meninjau lokasi dan perbaikan dijadwalkan minggu depan.",
        "attachments": [],
        "state": "pending_approval",
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
    data.update(over)
    return wire.FollowupData.model_validate(data).model_dump(mode="json", by_alias=True)


def upsert(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": kind,
        "op": "upsert",
        "id": data["id"],
        "version": data["version"],
        "data": data,
    }


def fill(
    profile: Profile, reports: list[dict[str, Any]], followups: list[dict[str, Any]] = ()
) -> None:  # type: ignore[assignment]
    changes = [upsert("report", r) for r in reports] + [upsert("followup", f) for f in followups]
    with profile.session() as s, s.begin():
        apply_changes(s, changes, "cursor-test")


def open_profile(tmp_path: Path) -> Profile:
    return Profile.open(tmp_path / "profile", key=TEST_KEY)


def make_actor(role: str = "officer", user_id: str = "u-officer1") -> Any:
    from localdb.commands import Actor

    return Actor(
        user_id=user_id,
        username=role + "1",
        roles=frozenset({role}),
        agency_id=AGENCY_ID,
        device_id="dev-test",
    )


def make_ctx(profile: Profile, actor: Any, sync: Any = None) -> AppContext:
    runner = TaskRunner(profile.session)
    return AppContext(
        runner=runner,
        events=UiEvents(),
        actor=actor,
        calendar=calendar(),
        profile=profile,
        sync=sync,
    )


def close_ctx(ctx: AppContext) -> None:
    ctx.runner.shutdown()
    ctx.profile.close()


def pane_showing(
    qtbot: Any, ctx: AppContext, report_id: str = "r-00001", size: tuple[int, int] | None = None
) -> Any:
    """A report pane (on screen at `size` when one is given) once it has shown `report_id`."""
    from ui.report.pane import ReportPane

    pane = ReportPane(ctx, today=lambda: TODAY)
    qtbot.addWidget(pane)
    if size is not None:
        pane.resize(*size)
        pane.show()
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_report(report_id)
    return pane
