"""An exclusive lock on a file that holds across processes (and machines sharing the folder).

The hub's worker processes share one data folder. Two of them must never append to the same
upload at once (a client that retries a chunk whose answer was slow can reach another worker),
so each append holds a POSIX record lock (`fcntl.lockf`) on the upload's file; such locks also
hold over NFS, where the workers of several machines meet. Record locks belong to a process,
not a thread: callers also serialise their own threads (see `UploadStore`). On Windows, where
the hub runs only embedded in one process, the process-local lock is all there is.
"""

from __future__ import annotations

import sys
import time
from typing import BinaryIO

POLL_SECONDS = 0.02


class LockTimeout(Exception):
    """Another process held the lock for longer than the caller would wait."""


def lock_exclusive(f: BinaryIO, timeout: float) -> None:
    """Lock the whole of the open file `f` (opened for writing); waits up to `timeout`."""
    if sys.platform == "win32":
        return
    import fcntl

    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.lockf(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError:  # EAGAIN / EACCES: held by another process
            if time.monotonic() >= deadline:
                raise LockTimeout from None
            time.sleep(POLL_SECONDS)
