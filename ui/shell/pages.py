"""The feature pages the main window shows, built from the context and nothing else."""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget

from ui.context import AppContext

log = logging.getLogger(__name__)

# Page ids of the stacked area, besides the inbox (nav + list + report pane).
INBOX, APPROVAL, CONFLICTS, SYNCLOG, INTAKE = "inbox", "approval", "conflicts", "synclog", "intake"
DASHBOARD = "dashboard"


@dataclass
class Pages:
    nav: QWidget
    inbox: QWidget
    report: QWidget
    approval: QWidget | None  # supervisors only
    conflicts: QWidget
    synclog: QWidget
    intake: QWidget | None  # desk users only
    dashboard: QWidget | None = None  # supervisors only


def _build(module: str, name: str, ctx: AppContext) -> QWidget:
    try:
        cls = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        log.warning("feature %s.%s not available", module, name)
        label = QLabel(QCoreApplication.translate("MainWindow", "Fitur ini belum tersedia."))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label
    widget: QWidget = cls(ctx)
    return widget


def build_pages(ctx: AppContext) -> Pages:
    roles = set(getattr(ctx.actor, "roles", ()) or ())
    return Pages(
        nav=_build("ui.inbox.navigation", "NavPanel", ctx),
        inbox=_build("ui.inbox.panel", "InboxPanel", ctx),
        report=_build("ui.report.pane", "ReportPane", ctx),
        approval=_build("ui.approval.panel", "ApprovalPanel", ctx)
        if "supervisor" in roles
        else None,
        conflicts=_build("ui.conflicts.panel", "ConflictsPanel", ctx),
        synclog=_build("ui.synclog.view", "SyncLogView", ctx),
        intake=_build("ui.intake.panel", "IntakePanel", ctx) if "desk" in roles else None,
        dashboard=_build("ui.dashboard.page", "DashboardPage", ctx)
        if "supervisor" in roles
        else None,
    )
