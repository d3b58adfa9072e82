"""The Windows branch of sync/lock.py (msvcrt.locking), run here.

msvcrt exists only on Windows, so this loads the module's win32 branch with a stand-in msvcrt
whose `locking` keeps Windows' contract (LK_NBLCK raises OSError when another handle holds the
byte, LK_UNLCK releases it) on top of flock. What it proves: the branch imports, locks at byte 0
whatever the append-mode file position, refuses a second holder and releases. That the real
msvcrt behaves so is checked on Windows by docs/install.md.
"""

from __future__ import annotations

import fcntl
import importlib.util
import sys
import types
from pathlib import Path

import pytest

LOCK_SOURCE = Path(__file__).resolve().parents[2] / "sync" / "lock.py"


def _stand_in_msvcrt(calls: list[tuple[int, int, int]]) -> types.ModuleType:
    fake = types.ModuleType("msvcrt")
    fake.LK_NBLCK, fake.LK_UNLCK = 2, 0  # type: ignore[attr-defined]

    def locking(fd: int, mode: int, nbytes: int) -> None:
        import os

        calls.append((mode, nbytes, os.lseek(fd, 0, os.SEEK_CUR)))
        op = fcntl.LOCK_EX | fcntl.LOCK_NB if mode == 2 else fcntl.LOCK_UN
        fcntl.flock(fd, op)  # BlockingIOError (an OSError) when held, as msvcrt raises

    fake.locking = locking  # type: ignore[attr-defined]
    return fake


@pytest.fixture
def windows_lock(monkeypatch: pytest.MonkeyPatch) -> tuple[types.ModuleType, list]:
    calls: list[tuple[int, int, int]] = []
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setitem(sys.modules, "msvcrt", _stand_in_msvcrt(calls))
    spec = importlib.util.spec_from_file_location("lock_win32", LOCK_SOURCE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, calls


def test_the_msvcrt_branch_locks_one_byte_at_the_start(windows_lock, tmp_path: Path) -> None:
    module, calls = windows_lock
    path = tmp_path / "sync.lock"
    path.write_bytes(b"earlier content")  # append mode would sit at the end without the seek
    first, second = module.ProfileLock(path), module.ProfileLock(path)
    assert first.acquire()
    assert not second.acquire()  # another cycle holds it
    first.release()
    assert second.acquire()
    second.release()
    assert calls[0] == (2, 1, 0)  # LK_NBLCK, one byte, at offset 0
    assert (0, 1, 0) in calls  # LK_UNLCK of the same byte
