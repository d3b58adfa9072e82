"""Frozen rows the queries hand to the UI (never live ORM objects)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from domain.deadlines import running_deadline


class OutboxState(StrEnum):
    """Where one outbox op stands (the `outbox.state` column)."""

    PENDING = "pending"  # waiting to be sent (maybe in backoff)
    SENDING = "sending"  # in a push whose answer has not been applied yet
    DONE = "done"  # acknowledged by the server
    CONFLICT = "conflict"  # parked: the user decides (the conflicts page)
    QUARANTINED = "quarantined"  # parked: the server refused it for good

    @property
    def unsent(self) -> bool:
        return self in UNSENT

    @property
    def parked(self) -> bool:
        return self in PARKED


# The classification, once: tuples, so SQL `IN` takes them as they are.
UNSENT = (OutboxState.PENDING, OutboxState.SENDING)
PARKED = (OutboxState.CONFLICT, OutboxState.QUARANTINED)


@dataclass(frozen=True)
class InboxRow:
    id: str
    tracking_id: str | None
    title: str
    status: str
    classification: str
    category_id: str | None
    submitted_at: dt.datetime
    respond_by: dt.date | None
    is_read: bool
    is_secret: bool
    has_draft: bool
    local_state: str | None
    published: bool = False
    news: str | None = None  # "new" / "updated" while this user has not opened it since

    @property
    def deadline(self) -> dt.date | None:
        """The follow-up deadline still running (none once answered or closed)."""
        return running_deadline(self.status, self.respond_by, published=self.published)


@dataclass(frozen=True)
class Page:
    rows: tuple[InboxRow, ...]
    next_after: str | None  # keyset token for the next page; None on the last page


@dataclass(frozen=True)
class NavCounts:
    perlu_tindak_lanjut: int
    lewat_tenggat: int
    draf: int
    menunggu_persetujuan: int
    dikembalikan: int
    kotak_keluar: int
    konflik: int
    ditugaskan_kepada_saya: int = 0
    baru_diperbarui: int = 0  # reports marked new or updated that this user has not opened


@dataclass(frozen=True)
class HistoryItem:
    at: dt.datetime | None
    actor: str
    action: str
    from_: str | None
    to: str | None
    note: str | None


@dataclass(frozen=True)
class AttachmentView:
    sha256: str
    filename: str
    mime: str
    size: int
    available_locally: bool


@dataclass(frozen=True)
class ReporterView:
    name: str | None
    nik: str | None
    phone: str | None
    email: str | None
    address: str | None


@dataclass(frozen=True)
class LaporView:
    """Where a report or follow-up stands on SP4N-LAPOR! (the hub's `lapor`, as last pulled).

    `state`: pending | sent | failed; `tracking_id`: its LAPOR! id once known; with `failed`,
    `reason` (refused | not_mapped | withdrawn | other, or one a newer hub knows) and, when
    LAPOR! refused it, `message`: LAPOR!'s own words.
    """

    state: str
    tracking_id: str | None = None
    reason: str | None = None
    message: str | None = None

    @classmethod
    def of(cls, value: Any) -> LaporView | None:
        """From the wire's `lapor` object; None when absent or not understood."""
        if not isinstance(value, dict) or not isinstance(value.get("state"), str):
            return None

        def text(key: str) -> str | None:
            v = value.get(key)
            return str(v) if v not in (None, "") else None

        return cls(value["state"], text("tracking_id"), text("reason"), text("message"))


@dataclass(frozen=True)
class FollowupView:
    id: str
    report_id: str
    author_id: str | None
    author_name: str | None
    content: str
    template_code: str | None
    state: str | None  # the server's state; None while it never reached the server
    local_state: str | None
    version: int
    review_note: str | None
    reviewer_name: str | None
    updated_at: dt.datetime
    attachments: tuple[AttachmentView, ...]
    reviewed_at: dt.datetime | None = None  # when approved or returned
    lapor: LaporView | None = None  # set where the hub relays to SP4N-LAPOR!


@dataclass(frozen=True)
class DraftView:
    id: str
    report_id: str
    report_title: str | None  # None when the report is no longer held locally
    tracking_id: str | None
    kind: str
    followup_id: str
    content: str
    template_code: str | None
    attachments: tuple[AttachmentView, ...]
    updated_at: dt.datetime
    in_conflict: bool


@dataclass(frozen=True)
class ReportDetail:
    id: str
    tracking_id: str | None
    title: str
    content: str
    status: str
    classification: str
    category_id: str | None
    channel: str | None
    agency_id: str | None
    agency_name: str | None
    is_anonymous: bool
    is_secret: bool
    region_code: str | None
    address: str | None
    incident_date: str | None
    submitted_at: dt.datetime
    respond_by: dt.date | None
    autoclose_at: str | None
    version: int
    is_read: bool
    local_state: str | None
    reporter: ReporterView | None
    history: tuple[HistoryItem, ...]
    followups: tuple[FollowupView, ...]
    attachments: tuple[AttachmentView, ...]
    drafts: tuple[DraftView, ...]
    disposed_at: dt.datetime | None = None
    assignee_id: str | None = None  # who must see a secret report's reporter
    lapor: LaporView | None = None  # set where the hub relays to SP4N-LAPOR!

    @property
    def published(self) -> bool:
        return any(f.state == "published" for f in self.followups)

    @property
    def deadline(self) -> dt.date | None:
        """The follow-up deadline still running (none once answered or closed)."""
        return running_deadline(self.status, self.respond_by, published=self.published)


@dataclass(frozen=True)
class OutboxItem:
    op_id: str
    seq: int
    type: str
    entity_id: str
    state: OutboxState
    attempts: int
    last_error: str | None
    created_at: dt.datetime
    next_attempt_at: dt.datetime | None
    # Which report it is about: the tracking number once the centre gave one, else the
    # walk-in complaint's receipt number (None: not known on this computer).
    tracking_id: str | None = None
    receipt_number: str | None = None


@dataclass(frozen=True)
class OutboxCounts:
    """Outbox ops by state (every state present, 0 when none)."""

    by_state: Mapping[OutboxState, int]

    def __getitem__(self, state: OutboxState) -> int:
        return self.by_state.get(state, 0)

    @property
    def unsent(self) -> int:
        """Waiting to be sent or being sent."""
        return sum(self[state] for state in UNSENT)

    @property
    def parked(self) -> int:
        """Held back until the user decides (conflict, or refused by the server)."""
        return sum(self[state] for state in PARKED)


@dataclass(frozen=True)
class OutboxSummary:
    counts: OutboxCounts
    items: tuple[OutboxItem, ...]  # the ops not done yet, in seq order


@dataclass(frozen=True)
class ApprovalRow:
    """One follow-up in the approval queue with the report it answers (the complaint's text and
    files, and the deadline the answer is late or in time for)."""

    followup: FollowupView
    report_title: str
    tracking_id: str | None
    report_content: str = ""
    report_attachments: tuple[AttachmentView, ...] = ()
    report_status: str | None = None
    respond_by: dt.date | None = None
    published: bool = False

    @property
    def deadline(self) -> dt.date | None:
        if self.report_status is None:
            return None
        return running_deadline(self.report_status, self.respond_by, published=self.published)


@dataclass(frozen=True)
class ConflictRow:
    """One open conflict with the report it is about (None when that is not known here)."""

    conflict: ConflictView
    report_id: str | None
    report_title: str | None


@dataclass(frozen=True)
class ConflictView:
    id: int
    entity_kind: str
    entity_id: str
    op_id: str | None
    op_type: str | None
    code: str
    detail: str | None
    local_payload: dict[str, Any] | None
    server_entity: dict[str, Any] | None
    created_at: dt.datetime
    resolved_at: dt.datetime | None
    resolution: str | None


@dataclass(frozen=True)
class IntakeView:
    id: str
    receipt_number: str
    title: str
    classification: str
    received_at: dt.datetime
    local_state: str
    tracking_id: str | None
    lapor: LaporView | None = None  # the report's state on SP4N-LAPOR!, once the hub relays it


@dataclass(frozen=True)
class IntakeReceipt:
    """What the paper receipt of a walk-in complaint needs, and nothing more.

    `reporter_name` is None when the identity is hidden (`identity_hidden`: the report is
    anonymous or confidential) or when the desk left the name empty."""

    id: str
    receipt_number: str
    title: str
    classification: str
    received_at: dt.datetime
    identity_hidden: bool
    reporter_name: str | None
    tracking_id: str | None


@dataclass(frozen=True)
class SyncLogEntry:
    id: int
    at: dt.datetime
    method: str
    endpoint: str
    status: int | None  # None when no answer came (network error)
    bytes_sent: int
    bytes_received: int
    duration_ms: int
    error: str | None
