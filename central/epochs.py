"""The database's identity and epochs: how a client notices a server that went back in time.

A database restored from an older backup answers like the real one, but it has forgotten the
ops it acknowledged and the changes it announced after the backup. To let clients notice:

- `database_id` is a random id made when the database was created (migration 0002). A backup or
  a copy keeps it; a different database has another one.
- An **epoch** starts each time a server process opens the database (`open_epoch`): a row with a
  random id and the change number it starts at (`first_seq`, taken from the change counter, so
  it is higher than every number handed out before it).
- Every sync answer carries the server's **mark**: (database id, newest epoch, change counter).
  The client keeps the last mark it got and sends it back (`X-Simpul-Mark`, and inside the
  cursor). The mark (D, E, n) says "database D, during epoch E, had reached change n".

Checking a mark against the database (`verdict`): another database id → `server_replaced`;
epoch E unknown (started after the backup) → `server_restored`; E known but the next epoch (the
one started on the restored file) starts at or below n, or E is the newest and the counter is
below n → `server_restored`. A database that only moved forward always passes: epochs begin
above every number issued before them.

A restore under a running server without a restart can go unnoticed once new writes carry the
counter past the client's n within the same epoch: restart the server after a restore (a SQLite
file cannot be restored under a running server anyway).
"""

from __future__ import annotations

import json
import re
import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.changes import CHANGE_COUNTER, next_seq
from central.db import Database
from central.models import Counter, ServerEpoch, Setting
from central.problems import ProblemError
from central.rules import wall_now
from sync.wire import ServerMark

DATABASE_ID_KEY = "database_id"
_MARK_RE = re.compile(r"([0-9a-f]{1,32})\.([0-9a-f]{1,32})\.(\d{1,18})")

RESTORED = "server_restored"
REPLACED = "server_replaced"
_DETAIL = {
    RESTORED: (
        "Server dipulihkan dari cadangan yang lebih lama; kirim ulang operasi yang sudah "
        "terkirim dan baca ulang perubahan."
    ),
    REPLACED: "Server memakai basis data lain; data profil ini milik basis data sebelumnya.",
}


def database_id(session: Session) -> str:
    row = session.get(Setting, DATABASE_ID_KEY)
    if row is None:  # a database migrated before 0002 was written with another layout
        raise RuntimeError("the database has no identity: run the migrations")
    value: str = json.loads(row.value)
    return value


def open_epoch(db: Database) -> str:
    """Start a new epoch on this database (each server process does once, at start)."""
    epoch = uuid.uuid4().hex
    with db.write() as session, session.begin():
        first = next_seq(session)  # above every number handed out so far; serialises writers
        session.add(ServerEpoch(id=epoch, first_seq=first, started_at=wall_now()))
    return epoch


def _counter(session: Session) -> int:
    return int(session.scalar(select(Counter.value).where(Counter.name == CHANGE_COUNTER)) or 0)


def current_mark(session: Session) -> ServerMark:
    """The mark of this database now (read in the caller's transaction).

    Every worker process of the hub opens an epoch when it starts, so another worker may open
    one between the two reads here. The counter is read first and the epoch is the newest that
    began at or below it: an epoch that began above the counter read is left out, so the mark
    never pairs an older epoch with a count a newer epoch's start has already passed (which
    `verdict` would take for a restore)."""
    seq = _counter(session)
    newest = session.scalar(
        select(ServerEpoch.id)
        .where(ServerEpoch.first_seq <= seq)
        .order_by(ServerEpoch.first_seq.desc())
        .limit(1)
    )
    return ServerMark(database_id=database_id(session), epoch=newest or "0", seq=seq)


def parse_mark(text: str) -> ServerMark:
    match = _MARK_RE.fullmatch(text.strip())
    if match is None:
        raise ProblemError(
            400,
            "invalid_mark",
            "Tanda server tidak valid",
            "Tanda server dari klien tidak dikenali.",
            field="X-Simpul-Mark",
        )
    db, epoch, seq = match.groups()
    return ServerMark(database_id=db, epoch=epoch, seq=int(seq))


def verdict(session: Session, mark: ServerMark) -> str | None:
    """None when this database's history contains `mark`; else why not."""
    if mark.database_id != database_id(session):
        return REPLACED
    epoch = session.get(ServerEpoch, mark.epoch)
    if epoch is None:
        return RESTORED
    following = session.scalar(
        select(func.min(ServerEpoch.first_seq)).where(ServerEpoch.first_seq > epoch.first_seq)
    )
    reached = following - 1 if following is not None else _counter(session)
    return RESTORED if mark.seq > reached else None


def check_mark(session: Session, mark: ServerMark | str | None) -> None:
    """Raise 409 `server_restored` / `server_replaced` when the client saw a history that this
    database does not contain; nothing is applied or read after that answer."""
    if mark is None:
        return
    parsed = parse_mark(mark) if isinstance(mark, str) else mark
    problem = verdict(session, parsed)
    if problem is not None:
        raise ProblemError(409, problem, "Server berubah", _DETAIL[problem])
