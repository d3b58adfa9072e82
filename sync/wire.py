"""Wire models of the sync protocol v1 (docs/protocol.md).

This module is the contract between the office client and the central API: the server builds its
responses from these models (and its OpenAPI document from them), the client parses every answer
with them. It imports nothing of the app, so `central/` may import it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

API_VERSION = "1"
API_PREFIX = "/api/v1"
SERVICE_NAME = "simpul-central"
# Oldest client version the server still serves; older clients get 426 with a message.
MIN_CLIENT_VERSION = "0.1.0"

MAX_CHANGES_PAGE = 500
MAX_PUSH_OPS = 200
# The client sends back the last ServerMark it got (`database_id.epoch.seq`) on every request.
MARK_HEADER = "X-Simpul-Mark"
# On a page of changes with more after it: the next page's cursor, before the body arrives.
NEXT_CURSOR_HEADER = "X-Next-Cursor"
# On a 204 answer to a pull with nothing new: the server's time (ISO 8601, seconds).
SERVER_TIME_HEADER = "X-Server-Time"
MAX_REVEALS = 500

ReportStatus = Literal[
    "belum_terverifikasi", "terverifikasi", "dalam_proses", "selesai", "diarsipkan", "ditolak"
]
FollowupState = Literal["pending_approval", "returned", "published", "withdrawn"]
Classification = Literal["pengaduan", "aspirasi", "permintaan_informasi"]
Channel = Literal["web", "sms", "twitter", "mobile", "regional_app", "walk_in"]
Role = Literal["desk", "officer", "supervisor"]
OpType = Literal[
    "report.create",
    "report.handoff_request",
    "report.assign",
    "followup.submit",
    "followup.withdraw",
    "followup.approve",
    "followup.return",
]
OpStatus = Literal["applied", "duplicate", "conflict", "rejected"]

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class WireModel(BaseModel):
    """Base: unknown fields are ignored so an older client survives a newer server."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)


# --- errors -------------------------------------------------------------------------------------


