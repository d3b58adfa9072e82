"""Fixtures of the SP4N-LAPOR! bridge tests: a real hub, the emulator, and a bridge between.

The hub is a real central server on loopback (SQLite, the small test world); the emulator is
the real `lapor-emulator` app on loopback; the bridge runs in the test's process against the
hub's database file, as `python -m central bridge` would beside `serve`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from central.db import Database, open_database, upgrade
from central.embedded import EmbeddedServer
from central.lapor.bridge import Bridge, BridgeConfig
from central.lapor.emulator import (
    DEFAULT_ACCOUNT_TOKEN,
    DEFAULT_GATEWAY_KEY,
    EmulatorConfig,
    EmulatorServer,
)
from central.lapor.mapping import Mapping, parse_mapping
from central.lapor.models import LaporOutbox
from central.lapor.secrets import Credentials
from central.seed import load_reference
from tests.support.child import child_env
from tests.support.postgres import PgServer, require_or_skip
from tests.support.server import (
    AGENCY_A,
    AGENCY_B,
    AGENCY_C,
    TEST_WORLD,
    Api,
    create_report_op,
    op,
    submit_op,
)

CREDENTIALS = Credentials(gateway_key=DEFAULT_GATEWAY_KEY, account_token=DEFAULT_ACCOUNT_TOKEN)
INSTITUTION_A, INSTITUTION_B, INSTITUTION_C = "2101", "2102", "2105"

TEST_MAPPING: dict[str, Any] = {
    "user_id": "9001",
    "agencies": {AGENCY_A: INSTITUTION_A, AGENCY_B: INSTITUTION_B},
    "external_agencies": {AGENCY_C: INSTITUTION_C},
    "followup_to_institution": "1",
    "channels": {"web": 1, "walk_in": 13},
    "classifications": {"pengaduan": 6, "aspirasi": 7, "permintaan_informasi": 8},
    "categories": {"cat-jalan": 101},
    "default_category_id": 100,
    "default_location_id": 1306,
    "statuses": {
        "Belum Terverifikasi": "belum_terverifikasi",
        "Terverifikasi": "terverifikasi",
        "Dalam Proses": "dalam_proses",
        "Selesai": "selesai",
        "Diarsipkan": "diarsipkan",
        "Ditolak": "ditolak",
    },
}


def bridge_mapping(**overrides: Any) -> Mapping:
    return parse_mapping({**TEST_MAPPING, **overrides})


class Clock:
    """The bridge's clock in tests: real time plus an offset the test moves forward."""

    def __init__(self) -> None:
        self.offset = dt.timedelta()

    def __call__(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += dt.timedelta(seconds=seconds)


@dataclass
class Emulator:
    server: EmulatorServer
    base_url: str
    http: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.http = httpx.Client(base_url=self.base_url, timeout=30)

    def control(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        r = self.http.request(method, f"/_emulator{path}", json=body)
        assert r.status_code < 300, r.text
        return r.json()

    def complaint(self, disposition_id: str | None = INSTITUTION_A, **fields: Any) -> str:
        body = {
            "title": "Jalan berlubang di Jorong Koto",
            "content": "Lubang besar di jalan kabupaten membahayakan pengendara.",
            "disposition_id": disposition_id,
            **fields,
        }
        return str(self.control("POST", "/complaints", body)["complaint_id"])

    def faults(self, *rules: dict[str, Any], **settings: Any) -> None:
        self.control("PUT", "/faults", {"rules": list(rules), **settings})

    def full(self, complaint_id: str) -> dict[str, Any]:
        result: dict[str, Any] = self.control("GET", f"/complaints/{complaint_id}")
        return result

    def followup_contents(self, complaint_id: str) -> list[str]:
        return [f["content"] for f in self.full(complaint_id)["followups"] if not f["is_reporter"]]


@dataclass
class Hub:
    server: EmbeddedServer
    base_url: str
    db: Database
    data_dir: Path
    clients: list[Api] = field(default_factory=list)

    def api(self, username: str) -> Api:
        client = Api(self.base_url, username)
        self.clients.append(client)
        return client

    def admin(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        r = httpx.request(
            method,
            f"{self.base_url}/api/v1/admin{path}",
            json=body,
            headers={"X-Admin-Token": self.server.admin_token},
            timeout=30,
        )
        assert r.status_code < 300, r.text
        return r.json()


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    server = EmulatorServer(EmulatorConfig())
    base_url = server.start()
    emu = Emulator(server, base_url)
    try:
        yield emu
    finally:
        emu.http.close()
        server.stop()


def _serve_hub(db_url: str, data_dir: Path) -> Iterator[Hub]:
    upgrade(db_url)
    db = open_database(db_url)
    with db.write() as session, session.begin():
        load_reference(session, TEST_WORLD)
    server = EmbeddedServer(db_url, data_dir, admin_token="test-admin-token")
    base_url = server.start()
    found = Hub(server, base_url, db, data_dir)
    try:
        yield found
    finally:
        for client in found.clients:
            client.close()
        server.stop()
        db.dispose()


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[Hub]:
    data_dir = tmp_path / "hub"
    yield from _serve_hub(f"sqlite:///{data_dir / 'central.db'}", data_dir)


@pytest.fixture
def pg_hub(tmp_path: Path, pg_server: PgServer | str) -> Iterator[Hub]:
    if isinstance(pg_server, str):
        require_or_skip(pg_server)
        return
    url = pg_server.new_database()
    try:
        yield from _serve_hub(url, tmp_path / "hub")
    finally:
        pg_server.drop_database(url)


def make_bridge(
    hub: Hub,
    emulator: Emulator,
    clock: Clock | None = None,
    *,
    mapping: Mapping | None = None,
    credentials: Credentials = CREDENTIALS,
    base_url: str | None = None,
    **options: Any,
) -> Bridge:
    settings: dict[str, Any] = {"readback_delay": 0.0, "poll_interval": 0.0, "timeout": 10.0}
    settings.update(options)
    config = BridgeConfig(
        base_url=base_url or emulator.base_url,
        mapping=mapping or bridge_mapping(),
        data_dir=hub.data_dir,
        **settings,
    )
    return Bridge(hub.db, config, credentials, now=clock or Clock())


def approved_followup(hub: Hub, report_id: str, content: str, **payload: Any) -> dict[str, Any]:
    """officer1 writes a follow-up on the report, supervisor1 approves it (over HTTP)."""
    officer = hub.api("officer1")
    submitted = officer.push_one(submit_op(report_id, content=content))
    assert submitted["status"] == "applied", submitted
    if payload:
        raise AssertionError("use submit_with_attachments for attachments")
    entity = submitted["entity"]
    approved = hub.api("supervisor1").push_one(
        op("followup.approve", entity["id"], {}, entity["version"])
    )
    assert approved["status"] == "applied", approved
    result: dict[str, Any] = approved["entity"]
    return result


def pulled_report(hub: Hub, emulator: Emulator, **fields: object) -> tuple[str, str]:
    """A new complaint disposed to agency A on LAPOR!, pulled into the hub by one bridge cycle:
    (its LAPOR! tracking id, the hub's report id)."""
    complaint_id = emulator.complaint(**fields)  # type: ignore[arg-type]
    summary = make_bridge(hub, emulator).cycle()
    assert summary.pull.created == 1, summary
    reports = [
        r
        for r in feed(hub.api("officer1"), "report").values()
        if (r.get("lapor") or {}).get("tracking_id") == complaint_id
    ]
    assert len(reports) == 1
    return complaint_id, reports[0]["id"]


def request_handoff(hub: Hub, report_id: str, agency_id: str, reason: str) -> dict[str, Any]:
    """officer1 asks (over HTTP) to hand the report to `agency_id`; the applied answer."""
    officer = hub.api("officer1")
    version = feed(officer, "report")[report_id]["version"]
    body = {"target_agency_id": agency_id, "reason": reason}
    asked = officer.push_one(op("report.handoff_request", report_id, body, version))
    assert asked["status"] == "applied", asked
    return asked


def lapor_outbox(hub: Hub) -> list[LaporOutbox]:
    """The bridge's outbox rows, oldest first."""
    with hub.db.read() as session:
        return list(session.scalars(select(LaporOutbox).order_by(LaporOutbox.id)))


def bridge_command(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m central bridge ARGS --data-dir DATA_DIR` in a child, with test credentials
    in its environment; the finished process (never raises on its exit code)."""
    return subprocess.run(
        [sys.executable, "-m", "central", "bridge", *args, "--data-dir", str(data_dir)],
        env=child_env(LAPOR_GATEWAY_KEY="k", LAPOR_ACCOUNT_TOKEN="t"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def walk_in(hub: Hub, evidence_size: int = 2000) -> str:
    """desk1 records a walk-in complaint with a scan as evidence (over HTTP); its report id."""
    desk = hub.api("desk1")
    evidence = upload(desk, os.urandom(evidence_size), "surat.jpg")
    created = desk.push_one(
        create_report_op(
            title="Saluran air tersumbat di Nagari Lubuk Basung",
            content="Saluran air di depan sekolah tersumbat sampah sejak seminggu lalu.",
            attachments=[evidence],
        )
    )
    assert created["status"] == "applied", created
    report_id: str = created["entity"]["id"]
    return report_id


def sent(tracking_id: str | None) -> dict[str, Any]:
    """The wire's `lapor` of an entity on LAPOR!."""
    return {"state": "sent", "tracking_id": tracking_id, "reason": None, "message": None}


def feed(api: Api, kind: str) -> dict[str, dict[str, Any]]:
    """The newest of each entity of `kind` the user's feed carries, by id."""
    changes, _cursor = api.pull_all()
    return {c["id"]: c["data"] for c in changes if c["kind"] == kind and c["op"] == "upsert"}


def upload(api: Api, data: bytes, filename: str = "foto.jpg") -> dict[str, Any]:
    sha = hashlib.sha256(data).hexdigest()
    body = {"sha256": sha, "size": len(data), "filename": filename, "mime": "image/jpeg"}
    r = api.post("/uploads", json=body)
    assert r.status_code in (200, 201), r.text
    created = r.json()
    if not created["complete"]:
        r = api.http.patch(
            f"/uploads/{created['upload_id']}",
            content=data,
            headers={"Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"},
        )
        assert r.status_code == 204, r.text
    return {"sha256": sha, "filename": filename, "mime": "image/jpeg", "size": len(data)}
