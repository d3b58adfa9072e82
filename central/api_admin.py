"""Admin API (header X-Admin-Token): the world's events, the clock, settings and faults."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy.orm import Session

from central import world
from central.deps import ServicesDep, require_admin
from central.faults import FaultSettings
from central.models import Agency, OfficeClosure, Report
from central.problems import ProblemError
from central.regions import check_regency_code
from central.reveals import list_reveals
from central.rules import all_settings, set_setting, world_now
from domain.errors import ValidationError

router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[Depends(require_admin)])
T = TypeVar("T")


class ReportSummary(BaseModel):
    id: str
    tracking_id: str
    status: str
    disposed_agency_id: str | None
    version: int

    @classmethod
    def of(cls, r: Report) -> ReportSummary:
        return cls(
            id=r.id,
            tracking_id=r.tracking_id,
            status=r.status,
            disposed_agency_id=r.disposed_agency_id,
            version=r.version,
        )


class CitizenReportIn(BaseModel):
    title: str = Field(min_length=3, max_length=200)
    content: str = Field(min_length=10, max_length=20000)
    channel: str = Field(default="web", pattern="^(web|sms|twitter|mobile|regional_app)$")
    classification: str = Field(
        default="pengaduan", pattern="^(pengaduan|aspirasi|permintaan_informasi)$"
    )
    category_id: str | None = Field(default=None, max_length=64)
    is_anonymous: bool = False
    is_secret: bool = False
    reporter_name: str | None = Field(default=None, max_length=200)
    reporter_phone: str | None = Field(default=None, max_length=20)
    region_code: str | None = Field(default=None, max_length=13)
    address: str | None = Field(default=None, max_length=500)
    report_id: str | None = Field(default=None, min_length=1, max_length=64)


class DisposeIn(BaseModel):
    agency: str = Field(description="agency id or code", max_length=64)
    assignee: str | None = Field(
        default=None, description="username in that agency", max_length=100
    )
    note: str | None = Field(default=None, max_length=2000)


class NoteIn(BaseModel):
    note: str = Field(min_length=1, max_length=2000)


class ReplyIn(BaseModel):
    message: str = Field(min_length=1, max_length=20000)


class HandoffDecisionIn(BaseModel):
    accept: bool
    note: str | None = Field(default=None, max_length=2000)


class HandoffOut(BaseModel):
    id: str
    report_id: str
    from_agency_id: str
    target_agency_id: str
    reason: str
    created_at: dt.datetime


class RevealOut(BaseModel):
    """One showing of a reporter's identity: ids and times only."""

    id: str
    user_id: str
    device_id: str
    report_id: str
    at: dt.datetime
    received_at: dt.datetime


class ClockIn(BaseModel):
    days: float = Field(default=0, ge=0, le=3650)
    hours: float = Field(default=0, ge=0, le=24 * 3650)


class ClockOut(BaseModel):
    offset_seconds: int
    now: dt.datetime
    autoclosed: int = 0
    expired: int = 0


class SlaIn(BaseModel):
    """Working days per SLA step; only these keys (an unknown one would break every rule)."""

    model_config = ConfigDict(extra="forbid")
    verify_days: int | None = Field(default=None, ge=1, le=365)
    respond_days: int | None = Field(default=None, ge=1, le=365)
    autoclose_days: int | None = Field(default=None, ge=1, le=365)


class SettingsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sla: SlaIn | None = None
    cuti_bersama_is_holiday: bool | None = None
    retention_days: int | None = Field(default=None, ge=0, le=36500)
    # The kabupaten/kota whose regions the clients get ("13.06"); "" takes the setting away.
    regency_code: str | None = Field(default=None, max_length=13)

    @field_validator("regency_code")
    @classmethod
    def _known_regency(cls, value: str | None) -> str | None:
        if not value:
            return value
        try:
            return check_regency_code(value)
        except ValidationError as err:
            raise ValueError(err.message) from None


class ClosureIn(BaseModel):
    date: dt.date
    agency_id: str | None = None
    reason: str = Field(min_length=1, max_length=200)


class FaultsIn(BaseModel):
    latency_ms: int = Field(default=0, ge=0, le=60000)
    error_rate: float = Field(default=0, ge=0, le=1)
    drop_rate: float = Field(default=0, ge=0, le=1)
    drop_push_after_commit: int = Field(default=0, ge=0)
    seed: int | None = None


