"""Guards the Python + PySide6 pair against the signal refcount bug (PySide6 6.12.0 on 3.11).

That release drops a reference to True/False/None on every emit; on Python 3.11, where those are
not immortal, the interpreter aborts after a few thousand emits. The app emits that many in an
hour (bench/soak.py measures it), so the pair the suite runs on must survive far more. This runs
in a subprocess because the failure is an abort of the whole interpreter.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CHILD = Path(__file__).with_name("signal_storm_child.py")
SIGNALS = 120_000


def test_the_installed_qt_survives_120000_signals_direct_and_queued() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, str(CHILD), str(SIGNALS)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode == 0, (
        f"signal storm ended with {done.returncode}: {done.stderr[-2000:]}"
        " (a negative code is an abort: see pyproject.toml on PySide6 6.12.0 and Python 3.11)"
    )
    delivered = int(done.stdout.split()[1])
    assert delivered >= SIGNALS
