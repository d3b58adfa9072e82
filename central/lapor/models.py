"""The bridge's own tables in the hub's database (migration 0002).

- `lapor_outbox`: one row per thing to send (a published follow-up, a walk-in complaint, a
  hand-off request), with its state: queued -> in_flight -> done, or unknown (the answer was
  lost: read back before sending again), or failed (refused, with the reason).
- `lapor_link`: hub report or follow-up <-> its LAPOR! id, and what was last seen of it.
- `lapor_seen`: LAPOR! items (reporter replies) already applied to the hub.
- `lapor_state`: last contact, last error (key/value).

No credential is ever stored here (see central/lapor/secrets.py).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from central.models import Base, UtcDateTime


class LaporOutbox(Base):
    __tablename__ = "lapor_outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(10))  # followup | report | handoff
    hub_id: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(10))  # queued|in_flight|unknown|done|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lapor_id: Mapped[str | None] = mapped_column(String(40))
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    __table_args__ = (
        UniqueConstraint("kind", "hub_id", name="uq_lapor_outbox_kind_hub_id"),
        Index("ix_lapor_outbox_due", "state", "next_attempt_at"),
    )


class LaporLink(Base):
    __tablename__ = "lapor_link"
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)  # report | followup
    hub_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    lapor_id: Mapped[str] = mapped_column(String(40))
    origin: Mapped[str] = mapped_column(String(10))  # lapor | hub
    status_name: Mapped[str | None] = mapped_column(String(60))
    institution_id: Mapped[str | None] = mapped_column(String(40))
    logs_seen: Mapped[int] = mapped_column(Integer, default=0)
    polled_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    __table_args__ = (UniqueConstraint("kind", "lapor_id", name="uq_lapor_link_kind_lapor_id"),)


class LaporSeen(Base):
    __tablename__ = "lapor_seen"
    complaint_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(60), primary_key=True)


class LaporState(Base):
    __tablename__ = "lapor_state"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
