"""Tables of the central server (SQLAlchemy 2 typed models).

The Alembic migrations in `central/migrations/` create exactly these tables; a test compares a
migrated database with this metadata.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite (no time zones) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Agency(Base):
    __tablename__ = "agency"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("agency.id"))


class User(Base):
    __tablename__ = "user_account"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(300))
    roles: Mapped[str] = mapped_column(String(100))  # comma separated: desk,officer,supervisor
    agency_id: Mapped[str] = mapped_column(ForeignKey("agency.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    @property
    def role_set(self) -> frozenset[str]:
        return frozenset(r for r in self.roles.split(",") if r)


class Token(Base):
    """Access and refresh tokens, stored as sha256 of the random token only."""

    __tablename__ = "token"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # access | refresh
    user_id: Mapped[str] = mapped_column(ForeignKey("user_account.id"), index=True)
    family_id: Mapped[str] = mapped_column(String(64), index=True)
    device_id: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    # The family's absolute end, set at login and carried by every token of the family.
    family_expires_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    # A used refresh token honoured once as a retry after a lost answer (never twice).
    retried_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class LoginAttempt(Base):
    __tablename__ = "login_attempt"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(100))
    client: Mapped[str] = mapped_column(String(100))
    device_id: Mapped[str | None] = mapped_column(String(100))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    __table_args__ = (
        Index("ix_login_attempt_who", "username", "client", "at"),
        Index("ix_login_attempt_client", "client", "at"),
        Index("ix_login_attempt_user", "username", "at"),
    )


class Category(Base):
    __tablename__ = "category"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("category.id"))
    name: Mapped[str] = mapped_column(String(200))


class ReplyTemplate(Base):
    __tablename__ = "reply_template"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)


class OfficeClosure(Base):
    __tablename__ = "office_closure"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    date: Mapped[dt.date] = mapped_column(Date)
    agency_id: Mapped[str | None] = mapped_column(ForeignKey("agency.id"))
    reason: Mapped[str] = mapped_column(String(200))


class Setting(Base):
    """World settings shared by the server and the CLI (JSON values)."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Counter(Base):
    """Named counters; the `change` row stamps every write (see central/changes.py)."""

    __tablename__ = "counter"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class Report(Base):
    __tablename__ = "report"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    tracking_id: Mapped[str] = mapped_column(String(20), unique=True)
    # Unique for new walk-in reports (checked by the writer, which holds the change counter);
    # not a unique index, because databases from before that check may hold duplicates.
    receipt_number: Mapped[str | None] = mapped_column(String(40), index=True)
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    classification: Mapped[str] = mapped_column(String(30))
    category_id: Mapped[str | None] = mapped_column(ForeignKey("category.id"))
    channel: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(30))
    created_by_agency_id: Mapped[str | None] = mapped_column(ForeignKey("agency.id"))
    # The desk user who typed a walk-in report in (the only desk user who gets its identity).
    created_by_user_id: Mapped[str | None] = mapped_column(String(64))
    disposed_agency_id: Mapped[str | None] = mapped_column(ForeignKey("agency.id"), index=True)
    disposed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    assignee_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id"))
    is_anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    is_secret: Mapped[bool] = mapped_column(Boolean, default=False)
    reporter_name: Mapped[str | None] = mapped_column(String(200))
    reporter_nik: Mapped[str | None] = mapped_column(String(16))
    reporter_phone: Mapped[str | None] = mapped_column(String(20))
    reporter_email: Mapped[str | None] = mapped_column(String(200))
    reporter_address: Mapped[str | None] = mapped_column(String(500))
    region_code: Mapped[str | None] = mapped_column(String(13))
    address: Mapped[str | None] = mapped_column(String(500))
    incident_date: Mapped[dt.date | None] = mapped_column(Date)
    submitted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    verify_by: Mapped[dt.date | None] = mapped_column(Date)
    respond_by: Mapped[dt.date | None] = mapped_column(Date)
    autoclose_at: Mapped[dt.date | None] = mapped_column(Date, index=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    # Set once the closed report has left every scope (past retention), so it is announced once.
    retention_expired: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ReportHistory(Base):
    __tablename__ = "report_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("report.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    from_value: Mapped[str | None] = mapped_column(String(200))
    to_value: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)