def _in_world(svc: ServicesDep, event: Callable[[Session], T]) -> T:
    try:
        with svc.db.write() as session, session.begin():
            return event(session)
    except world.WorldError as err:
        raise ProblemError(err.status, "world_error", "Peristiwa ditolak", err.message) from err


@router.post("/reports", response_model=ReportSummary, status_code=201)
def citizen_report(body: CitizenReportIn, svc: ServicesDep) -> ReportSummary:
    event = world.CitizenReport(**body.model_dump())
    return _in_world(svc, lambda s: ReportSummary.of(world.citizen_report(s, event)))


@router.post("/reports/{report_id}/dispose", response_model=ReportSummary)
def dispose(report_id: str, body: DisposeIn, svc: ServicesDep) -> ReportSummary:
    return _in_world(
        svc,
        lambda s: ReportSummary.of(
            world.dispose(s, report_id, body.agency, assignee=body.assignee, note=body.note)
        ),
    )


@router.post("/reports/{report_id}/reject", response_model=ReportSummary)
def reject(report_id: str, body: NoteIn, svc: ServicesDep) -> ReportSummary:
    return _in_world(svc, lambda s: ReportSummary.of(world.reject(s, report_id, body.note)))


@router.post("/reports/{report_id}/reply", response_model=ReportSummary)
def reply(report_id: str, body: ReplyIn, svc: ServicesDep) -> ReportSummary:
    return _in_world(
        svc, lambda s: ReportSummary.of(world.reporter_reply(s, report_id, body.message))
    )


@router.get("/handoffs", response_model=list[HandoffOut])
def handoffs(svc: ServicesDep) -> list[HandoffOut]:
    with svc.db.read() as session:
        return [
            HandoffOut(
                id=h.id,
                report_id=h.report_id,
                from_agency_id=h.from_agency_id,
                target_agency_id=h.target_agency_id,
                reason=h.reason,
                created_at=h.created_at,
            )
            for h in world.pending_handoffs(session)
        ]


@router.post("/handoffs/{handoff_id}/decide", response_model=ReportSummary)
def decide_handoff(handoff_id: str, body: HandoffDecisionIn, svc: ServicesDep) -> ReportSummary:
    return _in_world(
        svc,
        lambda s: ReportSummary.of(
            world.decide_handoff(s, handoff_id, accept=body.accept, note=body.note)
        ),
    )


@router.get("/reveals", response_model=list[RevealOut])
def reveals(
    svc: ServicesDep,
    report_id: Annotated[str | None, Query(max_length=64)] = None,
    user_id: Annotated[str | None, Query(max_length=64)] = None,
) -> list[RevealOut]:
    """Who saw whom: the reveals of one report and/or by one user, oldest first."""
    if report_id is None and user_id is None:
        raise ProblemError(
            422, "validation_error", "Permintaan tidak valid", "Sebutkan report_id atau user_id."
        )
    with svc.db.read() as session:
        rows = list_reveals(session, report_id=report_id, user_id=user_id)
    return [RevealOut(**asdict(r)) for r in rows]


def _clock(session: Session, moved: dt.timedelta | None = None) -> ClockOut:
    offset = moved if moved is not None else dt.timedelta(0)
    return ClockOut(offset_seconds=int(offset.total_seconds()), now=world_now(session))


@router.get("/clock", response_model=ClockOut)
def clock(svc: ServicesDep) -> ClockOut:
    with svc.db.read() as session:
        offset = int(all_settings(session)["clock_offset_seconds"])
        return ClockOut(offset_seconds=offset, now=world_now(session))


@router.post("/clock/advance", response_model=ClockOut)
def advance_clock(body: ClockIn, svc: ServicesDep) -> ClockOut:
    offset = _in_world(svc, lambda s: world.advance_clock(s, days=body.days, hours=body.hours))
    closed, expired = _in_world(svc, world.housekeeping)
    with svc.db.read() as session:
        out = _clock(session, offset)
    return out.model_copy(update={"autoclosed": closed, "expired": expired})


@router.post("/housekeeping", response_model=ClockOut)
def run_housekeeping(svc: ServicesDep) -> ClockOut:
    closed, expired = _in_world(svc, world.housekeeping)
    return clock(svc).model_copy(update={"autoclosed": closed, "expired": expired})


@router.get("/settings")
def get_settings(svc: ServicesDep) -> dict[str, Any]:
    with svc.db.read() as session:
        return all_settings(session)


