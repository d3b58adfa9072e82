"""The environment of a child Python process a test starts (the sync CLI, the app, a hub)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def child_env(base: dict[str, str] | None = None, **extra: str) -> dict[str, str]:
    """`base` (the test's own environment by default) with this checkout first on the child's
    PYTHONPATH and whatever the parent's PYTHONPATH held after it: a child of a test run under
    faketime needs `tests/faketime` too (scripts/clock-check.sh puts it there), or its first
    `time.sleep` fails under libfaketime."""
    env = dict(os.environ if base is None else base)
    inherited = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *(p for p in inherited if p != str(ROOT))])
    env.update(extra)
    return env
