"""What an installed app must survive, checked by running it as a separate process, the way the
bundle runs: the windowed build's missing console, a module missing from the install, a receipt
printed on a PC without the usual fonts. Each run goes through `desktop.__main__.main` with the
start-up self-check (desktop/smoke.py) watching from outside and writing what it saw."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.child import child_env

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def run_app(tmp_path: Path, prelude: str, args: list[str]) -> tuple[int, dict[str, Any], str]:
    """`prelude` runs first in the child (e.g. take the console streams away), then main()."""
    out = tmp_path / "smoke.json"
    home = tmp_path / "home"
    env = child_env(
        {k: v for k, v in os.environ.items() if not k.startswith("SIMPUL_")},
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        SIMPUL_SMOKE=str(out),
        SIMPUL_SMOKE_TIMEOUT="90",
    )
    code = f"import sys\n{prelude}\nfrom desktop.__main__ import main\nraise SystemExit(main({args!r}))"
    proc = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=150
    )
    seen = json.loads(out.read_text("utf-8")) if out.exists() else {}
    return proc.returncode, seen, proc.stdout + proc.stderr


NO_CONSOLE = "sys.stdout = None\nsys.stderr = None"


def test_the_windowed_build_starts_without_console_streams(tmp_path: Path) -> None:
    """pythonw / console=False: sys.stdout and sys.stderr are None. The demo's in-process server
    sets up its logging, the window shows and a sync cycle completes."""
    code, seen, output = run_app(tmp_path, NO_CONSOLE, ["--demo"])
    assert code == 0, (seen, output[-2000:])
    assert seen["ok"] and seen["sync"]["state"] == "ok"


def test_version_without_a_console_does_not_fail(tmp_path: Path) -> None:
    code, _seen, output = run_app(tmp_path, NO_CONSOLE, ["--version"])
    assert code == 0, output


def _missing(module: str) -> str:
    # Stands for a module PyInstaller did not collect: importing it raises ImportError.
    return f"sys.modules[{module!r}] = None"


@pytest.mark.parametrize("module", ["ui.conflicts.panel", "ui.intake.panel"])
def test_a_missing_page_is_a_crash_report_naming_the_module(tmp_path: Path, module: str) -> None:
    code, seen, output = run_app(tmp_path, _missing(module), ["--demo", "--demo-user", "desk1"])
    assert code != 0, output
    assert "window_shown_s" not in seen  # no window with a hole in it
    report = seen["crash_report"]
    assert f"module {module} cannot be imported" in report
    assert f"app: Simpul {seen['version']}" in report


def test_a_missing_sync_engine_is_a_crash_report_not_an_offline_app(tmp_path: Path) -> None:
    code, seen, output = run_app(tmp_path, _missing("sync.runner"), ["--demo"])
    assert code != 0, output
    assert "module sync.runner cannot be imported" in seen["crash_report"]


def test_the_receipt_prints_on_a_pc_without_the_usual_fonts(tmp_path: Path) -> None:
    """No system font at all (an empty fontconfig): the receipt still has its text, in the
    embedded font, as it would on a Windows PC that has no "Sans Serif"."""
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><fontconfig><cachedir>cache</cachedir></fontconfig>')
    pdf = tmp_path / "receipt.pdf"
    code = (
        "import datetime as dt, sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from ui.intake.receipt import ReceiptData, save_receipt_pdf\n"
        "app = QApplication([])\n"
        "data = ReceiptData(('DPUPR',), 'TT-1', dt.datetime(2026, 3, 2, 9, 30), 'pengaduan',\n"
        "    'Jalan rusak', None, True, 'Petugas', 3, dt.date(2026, 3, 5), 5)\n"
        f"save_receipt_pdf(data, Path({str(pdf)!r}))\n"
    )
    env = child_env(QT_QPA_PLATFORM="offscreen", FONTCONFIG_FILE=str(conf))
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60, cwd=tmp_path)
    body = pdf.read_bytes()
    assert b"DejaVuSans" in body  # the embedded font, subset into the PDF
    assert b"DejaVuSans-Bold" in body  # the labels' bold face
