"""The monthly recap: the period's reports and the office's figures, to .xlsx and .csv.

No reporter identity and no report text leave the store this way: each row carries the tracking
number, classification, category, channel, the dates (received by the hub, disposed to the
office, first follow-up published), the working days taken and the status. Cells are real dates
and numbers. Every export is written to the audit log (ids and counts only).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from domain.calendar import WorkingCalendar
from localdb.actor import Actor
from localdb.outbox import audit
from localdb.stats import Dashboard, Figures, ReportFacts

Cell = str | int | float | dt.date | None

COLUMNS = (
    "tracking_id",
    "classification",
    "category",
    "channel",
    "submitted_on",
    "received_on",
    "answered_on",
    "working_days",
    "on_time",
    "status",
)
SUMMARY = (
    "received",
    "answered",
    "answered_on_time",
    "on_time_share",
    "overdue_now",
    "waiting_approval",
    "returned",
    "handoffs",
)


@dataclass(frozen=True)
class Labels:
    """What the user reads: column and figure titles, and names for ids and codes."""

    columns: dict[str, str]
    summary: dict[str, str]
    name: Callable[[str, str | None], str]  # (kind, code) -> display text
    yes: str = "ya"
    no: str = "tidak"
    sheet_reports: str = "Laporan"
    sheet_summary: str = "Ringkasan"
    period: str = "Periode"


def recap_rows(
    facts: Sequence[ReportFacts], cal: WorkingCalendar, labels: Labels
) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for f in facts:
        answered = f.answered_on is not None
        rows.append(
            [
                f.tracking_id,
                labels.name("classification", f.classification),
                labels.name("category", f.category_id),
                labels.name("channel", f.channel),
                f.submitted_on,
                f.received_on,
                f.answered_on,
                f.working_days_taken(cal),
                (labels.yes if f.on_time else labels.no) if answered else None,
                labels.name("status", f.status),
            ]
        )
    return rows


def summary_rows(figures: Figures) -> list[tuple[str, Cell]]:
    share = figures.on_time_share
    values: dict[str, Cell] = {
        "received": figures.received,
        "answered": figures.answered,
        "answered_on_time": figures.answered_on_time,
        "on_time_share": None if share is None else round(share, 4),
        "overdue_now": figures.overdue_now,
        "waiting_approval": figures.waiting_approval,
        "returned": figures.returned,
        "handoffs": figures.handoffs,
    }
    return [(key, values[key]) for key in SUMMARY]


def _atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Write next to `path` and move into place: a failed export leaves no half file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".simpul-", suffix=path.suffix)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_csv(path: Path, rows: Sequence[Sequence[Cell]], labels: Labels) -> None:
    def write(target: Path) -> None:
        # utf-8-sig: Excel on an office PC opens it with the right characters.
        with target.open("w", newline="", encoding="utf-8-sig") as fh:
            out = csv.writer(fh)
            out.writerow([labels.columns[c] for c in COLUMNS])
            for row in rows:
                out.writerow(["" if v is None else v for v in row])

    _atomic(path, write)


def write_xlsx(
    path: Path, rows: Sequence[Sequence[Cell]], board: Dashboard, labels: Labels
) -> None:
    from openpyxl import Workbook  # imported when a recap is written, not at start-up
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = labels.sheet_reports
    sheet.append([labels.columns[c] for c in COLUMNS])
    for row in rows:
        sheet.append(list(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    date_cols = [COLUMNS.index(c) + 1 for c in ("submitted_on", "received_on", "answered_on")]
    for col in date_cols:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=col, max_col=col):
            cell.number_format = "DD-MM-YYYY"
    sheet.freeze_panes = "A2"
    for i, key in enumerate(COLUMNS, start=1):
        # As wide as the longest value shown (dates take 10 characters), within reason.
        longest = max(
            [len(labels.columns[key])]
            + [10 if isinstance(r[i - 1], dt.date) else len(str(r[i - 1] or "")) for r in rows]
        )
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = min(40, longest + 2)
    summary = book.create_sheet(labels.sheet_summary)
    summary.append([labels.period, board.start, board.end])
    summary["B1"].number_format = summary["C1"].number_format = "DD-MM-YYYY"
    for key, value in summary_rows(board.office):
        summary.append([labels.summary[key], value])
    share_row = 2 + SUMMARY.index("on_time_share")
    summary.cell(share_row, 2).number_format = "0.0%"
    summary.column_dimensions["A"].width = max(len(v) for v in labels.summary.values()) + 2
    summary.freeze_panes = "A2"
    _atomic(path, lambda target: book.save(target))


def record_export(
    s: Session, actor: Actor, *, fmt: str, board: Dashboard, rows: int, now: dt.datetime
) -> None:
    """The audit row of an export: who, which period, which format, how many rows."""
    period = f"{board.start.isoformat()}..{board.end.isoformat()}"
    audit(s, actor, "recap.export", "recap", period, now=now, detail={"format": fmt, "rows": rows})
