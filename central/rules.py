"""The world's settings (kept in the database, shared by the server and the CLI) and the rules
snapshot every unit of work reads: the simulated clock, the SLA, the working-day calendar.

"Now" of the world is the wall clock plus `clock_offset_seconds`, so a demo or a test can move
time forward (auto-close after 10 working days) without waiting. Security clocks (token expiry,
login throttling) use the real wall clock on purpose.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import OfficeClosure, Setting
from domain import clock
from domain.calendar import Holiday, WorkingCalendar
from domain.deadlines import SlaSettings

# Reports are worked on in Indonesian offices; deadlines fall on WIB calendar days.
LOCAL_TZ = dt.timezone(dt.timedelta(hours=7), "WIB")

DEFAULTS: dict[str, Any] = {
    "clock_offset_seconds": 0,
    "sla": {"verify_days": 3, "respond_days": 5, "autoclose_days": 10},
    "cuti_bersama_is_holiday": True,
    "retention_days": 90,
    # The kabupaten/kota the hub's offices serve ("13.06"): its regions go to the clients.
    "regency_code": None,
}


def wall_now() -> dt.datetime:
    return clock.now()


def get_setting(session: Session, key: str) -> Any:
    row = session.get(Setting, key)
    return json.loads(row.value) if row is not None else DEFAULTS[key]


def set_setting(session: Session, key: str, value: Any) -> None:
    if key not in DEFAULTS:
        raise KeyError(key)
    row = session.get(Setting, key)
    text = json.dumps(value, sort_keys=True)
    if row is None:
        session.add(Setting(key=key, value=text))
    else:
        row.value = text


def all_settings(session: Session) -> dict[str, Any]:
    stored = {row.key: json.loads(row.value) for row in session.scalars(select(Setting))}
    return {key: stored.get(key, default) for key, default in DEFAULTS.items()}


@dataclass(frozen=True)
class Rules:
    now: dt.datetime
    sla: SlaSettings
    cal: WorkingCalendar
    retention_days: int
    closures: tuple[OfficeClosure, ...]

    @property
    def today(self) -> dt.date:
        return local_date(self.now)

    def retention_cutoff(self) -> dt.datetime:
        """Reports closed before this instant have left every scope."""
        return self.now - dt.timedelta(days=self.retention_days)


def local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(LOCAL_TZ).date()


def build_calendar(
    today: dt.date, cuti_bersama_is_holiday: bool, closures: tuple[OfficeClosure, ...]
) -> WorkingCalendar:
    # Deadlines reach a few weeks ahead and history a year back: three years cover both.
    years = range(today.year - 1, today.year + 2)
    return WorkingCalendar.indonesia(
        years,
        cuti_bersama_is_holiday=cuti_bersama_is_holiday,
        closures=[Holiday(c.date, c.reason, "closure") for c in closures if c.agency_id is None],
    )


def load_rules(session: Session) -> Rules:
    settings = all_settings(session)
    now = wall_now() + dt.timedelta(seconds=int(settings["clock_offset_seconds"]))
    closures = tuple(session.scalars(select(OfficeClosure).order_by(OfficeClosure.date)))
    return Rules(
        now=now,
        sla=SlaSettings(**settings["sla"]),
        cal=build_calendar(local_date(now), bool(settings["cuti_bersama_is_holiday"]), closures),
        retention_days=int(settings["retention_days"]),
        closures=closures,
    )


def world_now(session: Session) -> dt.datetime:
    offset = int(get_setting(session, "clock_offset_seconds"))
    return wall_now() + dt.timedelta(seconds=offset)
