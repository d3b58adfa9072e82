"""What a pull brought that the office should notice, and who has seen it.

A pulled change is compared with the row it replaces (`report_events`, `followup_events`: plain
functions of the two JSON shapes). Three things count:

- `disposed`: a report disposed to this office (new here, or back here), or assigned to this
  user; the report is marked "new";
- `returned`: a follow-up of this user returned by the supervisor; the report is marked
  "updated";
- `reply`: a reporter's reply on a report; marked "updated".

Own actions never count: they come back as push answers, not as pulled changes, and a pulled
copy of the same version changes nothing. The first load of a profile counts nothing (`quiet`):
every report is new to an empty profile, and saying so would drown what matters.

The mark is per user: `report_news` holds a rising number per report, `report_seen` the number
each user had seen when they last opened it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, Exists, Select, and_, delete, exists, func, select
from sqlalchemy.orm import Session

from localdb.models import Report, ReportNews, ReportSeen
from localdb.sqltypes import utcnow

EventKind = Literal["disposed", "returned", "reply"]
NEW, UPDATED = "new", "updated"
# The mark each event gives its report; "new" is kept while unseen, whatever comes after.
_MARK: dict[str, str] = {"disposed": NEW, "returned": UPDATED, "reply": UPDATED}
REPLY_ACTION = "reporter_reply"
# Roles that receive work: a desk user takes complaints in and is told of none of this.
_WORKER_ROLES = frozenset({"officer", "supervisor"})
# A seen notice is kept this long (the box may list it by date), then forgotten (`prune_seen`).
SEEN_KEPT = dt.timedelta(days=30)
_PRUNE_BATCH = 500  # ids per DELETE, under SQLite's bound-parameter limit


@dataclass(frozen=True)
class Me:
    """The profile's user as the pull sees it (from `local_user`); None fields: unknown."""

    user_id: str | None
    agency_id: str | None
    roles: frozenset[str] = frozenset()

    @property
    def receives_work(self) -> bool:
        return not self.roles or bool(self.roles & _WORKER_ROLES)

    @classmethod
    def from_user(cls, user: dict[str, Any] | None) -> Me:
        if not user:
            return cls(None, None)
        agency = user.get("agency") or {}
        return cls(
            user_id=_text(user.get("id")),
            agency_id=_text(agency.get("id")),
            roles=frozenset(str(r) for r in user.get("roles") or ()),
        )


@dataclass(frozen=True)
class NewsEvent:
    """One thing to notice: ids and a kind only (no title, no name: see the notifier)."""

    kind: EventKind
    report_id: str
    tracking_id: str | None = None


def report_events(old: dict[str, Any] | None, new: dict[str, Any], me: Me) -> list[EventKind]:
    """What a pulled report brings compared with the copy held (`old`, None: not held)."""
    if not me.receives_work:
        return []
    if old is not None and _version(new) <= _version(old):
        return []  # the same copy again, or an older one the store will ignore
    found: list[EventKind] = []
    if _disposed_here(old, new, me) or _assigned_to_me(old, new, me):
        found.append("disposed")
    if old is not None:
        found.extend(["reply"] * max(0, _replies(new) - _replies(old)))
    return found


def followup_events(
    old_state: str | None, old_version: int | None, new: dict[str, Any], me: Me
) -> list[EventKind]:
    """A follow-up of mine that came back returned (`old_*`: the copy held, None: none)."""
    if not me.receives_work or new.get("state") != "returned" or old_state == "returned":
        return []
    if old_version is not None and int(new.get("version") or 0) <= old_version:
        return []
    author = (new.get("author") or {}).get("id")
    if me.user_id is not None and author != me.user_id:
        return []
    return ["returned"]


def _disposed_here(old: dict[str, Any] | None, new: dict[str, Any], me: Me) -> bool:
    disposition = new.get("disposition") or {}
    agency = disposition.get("agency_id")
    if agency is None or (me.agency_id is not None and agency != me.agency_id):
        return False
    before = (old or {}).get("disposition") or {}
    return bool(
        old is None
        or before.get("agency_id") != agency
        or before.get("disposed_at") != disposition.get("disposed_at")
    )


