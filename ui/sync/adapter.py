"""SyncController: runs SyncEngine.run_cycle on a dedicated lane of the task runner (a thread
of its own, `ui.tasks`) and says what happened.

Triggers: start(), syncNow() (the user's button, which also sends ops still in backoff), a timer
with jitter (so offices do not all sync at the same moment), shortly after a local change
(debounced, so a burst of edits is one cycle), and the network coming back (while offline a cheap
GET /health is tried now and then; a good answer starts a cycle).

States (stateChanged): a `ConnectionState`; AUTH_NEEDED when the user has to log in again.

stop() (logout, exit) is bounded: it cancels the cycle, waits at most `stop_timeout_s` for the
request in flight (the transport has a total timeout per request), then abandons the thread; its
result is never delivered.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from sync.errors import TransportError
from sync.files import FileFetcher
from sync.runner import SyncEngine
from sync.summary import CycleState, SyncSummary
from ui.sync.states import ConnectionState
from ui.tasks import Lane, Task, TaskRunner

log = logging.getLogger(__name__)

_STATE_OF = {
    CycleState.OK: ConnectionState.ONLINE,
    CycleState.OFFLINE: ConnectionState.OFFLINE,
    CycleState.AUTH_REQUIRED: ConnectionState.AUTH_NEEDED,
    CycleState.CANCELLED: ConnectionState.ONLINE,
    CycleState.BUSY: ConnectionState.SYNCING,
}


class SyncController(QObject):
    stateChanged = Signal(str)  # a ConnectionState
    progress = Signal(str, int, int, int)  # phase, done, total, bytes so far
    finished = Signal(object)  # SyncSummary
    changedReports = Signal(list)  # ids of reports whose local rows changed

    _progressed = Signal(str, int, int, int)  # emitted on the sync thread, queued to this one

    def __init__(
        self,
        engine: SyncEngine,
        *,
        runner: TaskRunner | None = None,
        interval_s: float = 300.0,
        jitter: float = 0.2,
        debounce_ms: int = 3000,
        probe_interval_s: float = 30.0,
        stop_timeout_s: float = 3.0,
        rng: random.Random | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.interval_s = interval_s
        self.jitter = jitter
        self.probe_interval_s = probe_interval_s
        self.stop_timeout_s = stop_timeout_s
        self._rng = rng or random.Random(random.getrandbits(64))  # as sync.runner.SyncEngine
        self._state = ConnectionState.OFFLINE
        self._running = False
        self._again: bool | None = None  # a request that came while a cycle ran (its force)
        self._runner = runner or TaskRunner(parent=self)
        self._lane: Lane | None = None  # the sync thread while started
        self._task: Task[object] | None = None
        self._cancel = threading.Event()
        self._files: FileFetcher | None = None
        self._progressed.connect(self.progress)
        self._timer = self._single_shot(self._on_timer)
        self._debounce = self._single_shot(lambda: self._request(False))
        self._debounce.setInterval(debounce_ms)
        self._probe_timer = self._single_shot(self._probe)

    def _single_shot(self, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(slot)
        return timer

    @property
    def state(self) -> ConnectionState:
        return self._state

    @property
    def _started(self) -> bool:
        return self._lane is not None

    @property
    def running(self) -> bool:
        return self._running

    def file_source(self) -> FileFetcher:
        """Where attachments are downloaded from: the sync transport's settings and tokens.

        Nothing is read here; the token is read on the network thread that sends it."""
        if self._files is None:
            self._files = FileFetcher(self.engine.transport, self.engine.credentials)
        return self._files

    # --- triggers -------------------------------------------------------------------------------

    @Slot()
    def start(self) -> None:
        """Start the thread and the first cycle (at application start)."""
        if self._lane is None:
            self._lane = self._runner.dedicated("simpul-sync")
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
        self._cancel.set()

    def stop(self) -> bool:
        """Cancel a running cycle and end the thread (at logout or exit), waiting at most
        `stop_timeout_s`. False when the thread had to be abandoned mid-request."""
        for timer in (self._timer, self._debounce, self._probe_timer):
            timer.stop()
        self._cancel.set()
        lane, self._lane = self._lane, None
        if self._task is not None:
            self._task.cancel()  # whatever it returns now is not delivered
        self._running = False
        if lane is None or lane.shutdown(self.stop_timeout_s):
            return True
        log.warning("sync thread still in a request after %.0f s; abandoned", self.stop_timeout_s)
        return False

    # --- settings -------------------------------------------------------------------------------

    def set_interval(self, interval_s: float) -> None:
        """A new time between automatic cycles; a wait already running is started again."""
        self.interval_s = interval_s
        if self._timer.isActive():
            self._timer.start(max(1, int(self._jittered() * 1000)))

    def reconfigure(self, change: Callable[[], None]) -> None:
        """Run `change` (new transport settings) on the sync thread, after the cycle in
        progress, then sync at once with them. Without the thread, here and now."""
        if self._lane is None:
            change()
            return

        def work(_cancel: threading.Event) -> None:
            change()

        def failed(error: BaseException) -> None:
            log.warning("new connection settings not applied: %s", type(error).__name__)

        self._lane.submit(work, on_done=lambda _r: self.syncNow(), on_error=failed, owner=self)

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
        self._set_state(ConnectionState.SYNCING)
        self._cancel = threading.Event()  # its own: an abandoned cycle stays cancelled
        self._submit(self._cycle(force), self._on_finished)

    def _cycle(self, force: bool) -> Callable[[threading.Event], SyncSummary]:
        engine, cancel, progress = self.engine, self._cancel, self._progressed

        def work(_task_cancel: threading.Event) -> SyncSummary:
            return engine.run_cycle(progress=progress.emit, cancel=cancel.is_set, force=force)

        return work

    def _submit(self, work: Callable[[threading.Event], object], done: Callable[..., None]) -> None:
        assert self._lane is not None
        self._task = self._lane.submit(work, on_done=done, owner=self)

    @Slot()
    def _probe(self) -> None:
        if self._lane is None:
            return
        transport = self.engine.transport

        def reachable(_cancel: threading.Event) -> bool:
            try:
                transport.probe()
            except TransportError:
                return False
            return True

        self._submit(reachable, self._on_probed)

    @Slot()
    def _on_timer(self) -> None:
        self._request(False)

    @Slot(object)
    def _on_finished(self, summary: SyncSummary) -> None:
        self._running = False
        self._set_state(_STATE_OF.get(summary.state, ConnectionState.ERROR))
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

    def _set_state(self, state: ConnectionState) -> None:
        if state != self._state:
            self._state = state
            self.stateChanged.emit(state)
