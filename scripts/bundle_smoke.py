"""Runs the built bundle (dist/simpul) the way an office would, offscreen, and fails on anything
wrong. Called by .ci/run after scripts/build-bundle.sh; usable by hand:

    python scripts/bundle_smoke.py [dist/simpul/simpul]

Steps (each prints PASS or FAIL; the exit code is the number of failures):
  --help and --version      the executable starts, parses its arguments, knows its version
  --demo                    in-process demo server, main window, one sync cycle (desktop/smoke.py
                            checks migrations, holiday data and the receipt PDF in the running app)
  --demo --lang en          the same, in English (the translation file is in the bundle)
  --demo-user supervisor1, desk1   the pages only those roles get (approval, dashboard, intake)
  office mode               a central server started on loopback from this checkout's venv, the
                            bundle logs in to it through its login dialog and syncs once
Each run gets its own HOME and XDG folders, so nothing of the machine's user is read or written.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_S = 180


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "SIMPUL_"))}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_STATE_HOME=str(home / "state"),
        QT_QPA_PLATFORM="offscreen",
        **extra,
    )
    return env


def run_app(exe: Path, args: list[str], work: Path, **extra: str) -> dict[str, object]:
    """One run of the bundle with the start-up self-check on; what it saw, as a dict."""
    work.mkdir(parents=True, exist_ok=True)
    out = work / "smoke.json"
    env = _env(work / "home", SIMPUL_SMOKE=str(out), SIMPUL_SMOKE_TIMEOUT="120", **extra)
    try:
        proc = subprocess.run(
            [str(exe), *args], env=env, capture_output=True, text=True, timeout=TIMEOUT_S
        )
    except subprocess.TimeoutExpired as exc:
        saw = out.read_text("utf-8") if out.exists() else "nothing (the self-check never ended)"
        raise AssertionError(f"still running after {TIMEOUT_S} s; saw {saw}") from exc
    seen: dict[str, object] = json.loads(out.read_text("utf-8")) if out.exists() else {}
    if proc.returncode != 0 or not seen.get("ok"):
        tail = (proc.stdout + proc.stderr)[-3000:]
        raise AssertionError(f"exit {proc.returncode}; saw {json.dumps(seen)}\n{tail}")
    return seen


def check_help(exe: Path, work: Path) -> str:
    env = _env(work / "home")
    helped = subprocess.run(
        [str(exe), "--help"], env=env, capture_output=True, text=True, timeout=60
    )
    assert helped.returncode == 0 and "--demo" in helped.stdout, helped.stdout + helped.stderr
    version = subprocess.run(
        [str(exe), "--version"], env=env, capture_output=True, text=True, timeout=60
    )
    assert version.returncode == 0 and version.stdout.startswith("Simpul "), version.stdout
    return version.stdout.strip()


def check_demo(exe: Path, work: Path) -> str:
    seen = run_app(exe, ["--demo"], work)
    assert seen["translated_menu"] == "&Berkas", seen
    assert f"versi {seen['version']}" in str(seen["about"]), seen  # Bantuan › Tentang
    return _summary(seen)


def check_demo_english(exe: Path, work: Path) -> str:
    seen = run_app(exe, ["--demo", "--lang", "en"], work)
    assert seen["translated_menu"] == "&File", seen  # resources/translations/simpul_en.qm
    return _summary(seen)


def check_other_roles(exe: Path, work: Path) -> str:
    """The pages only a supervisor (approval, dashboard) or the desk (intake) gets."""
    seen = [run_app(exe, ["--demo", "--demo-user", user], work / user) for user in _OTHER_USERS]
    return "; ".join(f"{u}: sync={s.get('sync')}" for u, s in zip(_OTHER_USERS, seen, strict=True))


_OTHER_USERS = ("supervisor1", "desk1")


def check_office(exe: Path, work: Path) -> str:
    port = _free_port()
    data = work / "central"
    server = subprocess.Popen(
        [sys.executable, "-m", "central", "serve", "--demo", "--reports", "60",
         "--data-dir", str(data), "--port", str(port), "--log-level", "warning"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_for(url + "/api/v1/health", server)
        seen = run_app(
            exe,
            ["--server", url, "--profile", "smoke-office"],
            work,
            SIMPUL_SMOKE_USER="officer1",
            SIMPUL_SMOKE_PASSWORD="simpul-demo",
        )
        # Entry points are not scanned in a frozen build: it must find the backend the venv finds.
        venv_keyring = _venv_keyring(work)
        assert seen["keyring"] == venv_keyring, (seen["keyring"], venv_keyring)
        return _summary(seen) + f", keyring={seen['keyring']}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _venv_keyring(work: Path) -> str:
    code = "import keyring; k = type(keyring.get_keyring()); print(f'{k.__module__}.{k.__name__}')"
    env = _env(work / "home")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    return out.stdout.strip()


def _summary(seen: dict[str, object]) -> str:
    keys = ("window_shown_s", "sync", "profile_revision", "holidays", "receipt", "dialogs")
    return ", ".join(f"{k}={seen.get(k)}" for k in keys)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(url: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(
                f"central server exited: {server.stderr.read() if server.stderr else ''}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("central server did not answer within 60 s")


STEPS: list[tuple[str, Callable[[Path, Path], str]]] = [
    ("--help / --version", check_help),
    ("--demo", check_demo),
    ("--demo --lang en", check_demo_english),
    ("--demo as supervisor1 and desk1 (every page of the registry)", check_other_roles),
    ("office mode against a loopback central server", check_office),
]


def main(argv: list[str]) -> int:
    exe = Path(argv[0]) if argv else ROOT / "dist" / "simpul" / "simpul"
    if not exe.exists():
        print(f"no bundle at {exe}: run scripts/build-bundle.sh first", file=sys.stderr)
        return 1
    failures = 0
    for name, step in STEPS:
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="simpul-smoke-") as tmp:
            try:
                detail = step(exe, Path(tmp))
            except Exception as exc:
                failures += 1
                print(f"FAIL {name} ({time.monotonic() - started:.1f} s): {exc}", flush=True)
                continue
        print(f"PASS {name} ({time.monotonic() - started:.1f} s): {detail}", flush=True)
    return failures


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