def _assigned_to_me(old: dict[str, Any] | None, new: dict[str, Any], me: Me) -> bool:
    if me.user_id is None:
        return False
    now = (new.get("disposition") or {}).get("assignee_id")
    before = ((old or {}).get("disposition") or {}).get("assignee_id")
    return now == me.user_id and before != me.user_id


def _replies(data: dict[str, Any]) -> int:
    return sum(1 for h in data.get("history") or () if (h or {}).get("action") == REPLY_ACTION)


def _version(data: dict[str, Any]) -> int:
    return int(data.get("version") or 0)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


# --- the marks --------------------------------------------------------------------------------


def record_all(
    s: Session, events: Sequence[tuple[str, EventKind]], *, at: dt.datetime | None = None
) -> None:
    """Mark each (report id, kind) for every user who has not seen it yet, in the caller's
    transaction: one read of the rows held, numbers given in order."""
    if not events:
        return
    when = at or utcnow()
    ids = {rid for rid, _kind in events}
    held = {
        r.report_id: r for r in s.scalars(select(ReportNews).where(ReportNews.report_id.in_(ids)))
    }
    seen = _seen_current(s, list(held.values()))
    seq = int(s.scalar(select(func.coalesce(func.max(ReportNews.seq), 0))) or 0)
    for report_id, kind in events:
        seq += 1
        mark = _MARK[kind]
        row = held.get(report_id)
        if row is None:
            row = held[report_id] = ReportNews(report_id=report_id, kind=mark, seq=seq, at=when)
            s.add(row)
            continue
        if row.kind == NEW and mark == UPDATED and report_id not in seen:
            mark = NEW  # nobody has opened it since it came: "new" says more than "updated"
        row.kind, row.seq, row.at = mark, seq, when


def record(s: Session, report_id: str, kind: EventKind, *, at: dt.datetime | None = None) -> None:
    """One event (`record_all` for a page's)."""
    record_all(s, [(report_id, kind)], at=at)


def _seen_current(s: Session, rows: list[ReportNews]) -> set[str]:
    """Reports whose current news someone has already seen."""
    if not rows:
        return set()
    stmt = (
        select(ReportSeen.report_id)
        .join(ReportNews, ReportNews.report_id == ReportSeen.report_id)
        .where(ReportSeen.report_id.in_([r.report_id for r in rows]))
        .where(ReportSeen.seq >= ReportNews.seq)
    )
    return set(s.scalars(stmt))


def mark_seen(s: Session, user_id: str, report_id: str) -> bool:
    """The user opened the report: its mark clears for them. True when there was one."""
    news = s.get(ReportNews, report_id)
    if news is None:
        return False
    seen = s.get(ReportSeen, (user_id, report_id))
    if seen is None:
        s.add(ReportSeen(user_id=user_id, report_id=report_id, seq=news.seq))
        return True
    if seen.seq >= news.seq:
        return False
    seen.seq = news.seq
    return True


def mark_of(s: Session, user_id: str, report_id: str) -> str | None:
    """ "new", "updated" or None: the report's mark as this user sees it."""
    news = s.get(ReportNews, report_id)
    if news is None:
        return None
    seen = s.get(ReportSeen, (user_id, report_id))
    return news.kind if seen is None or seen.seq < news.seq else None


def mark_column(user_id: str | None) -> ColumnElement[Any]:
    """The mark of `Report.id` for this user, as a correlated scalar (None: nothing unseen)."""
    seen = and_(ReportSeen.report_id == ReportNews.report_id, ReportSeen.user_id == (user_id or ""))
    return (
        select(ReportNews.kind)
        .outerjoin(ReportSeen, seen)
        .where(
            ReportNews.report_id == Report.id,
            ReportNews.seq > func.coalesce(ReportSeen.seq, 0),
        )
        .correlate(Report)
        .scalar_subquery()
    )


def _seen_now(user_id: str | None) -> Exists:
    """Whether this user has seen the `report_news` row at hand at its current number (a
    subquery correlated to that row, read by `report_seen`'s key)."""
    return (
        exists()
        .where(
            ReportSeen.user_id == (user_id or ""),
            ReportSeen.report_id == ReportNews.report_id,
            ReportSeen.seq >= ReportNews.seq,
        )
        .correlate(ReportNews)
    )


