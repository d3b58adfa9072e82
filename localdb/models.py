"""Tables of the local database (one database per user profile).

Server rows (`report`, `followup`) keep the server's JSON whole in `data` plus copies of the
fields that queries filter and sort on; local columns (`is_read`, `local_state`, `local_data`) are
never touched by a pull. There are no foreign keys between server rows: pages can bring a
follow-up before its report, and a removed report may stay while local work still refers to it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import JSON, Index, MetaData, String, Text, UniqueConstraint, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from localdb.sqltypes import UTCDateTime

# Sort key for reports without a deadline: they come last when sorting by deadline.
NO_DUE_KEY = "9999-12-31"

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dt.datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
        str: String(),
    }


class Report(Base):
    """A report as last pulled. `pk` is an explicit rowid so the search index stays in step."""

    __tablename__ = "report"

    pk: Mapped[int] = mapped_column(primary_key=True)
    id: Mapped[str] = mapped_column(unique=True)
    tracking_id: Mapped[str | None] = mapped_column(index=True)
    version: Mapped[int]
    data: Mapped[dict[str, Any]]
    title: Mapped[str] = mapped_column(Text)
    status: Mapped[str]
    classification: Mapped[str]
    category_id: Mapped[str | None]
    respond_by: Mapped[dt.date | None]
    due_key: Mapped[str]  # respond_by as text, or NO_DUE_KEY: keyset paging needs no NULLs
    submitted_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    is_secret: Mapped[bool]
    agency: Mapped[str | None] = mapped_column(index=True)
    is_read: Mapped[bool] = mapped_column(default=False)
    local_state: Mapped[str | None]
    pulled_at: Mapped[dt.datetime]
    # Has a follow-up that answers it for now; kept by triggers (migration 0003), never by code.
    answered: Mapped[bool] = mapped_column(default=False, server_default=text("0"))
    # Has a published follow-up, which meets its deadline; kept by triggers (migration 0004).
    published: Mapped[bool] = mapped_column(default=False, server_default=text("0"))
    # The officer it is assigned to inside the office (disposition.assignee_id; migration 0005).
    assignee_id: Mapped[str | None]
    # WIB days: disposed to the office (copied on pull), first follow-up published (triggers).
    disposed_on: Mapped[str | None]
    answered_on: Mapped[str | None]
    handoff_asked: Mapped[bool] = mapped_column(default=False, server_default=text("0"))

    __table_args__ = (
        # Migration 0013: both orders carry the columns of the inbox's filters.
        Index("ix_report_due", "due_key", "id", "classification", "is_read"),
        # Migration 0012: the date order with the columns the status and deadline rules read.
        Index(
            "ix_report_submitted_state",
            *("submitted_at", "id", "status", "published", "answered", "due_key"),
            *("classification", "is_read"),
        ),
        Index("ix_report_status_due", "status", "due_key", "id"),
        Index("ix_report_status_submitted", "status", "submitted_at", "id"),
        Index("ix_report_status_answered", "status", "answered"),
        Index("ix_report_answered_due", "answered", "due_key", "id", "status"),
        Index("ix_report_status_published_due", "status", "published", "due_key"),
        Index("ix_report_published_due", "published", "due_key", "id", "status"),  # 0012
        # Migration 0013: a category's lists, their rules and both orders read in the index.
        Index(
            "ix_report_category_rules",
            *("category_id", "due_key", "id", "submitted_at", "status", "published"),
            *("answered", "classification", "is_read"),
        ),
        # Migration 0012: the few reports with local work ("Kotak Keluar").
        Index("ix_report_local", "id", sqlite_where=text("local_state IS NOT NULL")),
        # Covering indexes of migration 0005 (see there for why they are this wide).
        Index("ix_report_assignee_status", "assignee_id", "status", "answered"),
        Index(
            "ix_report_agency_disposed",
            "agency",
            "disposed_on",
            "assignee_id",
            "answered_on",
            "respond_by",
            "status",
            "published",
            "due_key",
            "handoff_asked",
            "id",
        ),
    )


class Followup(Base):
    """A follow-up: the server's row (`data`, None while only local) plus pending local work."""

    __tablename__ = "followup"

    id: Mapped[str] = mapped_column(primary_key=True)
    report_id: Mapped[str]
    version: Mapped[int]
    data: Mapped[dict[str, Any] | None]
    state: Mapped[str | None] = mapped_column(index=True)
    author_id: Mapped[str | None]
    updated_at: Mapped[dt.datetime]
    local_state: Mapped[str | None]
    local_data: Mapped[dict[str, Any] | None]  # the payload of the newest unsent submit

    # Covering for "has this report an answer?" (the inbox box and its count).
    # Covering for the navigation's counts of waiting and returned follow-ups.
    __table_args__ = (
        Index("ix_followup_report", "report_id", "state", "local_state"),
        Index("ix_followup_state_author", "state", "author_id", "local_state"),
    )


