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


@dataclass(frozen=True)
class AppContext:
    runner: TaskRunner
    events: UiEvents
    actor: Actor
    calendar: WorkingCalendar
    profile: Profile
    sync: SyncController | None = None  # absent in some tests and without a sync engine
    # Letterhead and letter numbers (Settings); frozen, so one shared default is safe.
    printing: PrintSettings = field(default_factory=PrintSettings)
