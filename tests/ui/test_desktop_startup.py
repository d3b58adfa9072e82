"""Start-up: the window comes before the slow work, and the deferred checks still guard writes."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import text

from desktop import app as composition
from localdb.errors import ProfileDamagedError
from localdb.profile import DB_NAME, Profile
from tests.localdb.builders import user_info
from tests.support.child import child_env
from tests.support.crypt import TEST_KEY, big_profile, db_connect
from ui.tasks import TaskRunner


def _damaged_profile(folder: Path) -> None:
    Profile.open(folder, key=TEST_KEY).close()
    page_size = 4096
    first_new = (folder / DB_NAME).stat().st_size // page_size + 1
    with Profile.open(folder, key=TEST_KEY) as profile, profile.session() as s, s.begin():
        for i in range(300):
            s.execute(
                text(
                    "INSERT INTO audit (at, actor, action, entity_kind, entity_id) "
                    "VALUES ('2026-01-01T00:00:00.000000Z', 'u', :a, 'report', 'r')"
                ),
                {"a": f"action-{i}-" + "x" * 200},
            )
    db = folder / DB_NAME
    conn = db_connect(db)
    assert int(conn.execute("PRAGMA page_size").fetchone()[0]) == page_size
    conn.close()
    # The audit rows went into pages appended at the end (dbstat, which would name them, is
    # not in SQLCipher's build); one in the middle of those is overwritten.
    pages = list(range(first_new, db.stat().st_size // page_size + 1))
    assert len(pages) > 10
    with open(db, "r+b") as f:
        f.seek((pages[len(pages) // 2] - 1) * page_size)
        f.write(b"\xff" * page_size)


def test_the_entry_point_imports_no_database_network_or_server_code() -> None:
    code = (
        "import sys, desktop.__main__; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic', "
        "'holidays', 'pydantic', 'requests', 'keyring', 'fastapi', 'central', 'sync', 'localdb'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""},
    )
    assert out.stdout.strip() == "[]"


SOURCE_SCAN_CHILD = """
import linecache, sys
import PySide6.QtCore
{first}
import qt_user
print(qt_user.Ping().fired(), qt_user.__file__ in linecache.cache, flush=True)
"""
QT_USER = """
from PySide6.QtCore import QObject, Signal

class Ping(QObject):
    pinged = Signal(str)

    def fired(self):
        seen = []
        self.pinged.connect(seen.append)
        self.pinged.emit("ok")
        return seen == ["ok"]
