"""Text the editor said was saved survives the process being killed with SIGKILL."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ui.editor_child import MARKER
from tests.ui.feature_fixtures import (
    close_ctx,
    fill,
    make_actor,
    make_ctx,
    make_report,
    open_profile,
)
from ui.report.pane import ReportPane

ROOT = Path(__file__).resolve().parents[2]
TEXT = "Tim sudah turun ke lokasi dan menambal lubang"


def wait_for_line(child: subprocess.Popen[str], wanted: str, *, timeout: float) -> bool:
    """Read the child's output until `wanted` appears, the child ends, or time is up."""
    assert child.stdout is not None
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([child.stdout], [], [], left)
        if not ready:
            return False
        line = child.stdout.readline()
        if line.strip() == wanted:
            return True
        if not line:  # end of output: the child is gone
            return False
    return False


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_draft_saved_before_sigkill_is_there_after_restart(qtbot, tmp_path: Path):
    profile = open_profile(tmp_path)
    fill(profile, [make_report(1)])
    folder = profile.folder
    profile.close()

    child = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.editor_child", str(folder), "r-00001", TEXT],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        assert wait_for_line(child, MARKER, timeout=60), "the child never reported a saved draft"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    ctx = make_ctx(open_profile(tmp_path), make_actor("officer"))
    try:
        pane = ReportPane(ctx)
        qtbot.addWidget(pane)
        with qtbot.waitSignal(pane.loaded, timeout=5000):
            pane.show_report("r-00001")
        [draft] = pane.detail.drafts
        assert draft.content == TEXT
        pane.new_followup()
        assert pane.editor.text.toPlainText() == TEXT
    finally:
        close_ctx(ctx)
