"""The background task runner: work off the UI thread, results delivered on it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QThread
from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

from ui.tasks import TaskRunner


@pytest.fixture
def runner(qtbot, tmp_path: Path):
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.begin() as c:
        c.execute(text("CREATE TABLE t (v INTEGER)"))
    r = TaskRunner(sessionmaker(engine))
    yield r
    r.shutdown()
    engine.dispose()


def test_result_arrives_on_ui_thread_and_work_ran_elsewhere(qtbot, runner):
    seen: dict[str, object] = {}

    def work(s):
        s.execute(text("INSERT INTO t VALUES (7)"))
        seen["worker_thread"] = threading.current_thread().name
        return s.execute(text("SELECT sum(v) FROM t")).scalar_one()

    def done(value):
        seen["value"] = value
        seen["callback_in_ui_thread"] = QThread.currentThread() is qtbot_thread

    qtbot_thread = QThread.currentThread()
    runner.run(work, on_done=done)
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["value"] == 7
    assert seen["callback_in_ui_thread"] is True
    assert str(seen["worker_thread"]).startswith("simpul-db")


def test_error_rolls_back_and_reaches_error_callback(qtbot, runner):
    errors: list[BaseException] = []

    def work(s):
        s.execute(text("INSERT INTO t VALUES (1)"))
        raise ValueError("boom")

    runner.run(work, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ValueError)
    counts: list[int] = []
    runner.run(
        lambda s: s.execute(text("SELECT count(*) FROM t")).scalar_one(), on_done=counts.append
    )
    qtbot.waitUntil(lambda: bool(counts))
    assert counts == [0]


def test_callback_dropped_when_owner_destroyed(qtbot, runner):
    from shiboken6 import delete

    owner = QObject()
    called: list[object] = []
    release = threading.Event()
    idle: list[bool] = []
    runner.busyChanged.connect(lambda busy: idle.append(not busy))

    def work(s):
        release.wait(timeout=10)
        return 1

    runner.run(work, on_done=called.append, owner=owner)
    delete(owner)  # the widget goes away while its task is still running
    release.set()
    qtbot.waitUntil(lambda: any(idle))
    assert called == []
    assert runner.is_idle()
