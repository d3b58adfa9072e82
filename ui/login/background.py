"""Run one blocking call (login: network, scrypt, opening a profile) off the UI thread.

The answer comes back through a queued signal, so the callback runs on the UI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot


class BackgroundCall(QObject):
    done = Signal(object)
    failed = Signal(object)
    _result = Signal(object, object)

    def __init__(self, fn: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._thread: threading.Thread | None = None
        # Until the answer is delivered on the UI thread: the worker thread itself may still be
        # winding down a moment after it sent the answer, which is not "running" to a caller.
        self._pending = False
        self._result.connect(self._deliver)

    def start(self) -> None:
        self._pending = True
        self._thread = threading.Thread(target=self._work, name="simpul-login", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        try:
            value = self._fn()
        except BaseException as exc:  # delivered to the UI thread, never lost
            self._result.emit(None, exc)
            return
        self._result.emit(value, None)

    @Slot(object, object)
    def _deliver(self, value: object, error: object) -> None:
        self._pending = False
        if error is not None:
            self.failed.emit(error)
        else:
            self.done.emit(value)

    def is_running(self) -> bool:
        """True from `start` until the answer has been delivered on the UI thread."""
        return self._pending
