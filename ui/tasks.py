"""The one way the UI runs work off its thread: the UI thread never waits on disk or network.

A `TaskRunner` has lanes, each for one kind of work:

- **database** (`run`): ONE thread, because SQLite has one writer. Each task gets its own
  Session inside a transaction that commits when the task returns. Tasks run in order.
- **network** (`network.submit`): a small pool for HTTP (attachment downloads, the login).
- **cpu** (`cpu.submit`): one thread for heavy local work (scaling a photo) that must not hold
  up the database lane, where autosaves wait.
- **dedicated** (`dedicated(name).submit`): a thread of its own for one long-running job (the
  sync engine); the same API, and it can be abandoned at shutdown (see `Lane.shutdown`).

Every submission returns a `Task`. Its callback runs on the UI thread (a queued signal). A
cancelled task never calls back, and the work sees `task.cancel_event` set (network and cpu work
receive it as their argument). A callback whose owner widget was destroyed is dropped instead
of touching a dead widget.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal, Slot
from shiboken6 import isValid

if TYPE_CHECKING:  # types only: the runner must not import the database layer at start-up
    from localdb.queries import Session

log = logging.getLogger(__name__)

T = TypeVar("T")
SessionFactory = Callable[[], "Session"]
Work = Callable[[threading.Event], T]  # network, cpu and dedicated work: gets the cancel event


@dataclass
class Task(Generic[T]):
    """One submitted piece of work; `cancel()` drops its callbacks and tells the work to stop."""

    id: int
    lane: str
    on_done: Callable[[T], None] | None
    on_error: Callable[[BaseException], None] | None
    owner: QObject | None
    cancel_event: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()


_STOP = object()


class Lane:
    """Worker threads fed from one queue (daemon threads: an abandoned job never blocks exit)."""

    def __init__(self, name: str, workers: int, runner: TaskRunner) -> None:
        self.name = name
        self._runner = runner
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._loop, name=f"{name}-{i}", daemon=True)
            for i in range(workers)
        ]
        self._started = False
        self._stopped = False
        self._lock = threading.Lock()

    def submit(
        self,
        fn: Work[T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        owner: QObject | None = None,
    ) -> Task[T]:
        """Run `fn(cancel_event)` on this lane; its result or error comes back on the UI thread."""
        return self._runner._submit(self, fn, on_done, on_error, owner)

    @property
    def stopped(self) -> bool:
        with self._lock:
            return self._stopped

    def put(self, job: Callable[[], None]) -> None:
        with self._lock:
            if self._stopped:
                raise RuntimeError(f"lane {self.name} is shut down")
            if not self._started:
                for t in self._threads:
                    t.start()
                self._started = True
        self._queue.put(job)

    def _loop(self) -> None:
        while (job := self._queue.get()) is not _STOP:
            job()

    def shutdown(self, timeout: float | None = None) -> bool:
        """Let queued jobs finish, then stop. Waits at most `timeout` seconds (None: no bound);
        returns False when a job still runs then: its thread is abandoned and its result dropped."""
        with self._lock:
            self._stopped = True
        if not self._started:
            return True
        for _ in self._threads:
            self._queue.put(_STOP)
        for t in self._threads:
            t.join(timeout)
        return not any(t.is_alive() for t in self._threads)


class TaskRunner(QObject):
    """Runs work on its lanes and reports back on the UI thread.

    Usage: ``runner.run(lambda s: queries.inbox_page(s, f), on_done=self._show, owner=self)``.
    """

    _finished = Signal(int, object, object)  # task id, result, error
    busyChanged = Signal(bool)  # the database lane has work / is idle

    def __init__(
        self,
        session_factory: SessionFactory | None = None,
        parent: QObject | None = None,
        *,
        network_workers: int = 2,
    ) -> None:
        super().__init__(parent)
        self._factory = session_factory
        self._db = Lane("simpul-db", 1, self)
        self.network = Lane("simpul-net", network_workers, self)
        self.cpu = Lane("simpul-cpu", 1, self)  # one thread: files keep their order
        self._dedicated: list[Lane] = []
        self._ids = itertools.count(1)
        self._pending: dict[int, Task[Any]] = {}
        self._lock = threading.Lock()
        self._finished.connect(self._deliver)
        # A runner that goes away (a closed login dialog) lets its idle threads end.
        lanes = (self._db, self.network, self.cpu)
        self.destroyed.connect(lambda *_: [lane.shutdown(0) for lane in lanes])

    # --- submitting -----------------------------------------------------------------------------

    def run(
        self,
        fn: Callable[[Session], T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        owner: QObject | None = None,
    ) -> Task[T]:
        """Database lane: `fn` gets a Session inside a transaction that commits when it returns."""
        if self._factory is None:
            raise RuntimeError("this runner has no database")
        factory = self._factory

        def in_transaction(_cancel: threading.Event) -> T:
            with factory() as session, session.begin():
                return fn(session)

        return self._submit(self._db, in_transaction, on_done, on_error, owner)

    def dedicated(self, name: str) -> Lane:
        """A thread of its own for one long-running job (the sync engine)."""
        lane = Lane(name, 1, self)
        self._dedicated.append(lane)
        return lane

    def _submit(
        self,
        lane: Lane,
        fn: Work[T],
        on_done: Callable[[T], None] | None,
        on_error: Callable[[BaseException], None] | None,
        owner: QObject | None,
    ) -> Task[T]:
        task: Task[T] = Task(next(self._ids), lane.name, on_done, on_error, owner)
        if lane.stopped:
            # A widget still alive while the window closes (a timer, a late signal) asks for
            # work after the lanes stopped: there is no store to run it on any more. Dropped,
            # never raised into the event loop as a crash.
            log.warning("work for lane %s after it stopped: dropped", lane.name)
            task.cancel()
            return task
        with self._lock:
            self._pending[task.id] = task
            first = lane is self._db and self._db_count() == 1
        if first:
            self.busyChanged.emit(True)
        try:
            lane.put(lambda: self._work(task, fn))
        except RuntimeError:  # stopped between the check and the put
            with self._lock:
                self._pending.pop(task.id, None)
                idle = first and self._db_count() == 0
            if idle:
                self.busyChanged.emit(False)
            log.warning("work for lane %s after it stopped: dropped", lane.name)
            task.cancel()
        return task

    def _db_count(self) -> int:
        return sum(1 for t in self._pending.values() if t.lane == self._db.name)

    def _work(self, task: Task[Any], fn: Work[Any]) -> None:
        if task.cancelled and task.lane != self._db.name:
            self._finished.emit(task.id, None, None)
            return  # a cancelled database task still runs: its write was promised
        try:
            result = fn(task.cancel_event)
        except BaseException as exc:  # handed to the UI thread, never swallowed
            self._finished.emit(task.id, None, exc)
            return
        self._finished.emit(task.id, result, None)

    # --- delivering on the UI thread ------------------------------------------------------------

    @Slot(int, object, object)
    def _deliver(self, task_id: int, result: object, error: object) -> None:
        with self._lock:
            task = self._pending.pop(task_id, None)
            idle = task is not None and task.lane == self._db.name and self._db_count() == 0
        if idle:
            self.busyChanged.emit(False)
        if task is None or task.cancelled:
            return
        if task.owner is not None and not isValid(task.owner):
            return
        if error is not None:
            assert isinstance(error, BaseException)
            if task.on_error is not None:
                task.on_error(error)
            else:
                log.error("background task failed", exc_info=error)
            return
        if task.on_done is not None:
            task.on_done(result)

    def is_idle(self) -> bool:
        """True when the database lane has nothing queued or running."""
        with self._lock:
            return self._db_count() == 0

    def shutdown(self, wait: bool = True, *, network_timeout: float = 2.0) -> None:
        """Finish queued database work (drafts must reach the disk) and stop every lane.

        Network and cpu work is cancelled and waited for at most `network_timeout` seconds;
        what still runs then is abandoned (daemon threads; its results are never delivered).
        """
        with self._lock:
            for task in self._pending.values():
                if task.lane != self._db.name:
                    task.cancel()
        for lane in (self.network, self.cpu, *self._dedicated):
            lane.shutdown(network_timeout if wait else 0)
        self._db.shutdown(None if wait else 0)
