"""One running app per profile."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from desktop.instance import InstanceLock

_HOLDER = """
import sys
from desktop.instance import InstanceLock
lock = InstanceLock(__import__('pathlib').Path(sys.argv[1]))
print('locked' if lock.acquire() else 'busy', flush=True)
sys.stdin.readline()
"""


def test_second_lock_in_same_profile_is_refused(tmp_path: Path) -> None:
    first = InstanceLock(tmp_path / "p")
    second = InstanceLock(tmp_path / "p")
    assert first.acquire()
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


def test_other_profile_is_independent(tmp_path: Path) -> None:
    a, b = InstanceLock(tmp_path / "a"), InstanceLock(tmp_path / "b")
    assert a.acquire() and b.acquire()
    a.release()
    b.release()


def test_lock_held_by_another_process_then_freed_when_it_dies(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(tmp_path / "p")],
        cwd=root,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "locked"
        mine = InstanceLock(tmp_path / "p")
        assert not mine.acquire()
        assert mine.holder_pid() == proc.pid
    finally:
        proc.kill()
        proc.wait()
    # A killed run leaves its lock file behind; the dead pid makes it stale.
    assert mine.acquire()
    mine.release()