@router.patch("/settings")
def patch_settings(body: SettingsIn, svc: ServicesDep) -> dict[str, Any]:
    def apply(session: Session) -> dict[str, Any]:
        for key, value in body.model_dump(exclude_none=True).items():
            if key == "sla":  # a partial SLA keeps the days it does not name
                value = {**all_settings(session)["sla"], **value}
            set_setting(session, key, value or None if key == "regency_code" else value)
        session.flush()
        return all_settings(session)

    return _in_world(svc, apply)


@router.post("/closures", status_code=201)
def add_closure(body: ClosureIn, svc: ServicesDep) -> dict[str, Any]:
    def apply(session: Session) -> dict[str, Any]:
        if body.agency_id is not None and session.get(Agency, body.agency_id) is None:
            raise world.WorldError(f"Instansi {body.agency_id} tidak dikenal.", 422)
        session.add(OfficeClosure(date=body.date, agency_id=body.agency_id, reason=body.reason))
        return body.model_dump(mode="json")

    return _in_world(svc, apply)


@router.get("/faults", response_model=FaultsIn)
def get_faults(svc: ServicesDep) -> FaultsIn:
    return FaultsIn(**asdict(svc.faults.get()))


@router.put("/faults", response_model=FaultsIn)
def put_faults(body: FaultsIn, svc: ServicesDep) -> FaultsIn:
    if not svc.settings.fault_injection:
        raise ProblemError(
            409,
            "faults_disabled",
            "Gangguan buatan tidak aktif",
            "Server ini dijalankan tanpa --allow-faults.",
        )
    svc.faults.set(FaultSettings(**body.model_dump()))
    return get_faults(svc)


@router.get("/bridge")
def lapor_bridge(svc: ServicesDep) -> dict[str, Any]:
    """The SP4N-LAPOR! bridge: its queue by kind and state, rows in trouble with the reason,
    last contact and last error (see docs/bridge.md)."""
    from central.lapor.state import bridge_status

    with svc.db.read() as session:
        return bridge_status(session)


class RequeueIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["followup", "report", "handoff"] | None = None


class RequeuedOut(BaseModel):
    id: int
    kind: str
    hub_id: str
    reason: str | None = Field(description="why it had failed")


class RequeueOut(BaseModel):
    requeued: int
    rows: list[RequeuedOut]


def _requeued(rows: list[Any]) -> RequeueOut:
    return RequeueOut(requeued=len(rows), rows=[RequeuedOut(**asdict(r)) for r in rows])


@router.post("/bridge/requeue", response_model=RequeueOut)
def lapor_requeue_failed(svc: ServicesDep, body: RequeueIn | None = None) -> RequeueOut:
    """Queue every failed row again (of one `kind`, if given): tried on the bridge's next cycle.
    Rows whose outcome is unknown are left to the bridge's read-back."""
    from central.lapor.requeue import requeue_failed

    now = dt.datetime.now(dt.UTC)
    with svc.db.write() as session, session.begin():
        return _requeued(requeue_failed(session, now, body.kind if body else None))


@router.post("/bridge/rows/{row_id}/requeue", response_model=RequeueOut)
def lapor_requeue_row(
    row_id: Annotated[int, Path(ge=1, le=2**31 - 1)], svc: ServicesDep
) -> RequeueOut:
    """Queue one failed row again (its id as in `problems`); 404 unknown, 409 not failed."""
    from central.lapor.requeue import RequeueRefused, requeue_row

    now = dt.datetime.now(dt.UTC)
    try:
        with svc.db.write() as session, session.begin():
            return _requeued([requeue_row(session, row_id, now)])
    except RequeueRefused as err:
        if err.code == "not_found":
            raise ProblemError(
                404,
                "bridge_row_not_found",
                "Baris antrean tidak ada",
                f"Antrean jembatan LAPOR! tidak punya baris {row_id}.",
            ) from None
        if err.code == "done":
            raise ProblemError(
                409,
                "bridge_row_done",
                "Sudah terkirim ke LAPOR!",
                f"Baris {row_id} sudah ada di LAPOR! dan tidak dikirim lagi.",
            ) from None
        raise ProblemError(
            409,
            "bridge_row_pending",
            "Baris tidak gagal",
            f"Baris {row_id} berstatus {err.state}: jembatan masih mengurusnya sendiri "
            "(yang hasilnya tidak diketahui dibaca ulang dari LAPOR! sebelum dikirim lagi). "
            "Hanya baris yang gagal dapat diantrekan lagi.",
        ) from None
