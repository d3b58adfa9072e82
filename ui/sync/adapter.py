"""SyncController: runs SyncEngine.run_cycle on its own QThread and says what happened.

Triggers: start(), syncNow() (the user's button, which also sends ops still in backoff), a timer
with jitter (so offices do not all sync at the same moment), shortly after a local change
(debounced, so a burst of edits is one cycle), and the network coming back (while offline a cheap
GET /health is tried now and then; a good answer starts a cycle).

States (stateChanged): "online", "offline", "syncing", "error", and "auth_needed" when the user
has to log in again.
"""

from __future__ import annotations

import random
import threading
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from sync.errors import TransportError
from sync.runner import SyncEngine
from sync.summary import CycleState, SyncSummary

ONLINE, OFFLINE, SYNCING, ERROR, AUTH_NEEDED = (
    "online",
    "offline",
    "syncing",
    "error",
    "auth_needed",
)

_STATE_OF = {
    CycleState.OK: ONLINE,
    CycleState.OFFLINE: OFFLINE,
    CycleState.AUTH_REQUIRED: AUTH_NEEDED,
    CycleState.CANCELLED: ONLINE,
    CycleState.BUSY: SYNCING,
}


class _Worker(QObject):
    """Lives on the sync thread; every network byte goes through here."""

    finished = Signal(object)
    progress = Signal(str, int, int, int)
    probed = Signal(bool)

    def __init__(self, engine: SyncEngine) -> None:
        super().__init__()
        self.engine = engine
        self.cancel_event = threading.Event()

    @Slot(bool)
    def run(self, force: bool) -> None:
        self.cancel_event.clear()
        summary = self.engine.run_cycle(
            progress=self.progress.emit, cancel=self.cancel_event.is_set, force=force
        )
        self.finished.emit(summary)

    @Slot()
    def probe(self) -> None:
        try:
            self.engine.transport.probe()
        except TransportError:
            self.probed.emit(False)
            return
        self.probed.emit(True)


class SyncController(QObject):
    stateChanged = Signal(str)
    progress = Signal(str, int, int, int)  # phase, done, total, bytes so far
    finished = Signal(object)  # SyncSummary
    changedReports = Signal(list)  # ids of reports whose local rows changed

    _runRequested = Signal(bool)
    _probeRequested = Signal()

    def __init__(
        self,
        engine: SyncEngine,
        *,
        interval_s: float = 300.0,
        jitter: float = 0.2,
        debounce_ms: int = 3000,
        probe_interval_s: float = 30.0,
        rng: random.Random | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.interval_s = interval_s
        self.jitter = jitter
        self.probe_interval_s = probe_interval_s
        self._rng = rng or random.Random()
        self._state = OFFLINE
        self._running = False
        self._again: bool | None = None  # a request that came while a cycle ran (its force)
        self._started = False
        self._thread = QThread()
        self._thread.setObjectName("simpul-sync")
        self._worker = _Worker(engine)
        self._worker.moveToThread(self._thread)
        self._runRequested.connect(self._worker.run)
        self._probeRequested.connect(self._worker.probe)
        self._worker.finished.connect(self._on_finished)
        self._worker.progress.connect(self.progress)
        self._worker.probed.connect(self._on_probed)
        self._timer = self._single_shot(self._on_timer)
        self._debounce = self._single_shot(lambda: self._request(False))
        self._debounce.setInterval(debounce_ms)
        self._probe_timer = self._single_shot(self._probeRequested.emit)

    def _single_shot(self, slot: Any) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(slot)
        return timer

    @property
    def state(self) -> str:
        return self._state

    @property
    def running(self) -> bool:
        return self._running

    def file_source(self) -> tuple[str, dict[str, str]] | None:
        """API base URL and auth header for downloading attachments, None before a login."""
        transport = self._worker.engine.transport
        if not transport.access_token:
            return None
        return str(transport.base_url), {"Authorization": f"Bearer {transport.access_token}"}

    # --- triggers -------------------------------------------------------------------------------

    @Slot()
    def start(self) -> None:
        """Start the thread and the first cycle (at application start)."""
        if not self._started:
            self._thread.start()
            self._started = True
        self._request(False)

    @Slot()
    def syncNow(self) -> None:
        self._debounce.stop()
        self._request(True)

    @Slot()
    def notifyLocalChange(self) -> None:
        """Something was written locally: sync a few seconds later (once per burst)."""
        if self._started:
            self._debounce.start()

    @Slot()
    def cancel(self) -> None:
        self._worker.cancel_event.set()

    def stop(self) -> None:
        """Cancel a running cycle between requests and end the thread (at logout or exit)."""
        for timer in (self._timer, self._debounce, self._probe_timer):
            timer.stop()
        self._worker.cancel_event.set()
        if self._started:
            self._thread.quit()
            self._thread.wait()
            self._started = False

    # --- running --------------------------------------------------------------------------------

    def _request(self, force: bool) -> None:
        if not self._started:
            return
        if self._running:
            self._again = force or bool(self._again)
            return
        self._running = True
        self._timer.stop()
        self._probe_timer.stop()
        self._set_state(SYNCING)
        self._runRequested.emit(force)

    @Slot()
    def _on_timer(self) -> None:
        self._request(False)

    @Slot(object)
    def _on_finished(self, summary: SyncSummary) -> None:
        self._running = False
        self._set_state(_STATE_OF.get(summary.state, ERROR))
        if summary.report_ids:
            self.changedReports.emit(sorted(summary.report_ids))
        self.finished.emit(summary)
        if self._again is not None and summary.state is not CycleState.CANCELLED:
            force, self._again = self._again, None
            self._request(force)
            return
        self._again = None
        self._schedule_next(summary)

    def _schedule_next(self, summary: SyncSummary) -> None:
        if not self._started or summary.state is CycleState.CANCELLED:
            return
        if summary.state is CycleState.OFFLINE:
            # Cheap probes until the network is back, then a full cycle.
            self._probe_timer.start(int(self.probe_interval_s * 1000))
            return
        if summary.state is CycleState.AUTH_REQUIRED:
            return  # nothing to do until the user logs in again
        delay = summary.retry_in if summary.retry_in is not None else self._jittered()
        self._timer.start(max(1, int(delay * 1000)))

    def _jittered(self) -> float:
        spread = self.interval_s * self.jitter
        return self.interval_s + self._rng.uniform(-spread, spread)

    @Slot(bool)
    def _on_probed(self, reachable: bool) -> None:
        if not self._started or self._running:
            return
        if reachable:
            self._request(False)
        else:
            self._probe_timer.start(int(self.probe_interval_s * 1000))

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.stateChanged.emit(state)