"""


@pytest.mark.parametrize(("first", "read"), [("import desktop", "False"), ("", "True")])
def test_modules_imported_after_the_app_are_not_read_again_for_pyside(
    tmp_path: Path, first: str, read: str
) -> None:
    """PySide6's import hook reads each new module's source unless `desktop` told it not to
    (the bundle has no sources, so it never could); the module's Qt classes work either way."""
    (tmp_path / "qt_user.py").write_text(QT_USER, encoding="utf-8")
    env = child_env(QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    env["PYTHONPATH"] = f"{tmp_path}{os.pathsep}{env['PYTHONPATH']}"
    out = subprocess.run(
        [sys.executable, "-c", SOURCE_SCAN_CHILD.format(first=first)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    assert out.stdout.split() == ["True", read]


LOGIN_WINDOW_CHILD = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

HEAVY = ("sqlalchemy", "pydantic", "requests", "keyring", "localdb.profile", "sync.wire")

def loaded():
    return sorted(m for m in HEAVY if m in sys.modules)

def first_pass():
    windows = sorted(type(w).__name__ for w in QApplication.topLevelWidgets() if w.isVisible())
    report = {"windows": windows, "loaded_when_shown": loaded()}
    from desktop import app as composition
    from ui.shell.registry import page_modules
    composition.preload_workspace_modules().join()
    wanted = (*composition.WORKSPACE_MODULES, *page_modules())
    report["not_preloaded"] = [m for m in wanted if m not in sys.modules]
    print(json.dumps(report), flush=True)
    QApplication.quit()

app = QApplication(["simpul"])
QTimer.singleShot(0, first_pass)
from desktop.__main__ import main
main([])
"""


def test_the_login_window_comes_first_and_the_rest_loads_behind_it(tmp_path: Path) -> None:
    """`simpul` as an office starts it: the login window is on screen before the store, the
    sync client and their wire models are imported; behind it the login's and the workspace's
    modules are loaded (the login then waits for them instead of importing them itself)."""
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "PATH": "",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    settings = tmp_path / "config" / "Simpul" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text('{"server_url": "http://127.0.0.1:9"}', encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-c", LOGIN_WINDOW_CHILD],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        timeout=120,
    )
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["windows"] == ["LoginDialog"]
    assert report["loaded_when_shown"] == []
    assert report["not_preloaded"] == []


def _run_checks(qtbot: Any, profile: Profile, monkeypatch: pytest.MonkeyPatch) -> tuple[list, list]:
    shown: list[str] = []
    started: list[bool] = []
    monkeypatch.setattr(
        composition.QMessageBox, "critical", lambda _parent, _title, msg: shown.append(msg)
    )
    window = QWidget()
    qtbot.addWidget(window)
    runner = TaskRunner(profile.session)
    try:
        composition.start_deferred_checks(
            runner, profile, window, on_ok=lambda: started.append(True)
        )
        qtbot.waitUntil(lambda: bool(shown or started), timeout=30_000)
    finally:
        runner.shutdown()
    return shown, started


def test_damage_found_after_the_window_is_told_and_nothing_starts(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _damaged_profile(tmp_path / "p")
    with Profile.open(tmp_path / "p", defer_checks=True, key=TEST_KEY) as profile:
        shown, started = _run_checks(qtbot, profile, monkeypatch)
        assert len(shown) == 1 and "Pulihkan profil" in shown[0]
        assert started == []
        with pytest.raises(ProfileDamagedError):
            profile.session()


def test_a_sound_profile_passes_the_checks_and_sync_starts(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Profile.open(tmp_path / "p", key=TEST_KEY).close()
    with Profile.open(tmp_path / "p", defer_checks=True, key=TEST_KEY) as profile:
        assert profile.checks_pending
        shown, started = _run_checks(qtbot, profile, monkeypatch)
        assert shown == [] and started == [True]
        assert not profile.checks_pending
        assert gc.get_freeze_count() > 0  # start-up's objects kept out of collections
    gc.unfreeze()  # no workspace here to do it at close


def test_the_window_reads_while_the_deferred_checks_read_the_whole_file(
    qtbot: Any, tmp_path: Path
) -> None:
    """The checks start once the first page is read and run beside the database thread: a
    report the user opens meanwhile is read at once, not after the whole file was checked."""
    big_profile(tmp_path / "p")
    with Profile.open(tmp_path / "p", defer_checks=True, key=TEST_KEY) as profile:
        window = QWidget()
        qtbot.addWidget(window)
        runner = TaskRunner(profile.session)
        started: list[bool] = []
        answered: list[bool] = []  # whether the checks were still running when it came back
        try:
            first_page: list[bool] = []
            runner.run(lambda s: s.execute(text("SELECT 1")).all(), on_done=first_page.append)
            composition.start_deferred_checks(
                runner, profile, window, on_ok=lambda: started.append(True)
            )
            qtbot.waitUntil(lambda: bool(first_page), timeout=10_000)
            runner.run(
                lambda s: s.execute(text("SELECT id FROM audit LIMIT 1")).all(),
                on_done=lambda _rows: answered.append(profile.checks_pending),
            )
            qtbot.waitUntil(lambda: bool(answered and started), timeout=30_000)
        finally:
            runner.shutdown()
    assert answered == [True]
    gc.unfreeze()  # settle() froze start-up's objects; no workspace here to undo it


COLLECTIONS_CHILD = """
import gc, sys
from desktop import app as composition
from desktop.__main__ import main

composition.hold_collections()
held = gc.isenabled()
composition.preload_workspace_modules().join()
after_preload = (gc.isenabled(), gc.get_freeze_count() > 1000)
gc.disable()
code = main(["--version"])
print(held, *after_preload, gc.isenabled(), code, flush=True)
"""


def test_start_up_holds_the_collector_only_until_the_workspace_modules_are_in() -> None:
    """No collections while start-up imports (what it makes lives as long as the app), then
    it is frozen and the collector runs again; the entry point never leaves it off."""
    out = subprocess.run(
        [sys.executable, "-c", COLLECTIONS_CHILD],
        capture_output=True,
        text=True,
        check=True,
        env=child_env(QT_QPA_PLATFORM="offscreen"),
    )
    assert out.stdout.split()[-5:] == ["False", "True", "True", "True", "0"]


def test_a_logout_at_once_after_login_stops_the_checks_instead_of_waiting_for_them(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workspace closed while the deferred quick check still reads a big file: the check
    is interrupted, not waited for, and nobody is told the profile is damaged. Whether the
    file is sound stays unknown (a write would check it first; the next login does)."""
    import datetime as dt

    import keyring.backends.fail

    from desktop.paths import AppPaths
    from desktop.settings import Settings
    from sync.credentials import Credentials
    from sync.transport import Transport
    from ui.login.service import LoginResult, OpenedProfile

    shown: list[str] = []
    monkeypatch.setattr(
        composition.QMessageBox, "critical", lambda _parent, _title, msg: shown.append(msg)
    )
    big_profile(tmp_path / "p", megabytes=120)
    profile = Profile.open(tmp_path / "p", defer_checks=True, key=TEST_KEY)
    creds = Credentials(
        profile,
        Transport("http://127.0.0.1:9"),
        profile_key="p",
        clock=lambda: dt.datetime.now(dt.UTC),
        backend=keyring.backends.fail.Keyring(),
    )
    result = LoginResult(
        OpenedProfile(profile, creds, profile.close),
        user_info(),
        "dev",
        online=False,
        keyring_missing=False,
    )
    paths = AppPaths.under(tmp_path / "app").ensure()
    workspace = composition.open_workspace(result, Settings(), paths, start_sync=False)
    # Until the check has its connection open: it is reading the file now.
    qtbot.waitUntil(lambda: profile._watch._conn is not None, timeout=30_000)
    workspace.close()
    assert profile.checks_pending  # interrupted: neither sound nor damaged as far as we know
    QApplication.processEvents()  # anything the lane still sent back is delivered (or dropped)
    assert shown == []
