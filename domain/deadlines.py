"""Time limits of a report, counted in working days, and how close each one is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from domain.calendar import WorkingCalendar
from domain.states import ReportStatus, report_accepts_followup


@dataclass(frozen=True)
class SlaSettings:
    """Working days allowed per step; regional service standards differ, so this is data."""

    verify_days: int = 3
    respond_days: int = 5
    autoclose_days: int = 10

    def __post_init__(self) -> None:
        for name in ("verify_days", "respond_days", "autoclose_days"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")


class DeadlineStatus(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"
    NONE = "none"


@dataclass(frozen=True)
class DeadlineInfo:
    """`working_days_left` is negative when overdue (working days since the due date)."""

    status: DeadlineStatus
    working_days_left: int | None


def deadline_status(
    due: dt.date | None, today: dt.date, cal: WorkingCalendar, *, due_soon_days: int = 1
) -> DeadlineInfo:
    """Overdue once today is past `due`; due soon when at most `due_soon_days` working days remain."""
    if due is None:
        return DeadlineInfo(DeadlineStatus.NONE, None)
    left = cal.working_days_between(today, due)
    if today > due:
        return DeadlineInfo(DeadlineStatus.OVERDUE, left)
    if left <= due_soon_days:
        return DeadlineInfo(DeadlineStatus.DUE_SOON, left)
    return DeadlineInfo(DeadlineStatus.ON_TRACK, left)


def running_deadline(status: str, respond_by: dt.date | None, *, published: bool) -> dt.date | None:
    """The follow-up deadline still running for a report, or None.

    The deadline is met once a follow-up is published (one waiting for approval has not reached
    the citizen, so it does not meet it), and a report that no longer takes a follow-up
    (finished, archived, rejected, not yet verified) has no deadline at all. The list, the
    badge, the counts and the server all ask this one function (the local store mirrors it in
    SQL, checked against it over every status).
    """
    if published or not report_accepts_followup(ReportStatus(status)):
        return None
    return respond_by


def verify_by(submitted_on: dt.date, cal: WorkingCalendar, sla: SlaSettings) -> dt.date:
    """Last day for the admin to verify and route a new report."""
    return cal.add_working_days(submitted_on, sla.verify_days)


def respond_by(disposed_on: dt.date, cal: WorkingCalendar, sla: SlaSettings) -> dt.date:
    """Last day for the agency to publish its follow-up after the report was routed to it."""
    return cal.add_working_days(disposed_on, sla.respond_days)


def autoclose_at(published_on: dt.date, cal: WorkingCalendar, sla: SlaSettings) -> dt.date:
    """Day a report counts as finished when nobody replied to the published follow-up."""
    return cal.add_working_days(published_on, sla.autoclose_days)


def days_left_label(info: DeadlineInfo) -> str:
    """Short Indonesian text for a deadline column or badge."""
    left = info.working_days_left
    if info.status is DeadlineStatus.NONE or left is None:
        return "Tanpa tenggat"
    if info.status is DeadlineStatus.OVERDUE:
        # Past a Friday deadline on the weekend no working day has gone by yet, but it is late.
        return f"Lewat tenggat {-left} hari kerja" if left < 0 else "Lewat tenggat"
    if left == 0:
        return "Hari ini"
    return f"{left} hari kerja lagi"