class Attachment(Base):
    """A file (by sha256) attached to a report or a follow-up."""

    __tablename__ = "attachment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    owner_kind: Mapped[str] = mapped_column(String(10))  # report | followup
    owner_id: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    __table_args__ = (Index("ix_attachment_owner", "owner_kind", "owner_id"),)


class Followup(Base):
    __tablename__ = "followup"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("report.id"), index=True)
    author_id: Mapped[str] = mapped_column(ForeignKey("user_account.id"))
    content: Mapped[str] = mapped_column(Text)
    template_code: Mapped[str | None] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(20))
    reviewer_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id"))
    review_note: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class HandoffRequest(Base):
    __tablename__ = "handoff_request"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("report.id"), index=True)
    requested_by: Mapped[str] = mapped_column(ForeignKey("user_account.id"))
    from_agency_id: Mapped[str] = mapped_column(ForeignKey("agency.id"))
    target_agency_id: Mapped[str] = mapped_column(ForeignKey("agency.id"))
    reason: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20))  # pending | accepted | refused
    decision_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class Blob(Base):
    __tablename__ = "blob"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    path: Mapped[str] = mapped_column(String(300))  # relative to the data folder
    uploaded_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class BlobOwner(Base):
    """Who sent a stored file's bytes: each may reference and download it (dedup stays hidden)."""

    __tablename__ = "blob_owner"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class Upload(Base):
    __tablename__ = "upload"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    offset: Mapped[int] = mapped_column(BigInteger, default=0)
    filename: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(100))
    temp_path: Mapped[str] = mapped_column(String(300))  # relative to the data folder
    user_id: Mapped[str] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class OpResultRow(Base):
    """The stored answer to an applied op, written in the same transaction as its effect."""

    __tablename__ = "op_result"
    device_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    op_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    payload_hash: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(ForeignKey("user_account.id"))
    result_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ChangeLog(Base):
    """Newest change per (agency, entity): a later write moves the row to its new number.

    Keeping one row per entity and agency makes the feed a plain range scan by (agency, seq)
    and gives "newest entry per entity only" for free.
    """

    __tablename__ = "change_log"
    scope_agency_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    op: Mapped[str] = mapped_column(String(10))  # upsert | remove (a hint; rendering decides)
    reason: Mapped[str | None] = mapped_column(String(30))
    __table_args__ = (Index("ix_change_log_feed", "scope_agency_id", "seq", "kind", "entity_id"),)


class ServerEpoch(Base):
    """One row per start of a server process on this database (see central/epochs.py).

    A database restored from a backup lacks the epochs started after the backup, and the epoch
    started on it begins at a change number the clients may already have seen: that is how a
    client's mark tells a server that went back in time.
    """

    __tablename__ = "server_epoch"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    first_seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class DeskDevice(Base):
    """The number of one desk PC (a profile's device id) within its agency: the device part of
    the receipt numbers it issues offline (see domain/receipt.py)."""

    __tablename__ = "desk_device"
    agency_id: Mapped[str] = mapped_column(ForeignKey("agency.id"), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    number: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    __table_args__ = (Index("uq_desk_device_number", "agency_id", "number", unique=True),)


# The SP4N-LAPOR! bridge's tables live in their own module; importing it here puts them in
# Base.metadata wherever the models are loaded (migrations, the schema comparison test).
from central.lapor import models as _lapor_models  # noqa: E402,F401


class IdentityReveal(Base):
    """Who saw whom: one showing of a reporter's identity on a device; ids and times only.

    Append-only: the API inserts, never updates or deletes. `id` is the client's, so a batch
    sent again after a lost answer stores nothing twice.
    """

    __tablename__ = "identity_reveal"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64))
    device_id: Mapped[str] = mapped_column(String(100))
    report_id: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    __table_args__ = (
        Index("ix_identity_reveal_report", "report_id", "at"),
        Index("ix_identity_reveal_user", "user_id", "at"),
    )
