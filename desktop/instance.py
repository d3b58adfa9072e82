"""One running app per profile: two windows on one database would fight over drafts and sync."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile

LOCK_NAME = "simpul.lock"


class InstanceLock:
    """A QLockFile in the profile folder; a lock left by a crashed run is taken over."""

    def __init__(self, profile_folder: Path) -> None:
        profile_folder.mkdir(parents=True, exist_ok=True)
        self._lock = QLockFile(str(profile_folder / LOCK_NAME))
        # The app runs for days, so a lock never goes stale by age; a lock file left by a
        # crashed run is still taken over, because QLockFile sees that its pid is gone.
        self._lock.setStaleLockTime(0)

    def acquire(self) -> bool:
        """True when this process now holds the profile; False when another run has it."""
        return self._lock.tryLock(0)

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()

    def holder_pid(self) -> int | None:
        info = self._lock.getLockInfo()  # PySide6: (pid, host, app), pid 0 when unknown
        pid = info[0] if isinstance(info, tuple) and info else 0
        return int(pid) or None
