"""Child process for test_qt_signal_refcount: emits signals the way the app does, many times.

Run alone: `python tests/ui/signal_storm_child.py [COUNT]`. Prints one line with the number of
signals delivered and exits 0; a Qt binding with the refcount bug aborts the interpreter instead
("bool_dealloc" / "none_dealloc"), which the parent sees as a negative return code.
"""

from __future__ import annotations

import sys
import threading

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot


class Emitter(QObject):
    """The shapes the app emits: a task result, a failure, a bare notification, a bool flag."""

    result = Signal(object)
    failed = Signal(object)
    tick = Signal()
    flag = Signal(bool)
    progress = Signal(int, object)


class Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    @Slot(object)
    def on_object(self, value: object) -> None:
        self.count += 1

    @Slot()
    def on_tick(self) -> None:
        self.count += 1

    @Slot(bool)
    def on_flag(self, value: bool) -> None:
        self.count += 1

    @Slot(int, object)
    def on_progress(self, done: int, note: object) -> None:
        self.count += 1


def _wire(emitter: Emitter, receiver: Receiver) -> None:
    emitter.result.connect(receiver.on_object)
    emitter.failed.connect(receiver.on_object)
    emitter.tick.connect(receiver.on_tick)
    emitter.flag.connect(receiver.on_flag)
    emitter.progress.connect(receiver.on_progress)
    # A lambda slot too, as most of the UI connects.
    emitter.result.connect(lambda _v: None)


def _emit_round(emitter: Emitter, i: int) -> None:
    emitter.result.emit(None)
    emitter.result.emit({"row": i, "title": None, "ok": True})
    emitter.failed.emit(RuntimeError("gagal"))
    emitter.tick.emit()
    emitter.flag.emit(i % 2 == 0)
    emitter.progress.emit(i, None)


PER_ROUND = 6


class Worker(QThread):
    """Emits from another thread: delivered queued, through the receiver's event loop."""

    def __init__(self, emitter: Emitter, rounds: int) -> None:
        super().__init__()
        self.emitter = emitter
        self.rounds = rounds

    def run(self) -> None:
        for i in range(self.rounds):
            _emit_round(self.emitter, i)


def main(total: int) -> int:
    app = QCoreApplication(sys.argv[:1])
    receiver = Receiver()
    direct = Emitter()
    _wire(direct, receiver)
    rounds = total // (2 * PER_ROUND) + 1
    for i in range(rounds):
        _emit_round(direct, i)
    queued = Emitter()
    _wire(queued, receiver)
    worker = Worker(queued, rounds)
    done = threading.Event()
    worker.finished.connect(done.set)
    worker.start()
    expected = 2 * rounds * PER_ROUND
    while receiver.count < expected:
        app.processEvents()
        if done.is_set():
            app.processEvents()
            if receiver.count >= expected:
                break
    worker.wait()
    print(f"delivered {receiver.count} signals")
    return 0 if receiver.count >= expected else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 120_000))