class Draft(Base):
    """Follow-up text being written; `followup_id` is the id the follow-up will carry."""

    __tablename__ = "draft"

    id: Mapped[str] = mapped_column(primary_key=True)
    report_id: Mapped[str] = mapped_column(index=True)
    followup_id: Mapped[str] = mapped_column(unique=True)
    kind: Mapped[str]  # "new" | "revise"
    base_version: Mapped[int]
    content: Mapped[str] = mapped_column(Text)
    template_code: Mapped[str | None]
    attachments: Mapped[list[Any]]
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]


class Intake(Base):
    """A walk-in complaint typed in at the desk; `id` is the report id it will have."""

    __tablename__ = "intake"

    id: Mapped[str] = mapped_column(primary_key=True)
    receipt_number: Mapped[str] = mapped_column(unique=True)
    office_code: Mapped[str]
    day: Mapped[dt.date]
    day_seq: Mapped[int]
    title: Mapped[str] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text)
    classification: Mapped[str]
    category_id: Mapped[str | None]
    is_anonymous: Mapped[bool]
    is_secret: Mapped[bool]
    reporter: Mapped[dict[str, Any] | None]
    location: Mapped[dict[str, Any] | None]
    incident_date: Mapped[dt.date | None]
    received_at: Mapped[dt.datetime]
    attachments: Mapped[list[Any]]
    local_state: Mapped[str]  # "pending" | "sent" | "conflict" | "rejected"
    tracking_id: Mapped[str | None]
    created_by: Mapped[str]
    created_at: Mapped[dt.datetime]

    __table_args__ = (UniqueConstraint("office_code", "day", "day_seq"),)


class Outbox(Base):
    """One operation for the server, in `seq` order; kept after it is done for the record."""

    __tablename__ = "outbox"

    op_id: Mapped[str] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    type: Mapped[str]
    entity_id: Mapped[str] = mapped_column(index=True)
    base_version: Mapped[int]
    payload: Mapped[dict[str, Any]]
    state: Mapped[str]  # pending | sending | done | conflict | quarantined
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    done_at: Mapped[dt.datetime | None]

    __table_args__ = (Index("ix_outbox_state_seq", "state", "seq"),)


class Blob(Base):
    """An attachment file kept under the profile's blob folder by its sha256."""

    __tablename__ = "blob"

    sha256: Mapped[str] = mapped_column(primary_key=True)
    size: Mapped[int]
    filename: Mapped[str]
    mime: Mapped[str]
    path: Mapped[str]  # relative to the profile's blob folder
    upload_id: Mapped[str | None]
    uploaded_offset: Mapped[int] = mapped_column(default=0)
    complete: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime]


