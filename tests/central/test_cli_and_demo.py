"""The command line, the demo world loader, and migrations matching the models."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from central.cli import build_parser, main
from central.db import open_database, upgrade
from central.demo_data import DEMO_PASSWORD
from central.embedded import EmbeddedServer
from central.models import Base
from tests.support.postgres import PgServer, require_or_skip

ROOT = Path(__file__).resolve().parents[2]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    main(list(argv))
    return capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["serve"],
        ["seed"],
        ["migrate"],
        ["faults"],
        ["world"],
        ["world", "dispose"],
        ["world", "clock"],
        ["world", "decide"],
    ],
)
def test_every_command_documents_itself(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        build_parser().parse_args([*argv, "--help"])
    assert done.value.code == 0
    assert "usage: python -m central" in capsys.readouterr().out


def test_seed_and_world_commands_work_on_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    where = ["--data-dir", str(tmp_path)]
    assert "reports loaded: 40" in _run(capsys, "seed", "--demo", "--reports", "40", *where)
    assert "reports loaded: 0" in _run(capsys, "seed", "--demo", "--reports", "40", *where)
    made = json.loads(
        _run(
            capsys,
            "world",
            "report",
            "--title",
            "Sampah menumpuk",
            "--content",
            "Sampah di pasar tidak diangkut seminggu.",
            *where,
        )
    )
    assert made["status"] == "belum_terverifikasi"
    routed = json.loads(
        _run(
            capsys,
            "world",
            "dispose",
            made["tracking_id"],
            "DPUPR",
            "--assignee",
            "officer1",
            *where,
        )
    )
    assert routed["status"] == "terverifikasi"
    moved = json.loads(_run(capsys, "world", "redispose", made["id"], "DINKES", *where))
    assert moved["disposed_agency_id"] != routed["disposed_agency_id"]
    rejected = json.loads(_run(capsys, "world", "reject", made["id"], "--note", "Ganda", *where))
    assert rejected["status"] == "ditolak"
    before = dt.datetime.fromisoformat(json.loads(_run(capsys, "world", "clock", *where))["now"])
    clock = json.loads(_run(capsys, "world", "clock", "--advance-days", "3", *where))
    moved_by = dt.datetime.fromisoformat(clock["now"]) - before
    assert dt.timedelta(days=3) <= moved_by < dt.timedelta(days=3, minutes=5)
    with pytest.raises(SystemExit, match="Ditolak"):
        main(["world", "reply", "no-such-report", "--message", "halo", *where])


def test_the_kabupaten_is_a_setting_of_the_hub(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    where = ["--data-dir", str(tmp_path)]
    _run(capsys, "seed", "--demo", "--reports", "0", *where)
    settings = json.loads(_run(capsys, "world", "settings", *where))
    assert settings["regency_code"] == "13.06"  # the demo's Kabupaten Agam
    moved = json.loads(_run(capsys, "world", "settings", "--regency-code", "1371", *where))
    assert moved["regency_code"] == "13.71"
    for wrong in ("13.00", "13.71.01"):
        with pytest.raises(SystemExit, match="Ditolak"):
            main(["world", "settings", "--regency-code", wrong, *where])
    unset = json.loads(_run(capsys, "world", "settings", "--regency-code", "", *where))
    assert unset["regency_code"] is None


def test_demo_world_serves_its_users(tmp_path: Path) -> None:
    server = EmbeddedServer(f"sqlite:///{tmp_path / 'demo.db'}", tmp_path, demo=True, reports=120)
    base = server.start()
    try:
        with httpx.Client(base_url=f"{base}/api/v1", timeout=30) as http:
            tokens = http.post(
                "/auth/login",
                json={"username": "officer1", "password": DEMO_PASSWORD, "device_id": "d"},
            ).json()
            http.headers["Authorization"] = f"Bearer {tokens['access_token']}"
            page = http.get("/changes", params={"limit": 500}).json()
            mine = [c for c in page["changes"] if c["op"] == "upsert" and c["kind"] == "report"]
            assert mine, "the demo officer has reports to work on"
            assert all(
                c["data"]["disposition"]["agency_id"] == tokens["user"]["agency"]["id"]
                for c in mine
            )
    finally:
        server.stop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_prints_what_a_user_needs_and_serves(tmp_path: Path) -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "central",
            "serve",
            "--demo",
            "--reports",
            "20",
            "--port",
            str(port),
            "--data-dir",
            str(tmp_path),
            "--admin-token",
            "tok",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(4)]
        assert f"http://127.0.0.1:{port}/api/v1" in lines[0]
        assert "tok" in lines[2]
        assert "password: simpul-demo" in lines[3]
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/v1/health")
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.05)
        assert r.json()["service"] == "simpul-central"
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def _assert_matches_models(url: str) -> None:
    upgrade(url)
    upgrade(url)  # a second run is a no-op
    db = open_database(url)
    try:
        with db.write_engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        db.dispose()
    assert diff == []


def test_migrated_sqlite_database_equals_the_models(tmp_path: Path) -> None:
    _assert_matches_models(f"sqlite:///{tmp_path / 'm.db'}")


@pytest.mark.postgres
def test_migrated_postgres_database_equals_the_models(pg_server: PgServer | str) -> None:
    if isinstance(pg_server, str):
        require_or_skip(pg_server)
        return
    url = pg_server.new_database()
    try:
        _assert_matches_models(url)
    finally:
        pg_server.drop_database(url)
