"""The background task runner: work off the UI thread, results delivered on it."""

from __future__ import annotations

import threading
import time
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


def test_cpu_work_does_not_hold_up_the_database_lane(qtbot, runner):
    release = threading.Event()
    scaled: list[str] = []
    saved: list[int] = []
    runner.cpu.submit(
        lambda _cancel: release.wait(10) and threading.current_thread().name,
        on_done=scaled.append,
    )
    runner.run(lambda s: s.execute(text("INSERT INTO t VALUES (3)")).rowcount, on_done=saved.append)
    qtbot.waitUntil(lambda: bool(saved), timeout=5_000)  # while the photo is still scaling
    assert scaled == []
    release.set()
    qtbot.waitUntil(lambda: bool(scaled))
    assert scaled[0].startswith("simpul-cpu")


def test_a_cancelled_task_never_calls_back_and_its_work_sees_the_event(qtbot, runner):
    started, seen_cancel = threading.Event(), threading.Event()
    called: list[object] = []

    def download(cancel: threading.Event) -> str:
        started.set()
        if cancel.wait(10):
            seen_cancel.set()
        return threading.current_thread().name

    task = runner.network.submit(download, on_done=called.append, on_error=called.append)
    assert started.wait(5)
    task.cancel()
    assert seen_cancel.wait(5)
    qtbot.wait(200)
    assert called == []
    names: list[str] = []
    runner.network.submit(lambda _c: threading.current_thread().name, on_done=names.append)
    qtbot.waitUntil(lambda: bool(names))
    assert names[0].startswith("simpul-net")


def test_shutdown_abandons_stuck_network_work_after_its_bound(qtbot, tmp_path: Path):
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{tmp_path / 'y.db'}")
    r = TaskRunner(sessionmaker(engine))
    never = threading.Event()
    r.network.submit(lambda _cancel: never.wait(30))  # ignores its cancel event
    qtbot.wait(50)
    started = time.monotonic()
    r.shutdown(network_timeout=0.3)
    assert time.monotonic() - started < 2
    assert r.network.submit(lambda _c: None).cancelled  # after shutdown: dropped, not run
    never.set()
    engine.dispose()


def test_a_runner_that_goes_away_lets_its_threads_end(qtbot):
    from shiboken6 import delete

    r = TaskRunner()  # no database: a login dialog's runner
    names: list[str] = []
    r.network.submit(lambda _c: threading.current_thread().name, on_done=names.append)
    qtbot.waitUntil(lambda: bool(names))
    mine = [t for t in threading.enumerate() if t.name.startswith("simpul-net")]
    mine = [t for t in mine if t in r.network._threads]
    assert mine
    delete(r)
    qtbot.waitUntil(lambda: not any(t.is_alive() for t in mine), timeout=5_000)


def test_work_asked_for_after_shutdown_is_dropped_not_raised(qtbot, tmp_path: Path, caplog):
    """A widget still alive while the window closes (a timer, a late signal) may ask for work
    after the lanes stopped: nothing runs, no callback comes, and nothing is raised into the
    event loop (where it would end as a crash report)."""
    engine = create_engine(f"sqlite:///{tmp_path / 'late.db'}")
    r = TaskRunner(sessionmaker(engine))
    busy: list[bool] = []
    r.busyChanged.connect(busy.append)
    r.run(lambda s: s.execute(text("SELECT 1")).scalar_one())
    qtbot.waitUntil(r.is_idle, timeout=5000)
    r.shutdown()
    answers: list[object] = []
    late = r.run(lambda s: 1, on_done=answers.append, on_error=answers.append)
    qtbot.wait(100)
    assert late.cancelled and answers == []
    assert r.is_idle() and busy[-1] is False
    assert "dropped" in caplog.text
    engine.dispose()