class SyncState(Base):
    """Single row (id 1). `last_seq` keeps outbox numbers rising even when ops are dropped."""

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    cursor: Mapped[str | None]
    last_success_at: Mapped[dt.datetime | None]
    last_attempt_at: Mapped[dt.datetime | None]
    server_offset_seconds: Mapped[float | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    reference_etag: Mapped[str | None]
    last_seq: Mapped[int] = mapped_column(default=0)
    server_mark: Mapped[str | None]  # the server's last mark, "database_id.epoch.seq"


class SyncLog(Base):
    """One row per HTTP request of the sync engine (ids and sizes, never bodies)."""

    __tablename__ = "sync_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[str]
    method: Mapped[str]
    endpoint: Mapped[str]
    status: Mapped[int | None]
    bytes_sent: Mapped[int]
    bytes_received: Mapped[int]
    duration_ms: Mapped[int]
    error: Mapped[str | None] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(index=True)


class Conflict(Base):
    """Local work that clashed with the server (or a pulled change) and waits for the user."""

    __tablename__ = "conflict"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_kind: Mapped[str]  # "report" | "followup" | "draft"
    entity_id: Mapped[str] = mapped_column(index=True)
    op_id: Mapped[str | None]
    local_payload: Mapped[dict[str, Any] | None]
    server_entity: Mapped[dict[str, Any] | None]
    code: Mapped[str]
    detail: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    resolved_at: Mapped[dt.datetime | None]
    resolution: Mapped[str | None]


class Audit(Base):
    """Who did what when; ids only, never names, NIKs or text a citizen wrote."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(index=True)
    actor: Mapped[str]
    action: Mapped[str]
    entity_kind: Mapped[str]
    entity_id: Mapped[str]
    detail: Mapped[dict[str, Any] | None]


class ReferenceCache(Base):
    """Single row (id 1): the last /reference answer and its ETag."""

    __tablename__ = "reference"

    id: Mapped[int] = mapped_column(primary_key=True)
    data: Mapped[dict[str, Any]]
    etag: Mapped[str]
    fetched_at: Mapped[dt.datetime]


class Region(Base):
    """A kecamatan or kelurahan/desa of the office's kabupaten/kota (`GET /reference/regions`).

    `parent` is the code without its last part: the kabupaten/kota for a kecamatan, the
    kecamatan for a kelurahan/desa.
    """

    __tablename__ = "region"

    code: Mapped[str] = mapped_column(primary_key=True)
    name: Mapped[str]
    parent: Mapped[str] = mapped_column(index=True)


class RegionSet(Base):
    """Single row (id 1): which kabupaten/kota the `region` rows belong to, and their ETag.

    Kept apart from `sync_state` on purpose: a profile rebuilt after damage copies sync_state
    but not the regions, and an ETag without its rows would stop them ever coming back.
    """

    __tablename__ = "region_set"

    id: Mapped[int] = mapped_column(primary_key=True)
    regency_code: Mapped[str]
    regency_name: Mapped[str]
    etag: Mapped[str]
    fetched_at: Mapped[dt.datetime]


class LocalUserRow(Base):
    """Single row (id 1): the device id, and the user's info and offline-unlock verifier.

    Never a token: those live in the OS keyring only.
    """

    __tablename__ = "local_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[str]
    user: Mapped[dict[str, Any] | None]
    verifier: Mapped[str | None]
    verified_at: Mapped[dt.datetime | None]


class IdentityReveal(Base):
    """One showing of a reporter's identity to this user: ids and times only, append-only.

    Triggers (migration 0006) refuse UPDATE and DELETE; sending to the server is recorded in
    `identity_reveal_sent`, so nothing ever rewrites a row here.
    """

    __tablename__ = "identity_reveal"

    id: Mapped[str] = mapped_column(primary_key=True)
    user_id: Mapped[str]
    report_id: Mapped[str]
    device_id: Mapped[str]
    at: Mapped[dt.datetime] = mapped_column(index=True)


class IdentityRevealSent(Base):
    """A reveal the server has stored (a 2xx naming its id); insert-only as well."""

    __tablename__ = "identity_reveal_sent"

    id: Mapped[str] = mapped_column(primary_key=True)
    sent_at: Mapped[dt.datetime]
    stored: Mapped[bool]  # false: the server refused it (that report is not the user's there)


class ReportNews(Base):
    """What the last pulls brought for a report that the office should notice (migration 0010).

    `kind` is "new" (disposed to this office, or assigned to this user) or "updated" (a returned
    follow-up, a reporter's reply); `seq` rises with every notice, so a user who saw the report
    at a lower number has not seen this news. Kept when read: `report_seen` says who saw it.
    """

    __tablename__ = "report_news"

    report_id: Mapped[str] = mapped_column(primary_key=True)
    kind: Mapped[str]
    seq: Mapped[int]
    at: Mapped[dt.datetime]


class ReportSeen(Base):
    """The news number a user had seen of a report when they last opened it (per user: several
    users may share a profile)."""

    __tablename__ = "report_seen"

    user_id: Mapped[str] = mapped_column(primary_key=True)
    report_id: Mapped[str] = mapped_column(primary_key=True)
    seq: Mapped[int]