class Problem(WireModel):
    """RFC 9457 problem details plus a stable machine `code` (and `field` for invalid input)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    code: str
    field: str | None = None


# --- the server's database -----------------------------------------------------------------------


class ServerMark(WireModel):
    """Which database answered, in which epoch (server start), at which change number.

    A client keeps the last mark it got and sends it back; a server whose database does not
    contain that history answers 409 `server_restored` or `server_replaced` (docs/protocol.md).
    """

    database_id: str = Field(pattern=r"^[0-9a-f]{1,32}$")
    epoch: str = Field(pattern=r"^[0-9a-f]{1,32}$")
    seq: int = Field(ge=0)

    def header(self) -> str:
        return f"{self.database_id}.{self.epoch}.{self.seq}"


# --- health and auth ------------------------------------------------------------------------------


class Health(WireModel):
    service: str
    api_version: str
    server_time: dt.datetime
    mark: ServerMark | None = None


class LoginRequest(WireModel):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=200)
    device_id: str = Field(min_length=1, max_length=100)
    device_name: str = Field(default="", max_length=200)


class AgencyRef(WireModel):
    id: str
    code: str
    name: str


class UserInfo(WireModel):
    id: str
    username: str
    full_name: str
    roles: list[Role]
    agency: AgencyRef
    # Desk users, at login: this device's number within the agency, the device part of the
    # receipt numbers it issues (domain/receipt.py). None for other roles.
    desk_number: int | None = Field(default=None, ge=1, le=99)


class TokenPair(WireModel):
    access_token: str
    refresh_token: str
    expires_in: int
    user: UserInfo


class RefreshRequest(WireModel):
    refresh_token: str = Field(min_length=1, max_length=500)


class LogoutRequest(WireModel):
    refresh_token: str = Field(min_length=1, max_length=500)


# --- reference data -------------------------------------------------------------------------------


class Category(WireModel):
    id: str
    parent_id: str | None = None
    name: str


class CodeName(WireModel):
    code: str
    name: str


class Agency(WireModel):
    id: str
    code: str
    name: str
    parent_id: str | None = None


class ReplyTemplate(WireModel):
    code: str
    title: str
    body: str


class SlaSettings(WireModel):
    """Working days allowed per step (configurable per deployment)."""

    verify_days: int = 3
    respond_days: int = 5
    autoclose_days: int = 10


class HolidayEntry(WireModel):
    date: dt.date
    name: str
    kind: Literal["public", "cuti_bersama"]


class OfficeClosure(WireModel):
    date: dt.date
    agency_id: str | None = None  # None: every office of the deployment
    reason: str


class StaffMember(WireModel):
    """A user of an office as others see them: enough to assign work and show a name."""

    id: str
    full_name: str
    agency_id: str
    roles: list[Role]


class Reference(WireModel):
    categories: list[Category]
    classifications: list[CodeName]
    channels: list[CodeName]
    agencies: list[Agency]
    reply_templates: list[ReplyTemplate]
    sla: SlaSettings
    cuti_bersama_is_holiday: bool
    holidays: list[HolidayEntry]
    office_closures: list[OfficeClosure]
    staff: list[StaffMember] = Field(default_factory=list)
    # The ETag of `GET /reference/regions` for the caller: the client fetches the regions only
    # when this differs from the one it holds. None: the hub has no kabupaten/kota set.
    regions_etag: str | None = None


class Regions(WireModel):
    """The kecamatan and kelurahan/desa of the office's kabupaten/kota, by Kemendagri code.

    `regions` lists the kecamatan (PP.KK.CC) and the kelurahan/desa (PP.KK.CC.DDDD) in code
    order; the parent of each is its code without the last part.
    """

    regency: CodeName
    regions: list[CodeName]


# --- report and follow-up data --------------------------------------------------------------------


class Disposition(WireModel):
    agency_id: str
    agency_name: str
    disposed_at: dt.datetime
    assignee_id: str | None = None


class Reporter(WireModel):
    name: str | None = Field(default=None, max_length=200)
    nik: str | None = Field(default=None, max_length=16)
    phone: str | None = Field(default=None, max_length=20)
    email: str | None = Field(default=None, max_length=200)
    address: str | None = Field(default=None, max_length=500)


class Location(WireModel):
    region_code: str | None = Field(default=None, max_length=13)
    address: str | None = Field(default=None, max_length=500)


class Deadlines(WireModel):
    verify_by: dt.date | None = None
    respond_by: dt.date | None = None
    autoclose_at: dt.date | None = None


class AttachmentRef(WireModel):
    sha256: Sha256
    filename: str = Field(min_length=1, max_length=255)
    mime: str = Field(max_length=100)
    size: int = Field(ge=0)


class HistoryEntry(WireModel):
    at: dt.datetime
    actor: str
    action: str
    from_: str | None = Field(default=None, alias="from")
    to: str | None = None
    note: str | None = None


class PersonRef(WireModel):
    id: str
    full_name: str


class LaporRef(WireModel):
    """Where a report or follow-up stands on SP4N-LAPOR! (set only where the hub bridges).

    `pending`: queued or being sent; `sent`: on LAPOR! (`tracking_id` = its LAPOR! id once known:
    the complaint's tracking id, or the follow-up's id); `failed`: it will not be sent, and
    `reason` says why: `refused` (LAPOR! refused it; `message` = LAPOR!'s own words),
    `not_mapped` (the office has no LAPOR! institution in the hub's mapping), `withdrawn` (no
    longer published, or gone, when its turn came), `other` (the hub administrator sees why).
    """

    state: Literal["pending", "sent", "failed"]
    tracking_id: str | None = None
    reason: str | None = None  # with `failed` (a newer hub may send a reason this app lacks)
    message: str | None = None  # with `refused`: LAPOR!'s answer, at most 200 characters


class ReportData(WireModel):
    id: str
    tracking_id: str
    receipt_number: str | None = None
    title: str
    content: str
    classification: Classification
    category_id: str | None = None
    channel: Channel
    status: ReportStatus
    disposition: Disposition | None = None
    is_anonymous: bool = False
    is_secret: bool = False
    reporter: Reporter | None = None
    location: Location | None = None
    incident_date: dt.date | None = None
    submitted_at: dt.datetime
    deadlines: Deadlines = Field(default_factory=Deadlines)
    attachments: list[AttachmentRef] = Field(default_factory=list)
    history: list[HistoryEntry] = Field(default_factory=list)
    version: int
    updated_at: dt.datetime
    lapor: LaporRef | None = None


class Review(WireModel):
    reviewer: PersonRef
    note: str | None = None
    at: dt.datetime


class FollowupData(WireModel):
    id: str
    report_id: str
    author: PersonRef
    content: str
    template_code: str | None = None
    attachments: list[AttachmentRef] = Field(default_factory=list)
    state: FollowupState
    review: Review | None = None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    lapor: LaporRef | None = None


# --- pull -----------------------------------------------------------------------------------------


class Change(WireModel):
    kind: Literal["report", "followup"]
    op: Literal["upsert", "remove"]
    id: str
    version: int | None = None
    data: ReportData | FollowupData | None = None
    reason: str | None = None


class ChangesPage(WireModel):
    changes: list[Change]
    next_cursor: str
    has_more: bool
    server_time: dt.datetime
    mark: ServerMark | None = None

    @classmethod
    def parse(cls, content: bytes | str) -> ChangesPage:
        """A page from its JSON, validated change by change.

        The same result as `model_validate_json`, but that is one call into pydantic-core that
        holds the GIL for the whole page (tens of milliseconds for 500 reports), and the UI
        thread of the office app waits that long; here each call holds it for one change.
        ValueError (bad JSON) or ValidationError, as `model_validate_json` raises."""
        raw = json.loads(content)
        items = raw.get("changes") if isinstance(raw, dict) else None
        if not isinstance(items, list):
            return cls.model_validate(raw)  # not a page: the error says what is wrong
        changes = [Change.model_validate(item) for item in items]
        return cls.model_validate({**raw, "changes": changes})


# --- push -----------------------------------------------------------------------------------------


class ReportCreatePayload(WireModel):
    """A walk-in complaint typed in at the desk (entity_id = the client-made report id)."""

    receipt_number: str = Field(min_length=1, max_length=40)
    title: str = Field(min_length=3, max_length=200)
    content: str = Field(min_length=10, max_length=20000)
    classification: Classification
    category_id: str | None = None
    is_anonymous: bool = False
    is_secret: bool = False
    reporter: Reporter | None = None
    location: Location | None = None
    incident_date: dt.date | None = None
    received_at: dt.datetime
    attachments: list[AttachmentRef] = Field(default_factory=list, max_length=20)


class HandoffRequestPayload(WireModel):
    """entity_id = report id."""

    target_agency_id: str = Field(min_length=1)
    reason: str = Field(min_length=10, max_length=2000)


class ReportAssignPayload(WireModel):
    """entity_id = report id; the officer of the same agency who handles it (None: nobody)."""

    assignee_id: str | None = Field(default=None, min_length=1, max_length=64)


class FollowupSubmitPayload(WireModel):
    """entity_id = the client-made follow-up id; base_version 0 for a new one."""

    report_id: str = Field(min_length=1)
    content: str = Field(min_length=10, max_length=20000)
    template_code: str | None = None
    attachments: list[AttachmentRef] = Field(default_factory=list, max_length=20)


class FollowupWithdrawPayload(WireModel):
    reason: str | None = Field(default=None, max_length=2000)


class FollowupApprovePayload(WireModel):
    note: str | None = Field(default=None, max_length=2000)


class FollowupReturnPayload(WireModel):
    note: str = Field(min_length=3, max_length=2000)


PAYLOAD_MODELS: dict[str, type[WireModel]] = {
    "report.create": ReportCreatePayload,
    "report.handoff_request": HandoffRequestPayload,
    "report.assign": ReportAssignPayload,
    "followup.submit": FollowupSubmitPayload,
    "followup.withdraw": FollowupWithdrawPayload,
    "followup.approve": FollowupApprovePayload,
    "followup.return": FollowupReturnPayload,
}


class Op(WireModel):
    op_id: str = Field(min_length=1, max_length=64)
    seq: int = Field(ge=0)
    type: OpType
    entity_id: str = Field(min_length=1, max_length=64)
    base_version: int = Field(ge=0)
    payload: dict[str, Any]


class PushRequest(WireModel):
    device_id: str = Field(min_length=1, max_length=100)
    ops: list[Op] = Field(max_length=MAX_PUSH_OPS)


class OpResult(WireModel):
    op_id: str
    status: OpStatus
    entity_kind: Literal["report", "followup"] | None = None
    entity: ReportData | FollowupData | None = None
    error: Problem | None = None


class PushResponse(WireModel):
    results: list[OpResult]
    server_time: dt.datetime
    mark: ServerMark | None = None


# --- who saw whom ---------------------------------------------------------------------------------


class RevealIn(WireModel):
    """One showing of a reporter's identity: the client's id for it, the report, the time."""

    id: str = Field(min_length=1, max_length=64)
    report_id: str = Field(min_length=1, max_length=64)
    at: AwareDatetime


class RevealBatch(WireModel):
    device_id: str = Field(min_length=1, max_length=100)
    reveals: list[RevealIn] = Field(max_length=MAX_REVEALS)


class RevealAnswer(WireModel):
    """`stored`: ids now on the server (a repeat counts); `refused`: ids it will never keep."""

    stored: list[str]
    refused: list[str]


# --- uploads --------------------------------------------------------------------------------------


class UploadCreate(WireModel):
    sha256: Sha256
    size: int = Field(ge=0)
    filename: str = Field(min_length=1, max_length=255)
    mime: str = Field(max_length=100)


class UploadCreated(WireModel):
    upload_id: str | None = None
    offset: int = 0
    complete: bool = False


def parse_entity(kind: str, data: dict[str, Any]) -> ReportData | FollowupData:
    """Parse an entity by its kind (the union alone cannot always tell them apart)."""
    if kind == "report":
        return ReportData.model_validate(data)
    return FollowupData.model_validate(data)
