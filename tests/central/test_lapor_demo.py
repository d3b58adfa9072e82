"""The demo's hub + bridge + emulator: what a user does in the app reaches LAPOR!, and back."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from central.embedded import EmbeddedServer
from central.lapor.demo import DEMO_COMPLAINTS, DemoLapor
from tests.support.lapor import CREDENTIALS, Emulator, emulator
from tests.support.server import Api, op, submit_op

__all__ = ["emulator"]


def _until(check: Callable[[], Any], seconds: float = 30) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        found = check()
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def _lapor_reports(api: Api) -> dict[str, dict[str, Any]]:
    changes, _ = api.pull_all()
    return {
        c["data"]["lapor"]["tracking_id"]: c["data"]
        for c in changes
        if c["kind"] == "report" and c["op"] == "upsert" and c["data"].get("lapor")
    }


def test_the_demo_relays_an_approved_followup_and_brings_new_complaints(tmp_path: Path) -> None:
    data = tmp_path / "central"
    server = EmbeddedServer(f"sqlite:///{data / 'central.db'}", data, demo=True, reports=20)
    server.start()
    lapor = DemoLapor(f"sqlite:///{data / 'central.db'}", data, interval=0.5)
    emulator_url = lapor.start()
    officer = Api(str(server.base_url), "officer1")
    supervisor = Api(str(server.base_url), "supervisor1")
    try:
        waiting = _lapor_reports(officer)
        dpupr = [t for t, _c, i in DEMO_COMPLAINTS if i == "2101"]
        assert sorted(r["title"] for r in waiting.values()) == sorted(dpupr)
        complaint_id, report = next(iter(waiting.items()))
        text = "Tim DPUPR sudah menimbun badan jalan dan memasang rambu peringatan."
        submitted = officer.push_one(submit_op(report["id"], content=text))
        entity = submitted["entity"]
        approved = supervisor.push_one(op("followup.approve", entity["id"], {}, entity["version"]))
        assert approved["status"] == "applied", approved

        def on_lapor() -> list[str]:
            full = httpx.get(f"{emulator_url}/_emulator/complaints/{complaint_id}").json()
            return [f["content"] for f in full["followups"]]

        assert _until(on_lapor) == [text]
        created = httpx.post(
            f"{emulator_url}/_emulator/complaints",
            json={
                "title": "Lampu jalan padam di Simpang Gudang",
                "content": "Lampu jalan padam sejak dua minggu, rawan kecelakaan malam hari.",
                "disposition_id": "2101",
            },
        ).json()["complaint_id"]
        arrived = _until(lambda: _lapor_reports(officer).get(str(created)))
        assert arrived and arrived["title"] == "Lampu jalan padam di Simpang Gudang"
    finally:
        officer.close()
        supervisor.close()
        lapor.stop()
        server.stop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_can_run_the_bridge_inside(tmp_path: Path, emulator: Emulator) -> None:
    complaint_id = emulator.complaint(title="Longsor kecil menutup jalan ke Nagari Tiku")
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "LAPOR_GATEWAY_KEY": CREDENTIALS.gateway_key,
        "LAPOR_ACCOUNT_TOKEN": CREDENTIALS.account_token,
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "central",
            "serve",
            "--demo",
            "--reports",
            "5",
            "--port",
            str(port),
            "--data-dir",
            str(tmp_path),
            "--admin-token",
            "tok",
            "--log-level",
            "warning",
            "--lapor-bridge",
            emulator.base_url,
            "--lapor-interval",
            "0.5",
        ],
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"

        def ready() -> bool:
            try:
                return httpx.get(f"{base}/api/v1/health").status_code == 200
            except httpx.TransportError:
                return False

        assert _until(ready, 60)
        officer = Api(base, "officer1")
        try:
            arrived = _until(lambda: _lapor_reports(officer).get(complaint_id))
            assert arrived and arrived["title"] == "Longsor kecil menutup jalan ke Nagari Tiku"
        finally:
            officer.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
