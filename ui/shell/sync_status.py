"""Feeds the status bar: the sync controller's signals plus what the local store knows
(unsent changes, last successful sync, last error), read off the UI thread."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Slot

from localdb import syncstore
from localdb.details import outbox_counts
from sync.errors import CERTIFICATE_MESSAGE, PROXY_MESSAGE
from ui.context import AppContext
from ui.shell.statusbar import SyncStatusBar

if TYPE_CHECKING:
    from localdb.queries import Session


@dataclass(frozen=True)
class LocalSyncStatus:
    pending: int
    waiting: int  # parked in conflict or refused by the server: needs the user
    last_success_at: dt.datetime | None
    last_error: str | None


def load_local_status(s: Session) -> LocalSyncStatus:
    state = syncstore.get_sync_state(s)
    counts = outbox_counts(s)
    last = _aware(state.last_success_at)
    return LocalSyncStatus(counts.unsent, counts.parked, last, state.last_error)


def sync_message(message: str) -> str:
    """A cycle's message for the status bar: a proxy or certificate failure in the UI's
    language (the sync engine words it in Indonesian only), anything else as it came."""
    from ui.login.service import network_setup_message

    kinds = {CERTIFICATE_MESSAGE: "certificate", PROXY_MESSAGE: "proxy"}
    return network_setup_message(kinds[message]) if message in kinds else message


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)  # the store keeps UTC
    return value


class SyncStatusFeed(QObject):
    def __init__(self, ctx: AppContext, bar: SyncStatusBar, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._bar = bar
        # Local changes come in bursts (typing autosaves): one count query per burst.
        self._debounce = QTimer(self, singleShot=True, interval=300)
        self._debounce.timeout.connect(self.reload)
        ctx.events.localChange.connect(self._debounce.start)
        sync = ctx.sync
        if sync is not None:
            sync.stateChanged.connect(bar.set_state)
            sync.progress.connect(bar.set_progress)
            sync.finished.connect(self._on_finished)
        self.reload()

    @Slot()
    def reload(self) -> None:
        self._ctx.runner.run(load_local_status, on_done=self._show, owner=self)

    def _show(self, status: LocalSyncStatus) -> None:
        self._bar.set_pending(status.pending, status.waiting)
        self._bar.set_last_sync(status.last_success_at)
        if status.last_error and not self._bar.error_label.text():
            # Before this run's first cycle: the detail is in the sync log.
            self._bar.set_error(
                QCoreApplication.translate("SyncStatusBar", "Sinkron terakhir gagal (lihat log)")
            )

    @Slot(object)
    def _on_finished(self, summary: Any) -> None:
        ok = getattr(getattr(summary, "state", None), "value", "ok") in ("ok", "busy")
        self._bar.set_error("" if ok else sync_message(str(getattr(summary, "message", ""))))
        # Counts and the last-success time come from the store, the one source of truth.
        self.reload()
