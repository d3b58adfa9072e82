"""The words of a sync's news: counts and tracking numbers only.

The tray's message can be read on a locked screen, and the banner is seen by whoever passes the
desk: no reporter's name, no title, no text of a report ever goes into either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from localdb.news import NewsEvent

# The order the sentence names them, and the order their reports are offered to open.
KINDS = ("disposed", "returned", "reply")


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("SyncNews", text, None, n)


@dataclass(frozen=True)
class NewsDigest:
    """One sync's news, counted: what the banner and the tray say."""

    disposed: int
    returned: int
    replies: int
    reports: tuple[tuple[str, str | None], ...]  # (report id, tracking id), most urgent first

    @property
    def empty(self) -> bool:
        return not (self.disposed or self.returned or self.replies)

    @property
    def first_report(self) -> str | None:
        return self.reports[0][0] if self.reports else None


def digest(events: Sequence[NewsEvent]) -> NewsDigest:
    """Counts per kind (a report disposed twice in one sync is one new report) and the reports
    they are about, new work first."""
    reports: dict[str, str | None] = {}
    for kind in KINDS:
        for e in events:
            if e.kind == kind:
                reports.setdefault(e.report_id, e.tracking_id)
    return NewsDigest(
        disposed=len({e.report_id for e in events if e.kind == "disposed"}),
        returned=sum(1 for e in events if e.kind == "returned"),
        replies=sum(1 for e in events if e.kind == "reply"),
        reports=tuple(reports.items()),
    )


def sentence(d: NewsDigest) -> str:
    """ "3 laporan baru, 1 tindak lanjut dikembalikan, 2 balasan pelapor" (empty parts left out)."""
    parts = []
    if d.disposed:
        parts.append(_tr("%n laporan baru", d.disposed))
    if d.returned:
        parts.append(_tr("%n tindak lanjut dikembalikan", d.returned))
    if d.replies:
        parts.append(_tr("%n balasan pelapor", d.replies))
    return ", ".join(parts)


def tracking_numbers(d: NewsDigest, limit: int = 5) -> tuple[list[tuple[str, str]], int]:
    """Up to `limit` (report id, number to show) pairs and how many more there are."""
    shown = [(rid, tid or _tr("(belum ada)")) for rid, tid in d.reports[:limit]]
    return shown, max(0, len(d.reports) - limit)


def tray_title() -> str:
    return _tr("Simpul: ada kabar baru")


def tray_message(d: NewsDigest, limit: int = 3) -> str:
    """The sentence and a few tracking numbers: what may show on a locked screen."""
    shown, more = tracking_numbers(d, limit)
    numbers = ", ".join(number for _rid, number in shown)
    if more:
        numbers += _tr(" dan %n lainnya", more)
    return f"{sentence(d)}\n{numbers}" if numbers else sentence(d)
