"""What every feature widget gets through its constructor (built once by `desktop/`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ui.print_settings import PrintSettings
from ui.tasks import TaskRunner

if TYPE_CHECKING:  # types only: importing them here would slow the first window
    from domain.calendar import WorkingCalendar
    from localdb.actor import Actor
    from localdb.profile import Profile
    from ui.sync.adapter import SyncController


class UiEvents(QObject):
    """Signals that connect features without them knowing each other."""

    # Ids of reports whose local rows changed (a local command or a pulled page).
    reportsChanged = Signal(list)
    # Something was written locally that the sync engine should send soon.
    localChange = Signal()
    # Ask the shell to show one report.
    openReport = Signal(str)
    # A feature wants the navigation counts refreshed.
    countsStale = Signal()
    # New reference data was stored (templates, categories, agencies, staff): reload them.
    referenceChanged = Signal()
    # The user opened a report whose "new"/"updated" mark this cleared: lists re-read its row.
    reportSeen = Signal(str)
    # The working calendar changed (the cuti bersama setting): deadlines and counts again.
    calendarChanged = Signal()


@dataclass
class AppContext:
    """Built once per logged-in user. `calendar` and `printing` follow the settings: the
    settings dialog replaces them while the window is open (`apply_settings`), so features
    read them from here each time, never keep a copy."""

    runner: TaskRunner
    events: UiEvents
    actor: Actor
    calendar: WorkingCalendar
    profile: Profile
    sync: SyncController | None = None  # absent in some tests and without a sync engine
    # Letterhead and letter numbers (Settings).
    printing: PrintSettings = field(default_factory=PrintSettings)

    def apply_settings(
        self, *, calendar: WorkingCalendar | None = None, printing: PrintSettings | None = None
    ) -> None:
        """New settings while the window is open; a new calendar redraws the deadlines."""
        if printing is not None:
            self.printing = printing
        if calendar is not None:
            self.calendar = calendar
            self.events.calendarChanged.emit()
