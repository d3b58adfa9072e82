"""Background work for the UI: the UI thread never waits on disk or network.

Database work runs on ONE worker thread (SQLite has one writer anyway), each task in its own
Session and transaction; the result comes back to the UI thread through a queued signal and is
handed to the task's callback there. Callbacks of a task whose owner widget was destroyed are
dropped instead of touching a dead widget.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal, Slot
from shiboken6 import isValid

log = logging.getLogger(__name__)

T = TypeVar("T")
SessionFactory = Callable[[], Any]


@dataclass
class _Pending(Generic[T]):
    on_done: Callable[[T], None] | None
    on_error: Callable[[BaseException], None] | None
    owner: QObject | None


class TaskRunner(QObject):
    """Runs `fn(session)` on a single background thread and reports back on the UI thread.

    Usage: ``runner.run(lambda s: queries.inbox_page(s, f), on_done=self._show, owner=self)``.
    """

    _finished = Signal(int, object, object)  # task id, result, error
    busyChanged = Signal(bool)

    def __init__(self, session_factory: SessionFactory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._factory = session_factory
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="simpul-db")
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending[Any]] = {}
        self._lock = threading.Lock()
        self._finished.connect(self._deliver)

    def run(
        self,
        fn: Callable[[Any], T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        owner: QObject | None = None,
    ) -> int:
        """Queue `fn`; it gets a Session inside a transaction that commits when it returns."""
        task_id = next(self._ids)
        with self._lock:
            self._pending[task_id] = _Pending(on_done, on_error, owner)
            first = len(self._pending) == 1
        if first:
            self.busyChanged.emit(True)
        self._pool.submit(self._work, task_id, fn)
        return task_id

    def _work(self, task_id: int, fn: Callable[[Any], Any]) -> None:
        try:
            with self._factory() as session, session.begin():
                result = fn(session)
        except BaseException as exc:  # handed to the UI thread, never swallowed
            self._finished.emit(task_id, None, exc)
            return
        self._finished.emit(task_id, result, None)

    @Slot(int, object, object)
    def _deliver(self, task_id: int, result: object, error: object) -> None:
        with self._lock:
            pending = self._pending.pop(task_id, None)
            idle = not self._pending
        if idle:
            self.busyChanged.emit(False)
        if pending is None:
            return
        if pending.owner is not None and not isValid(pending.owner):
            return
        if error is not None:
            assert isinstance(error, BaseException)
            if pending.on_error is not None:
                pending.on_error(error)
            else:
                log.error("background task failed", exc_info=error)
            return
        if pending.on_done is not None:
            pending.on_done(result)

    def is_idle(self) -> bool:
        with self._lock:
            return not self._pending

    def shutdown(self, wait: bool = True) -> None:
        """Finish queued work (drafts must reach the disk) and stop the thread."""
        self._pool.shutdown(wait=wait)
