"""The feature pages the main window shows, built from the context and nothing else.

Which class each page is comes from `ui/shell/registry.py` (shared with build.spec). A page whose
module or class is missing is a broken install: `PageMissing` is raised and reaches the crash
handler, which writes a report naming the missing module; there is no quiet placeholder.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ui.context import AppContext
from ui.shell.registry import PAGES, PageEntry

if TYPE_CHECKING:
    from ui.approval.panel import ApprovalPanel
    from ui.conflicts.panel import ConflictsPanel
    from ui.dashboard.page import DashboardPage
    from ui.inbox.navigation import NavPanel
    from ui.inbox.panel import InboxPanel
    from ui.intake.panel import IntakePanel
    from ui.report.pane import ReportPane
    from ui.synclog.view import SyncLogView

# Page ids of the stacked area, besides the inbox (nav + list + report pane).
INBOX, APPROVAL, CONFLICTS, SYNCLOG, INTAKE = "inbox", "approval", "conflicts", "synclog", "intake"
DASHBOARD = "dashboard"


class PageMissing(ImportError):
    """A page of the registry cannot be imported: the install is incomplete."""

    def __init__(self, entry: PageEntry) -> None:
        super().__init__(
            f"page {entry.key!r}: {entry.module}.{entry.class_name} cannot be loaded",
            name=entry.module,
        )
        self.entry = entry


@dataclass
class Pages:
    nav: NavPanel
    inbox: InboxPanel
    report: ReportPane
    approval: ApprovalPanel | None  # supervisors only
    conflicts: ConflictsPanel
    synclog: SyncLogView
    intake: IntakePanel | None  # desk users only
    dashboard: DashboardPage | None  # supervisors only


def page_class(entry: PageEntry) -> type[Any]:
    """The class of a registry entry; PageMissing (with the ImportError as its cause) if absent."""
    try:
        module = importlib.import_module(entry.module)
    except ImportError as exc:
        raise PageMissing(entry) from exc
    cls = getattr(module, entry.class_name, None)
    if not isinstance(cls, type):
        raise PageMissing(entry)
    return cls


def build_pages(ctx: AppContext) -> Pages:
    roles = set(getattr(ctx.actor, "roles", ()) or ())
    built: dict[str, Any] = {
        entry.key: page_class(entry)(ctx) if entry.role is None or entry.role in roles else None
        for entry in PAGES
    }
    return Pages(**built)
