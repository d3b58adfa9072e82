"""What every feature widget gets through its constructor (built once by `desktop/`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from ui.printing import PrintSettings
from ui.tasks import TaskRunner


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


@dataclass(frozen=True)
class AppContext:
    runner: TaskRunner
    events: UiEvents
    actor: Any  # localdb.commands.Actor
    calendar: Any  # domain.calendar.WorkingCalendar
    profile: Any  # localdb.profile.Profile
    sync: Any | None = None  # ui.sync.adapter.SyncController, absent in some tests
    # Letterhead and letter numbers (Settings); frozen, so one shared default is safe.
    printing: PrintSettings = field(default_factory=PrintSettings)