def unseen_ids(user_id: str | None) -> Select[str]:
    """The reports with a mark this user has not seen yet ("new" or "updated").

    Read from `report_news` (one row per report ever noticed), each row checked against the
    user's `report_seen` row by its key: the cost follows the number of notices held, never the
    number of reports.
    """
    return select(ReportNews.report_id).where(~_seen_now(user_id))


def unseen_condition(user_id: str | None, *, dense: bool = False) -> ColumnElement[bool]:
    """`Report` rows with a mark this user has not seen (the inbox's "Baru & Diperbarui").

    Either way the page is read in the order of the sort's own index and stops at its last row.
    `dense` (many of the reports are unseen): each report is checked by key as it comes, and
    the page is full after a few hundred. Otherwise the unseen ids are gathered once (one pass
    over the notices) into a set each report is checked against; `|| ''` keeps SQLite from
    looking them all up by id and sorting every one of their rows.
    """
    if dense:
        unseen = ~_seen_now(user_id)
        return exists().where(ReportNews.report_id == Report.id, unseen).correlate(Report)
    return Report.id.concat("").in_(unseen_ids(user_id))


def is_dense(s: Session, user_id: str | None, page: int = 100) -> bool:
    """Whether walking the reports in order fills a page of unseen ones sooner than gathering
    the notices first: a walk reads about `page * reports / unseen` reports, the gathering
    every notice held."""
    notices, unseen = _tally(s, user_id)
    reports = int(s.scalar(select(func.count()).select_from(Report)) or 0)
    return unseen * notices > page * reports


def unseen_count(s: Session, user_id: str | None) -> int:
    """How many reports the user has not opened since a pull marked them new or updated.

    Every notice held, less those this user has seen at their current number: the first is a
    count over an index, the second reads only the user's own `report_seen` rows (what they
    opened), so a user who opens few reports is counted as fast as one who opens all.
    """
    return _tally(s, user_id)[1]


def _tally(s: Session, user_id: str | None) -> tuple[int, int]:
    """(notices held, notices this user has not seen)."""
    notices = int(s.scalar(select(func.count()).select_from(ReportNews)) or 0)
    seen = (
        select(func.count())
        .select_from(ReportSeen)
        .join(ReportNews, ReportNews.report_id == ReportSeen.report_id)
        .where(ReportSeen.user_id == (user_id or ""), ReportSeen.seq >= ReportNews.seq)
    )
    return notices, notices - int(s.scalar(seen) or 0)


def prune_seen(s: Session, user_id: str | None, *, before: dt.datetime) -> int:
    """Forget the notices older than `before` that this user has seen at their current number
    (with their `report_seen` rows): the box and its count then read only what is recent or
    still unseen, however many reports the office has had. An unseen notice stays until it is
    seen. Returns how many went."""
    if not user_id:
        return 0
    old = select(ReportNews.report_id).where(ReportNews.at < before, _seen_now(user_id))
    ids = list(s.scalars(old))
    for start in range(0, len(ids), _PRUNE_BATCH):
        batch = ids[start : start + _PRUNE_BATCH]
        s.execute(delete(ReportNews).where(ReportNews.report_id.in_(batch)))
        s.execute(delete(ReportSeen).where(ReportSeen.report_id.in_(batch)))
    return len(ids)


def forget(s: Session, report_id: str) -> None:
    """The report left this profile: its marks go with it."""
    s.execute(delete(ReportNews).where(ReportNews.report_id == report_id))
    s.execute(delete(ReportSeen).where(ReportSeen.report_id == report_id))


__all__ = [
    "NEW",
    "UPDATED",
    "Me",
    "NewsEvent",
    "followup_events",
    "forget",
    "is_dense",
    "mark_column",
    "mark_of",
    "mark_seen",
    "prune_seen",
    "record",
    "record_all",
    "report_events",
    "unseen_condition",
    "unseen_count",
    "unseen_ids",
]
