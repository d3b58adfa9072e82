"""The one list of the main window's feature pages: which module and class each comes from.

Qt-free on purpose: `build.spec` imports it to tell PyInstaller which modules to bundle (they are
imported by name, so PyInstaller cannot see them), and `ui/shell/pages.py` builds the pages from
it. A page added here is in the bundle; a page missing from the bundle fails loudly at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageEntry:
    key: str  # the field of ui.shell.pages.Pages
    module: str
    class_name: str
    role: str | None = None  # built only for a user with this role; None: for everyone


PAGES: tuple[PageEntry, ...] = (
    PageEntry("nav", "ui.inbox.navigation", "NavPanel"),
    PageEntry("inbox", "ui.inbox.panel", "InboxPanel"),
    PageEntry("report", "ui.report.pane", "ReportPane"),
    PageEntry("approval", "ui.approval.panel", "ApprovalPanel", role="supervisor"),
    PageEntry("conflicts", "ui.conflicts.panel", "ConflictsPanel"),
    PageEntry("synclog", "ui.synclog.view", "SyncLogView"),
    PageEntry("intake", "ui.intake.panel", "IntakePanel", role="desk"),
    PageEntry("dashboard", "ui.dashboard.page", "DashboardPage", role="supervisor"),
)


def page_modules() -> list[str]:
    """The modules the pages are imported from (build.spec's hidden imports)."""
    return [entry.module for entry in PAGES]
