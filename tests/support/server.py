"""Fixtures: a real central server (uvicorn on a free 127.0.0.1 port) on SQLite and PostgreSQL.

`central` is module-scoped and parametrized over both backends, so every test module that uses
it runs twice, each time against a fresh database holding the small world below.
"""

from __future__ import annotations

import gzip
import json
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from central.auth import AuthPolicy
from central.db import open_database, upgrade
from central.demo_data import (
    DEMO_PASSWORD,
    DemoAgency,
    DemoCategory,
    DemoReference,
    DemoTemplate,
    DemoUser,
)
from central.embedded import EmbeddedServer
from central.seed import load_reference
from sync.wire import API_PREFIX
from tests.support.postgres import PgServer, postgres_server, require_or_skip

PASSWORD = DEMO_PASSWORD
AGENCY_A, AGENCY_B, AGENCY_C = "ag-dpupr", "ag-dinkes", "ag-dishub"

TEST_WORLD = DemoReference(
    agencies=(
        DemoAgency(AGENCY_A, "DPUPR", "Dinas Pekerjaan Umum", None),
        DemoAgency(AGENCY_B, "DINKES", "Dinas Kesehatan", None),
        DemoAgency(AGENCY_C, "DISHUB", "Dinas Perhubungan", None),
    ),
    users=(
        DemoUser("u-desk1", "desk1", "Rini Desk", ("desk",), AGENCY_A),
        DemoUser("u-officer1", "officer1", "Hendra Officer", ("officer",), AGENCY_A),
        DemoUser("u-officer1b", "officer1b", "Bayu Officer", ("officer",), AGENCY_A),
        DemoUser("u-supervisor1", "supervisor1", "Syafrizal Supervisor", ("supervisor",), AGENCY_A),
        DemoUser("u-supervisor1b", "supervisor1b", "Rahmat Supervisor", ("supervisor",), AGENCY_A),
        DemoUser("u-desk1b", "desk1b", "Sari Desk", ("desk",), AGENCY_A),
        DemoUser("u-officer2", "officer2", "Yuliana Officer", ("officer",), AGENCY_B),
        DemoUser("u-supervisor2", "supervisor2", "Fadhli Supervisor", ("supervisor",), AGENCY_B),
        DemoUser("u-desk2", "desk2", "Dewi Desk", ("desk",), AGENCY_B),
        DemoUser("u-locked", "lockme", "Throttle Target", ("officer",), AGENCY_C),
    ),
    categories=(
        DemoCategory("cat-infra", None, "Infrastruktur"),
        DemoCategory("cat-jalan", "cat-infra", "Jalan rusak"),
    ),
    templates=(DemoTemplate("TL-TERIMA", "Diterima", "Laporan diterima dan sedang diproses."),),
)


class Api:
    """A logged-in user talking to the server through httpx (real HTTP on loopback)."""

    def __init__(self, base_url: str, username: str, device_id: str | None = None) -> None:
        self.base_url = base_url
        self.username = username
        self.device_id = device_id or f"dev-{username}-{uuid.uuid4().hex[:6]}"
        self.http = httpx.Client(base_url=f"{base_url}{API_PREFIX}", timeout=30)
        tokens = self.login()
        self.user = tokens["user"]
        self.refresh_token: str = tokens["refresh_token"]
        self.http.headers["Authorization"] = f"Bearer {tokens['access_token']}"

    def login(self) -> dict[str, Any]:
        r = self.http.post(
            "/auth/login",
            json={"username": self.username, "password": PASSWORD, "device_id": self.device_id},
        )
        assert r.status_code == 200, r.text
        data: dict[str, Any] = r.json()
        return data

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.http.get(path, **kw)

    def post(self, path: str, **kw: Any) -> httpx.Response:
        return self.http.post(path, **kw)

    def push(self, *ops: dict[str, Any]) -> list[dict[str, Any]]:
        r = self.http.post("/sync/push", json={"device_id": self.device_id, "ops": list(ops)})
        assert r.status_code == 200, r.text
        results: list[dict[str, Any]] = r.json()["results"]
        return results

    def push_one(self, op: dict[str, Any]) -> dict[str, Any]:
        return self.push(op)[0]

    def pull_all(
        self, cursor: str | None = None, limit: int = 500
    ) -> tuple[list[dict[str, Any]], str]:
        """Every change after `cursor`, page by page; returns them and the last cursor."""
        changes: list[dict[str, Any]] = []
        while True:
            params: dict[str, Any] = {"limit": limit}
            if cursor:
                params["cursor"] = cursor
            r = self.http.get("/changes", params=params)
            assert r.status_code == 200, r.text
            page = r.json()
            changes.extend(page["changes"])
            cursor = page["next_cursor"]
            if not page["has_more"]:
                return changes, cursor

    def close(self) -> None:
        self.http.close()


_seq = iter(range(1, 10**9))


def op(
    type_: str, entity_id: str, payload: dict[str, Any], base_version: int = 0
) -> dict[str, Any]:
    return {
        "op_id": str(uuid.uuid4()),
        "seq": next(_seq),
        "type": type_,
        "entity_id": entity_id,
        "base_version": base_version,
        "payload": payload,
    }


def create_report_op(receipt: str | None = None, **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "receipt_number": receipt or f"DPUPR-20260105-{next(_seq) % 9999 + 1:04d}",
        "title": "Jalan berlubang di depan pasar",
        "content": "Lubang besar di jalan utama membahayakan pengendara motor.",
        "classification": "pengaduan",
        "category_id": "cat-jalan",
        "reporter": {"name": "Budi", "phone": "081234567890"},
        "location": {"region_code": "13.06.02.2001", "address": "Jl. Pasar"},
        "received_at": "2026-01-05T09:00:00+07:00",
    }
    payload.update(overrides)
    return op("report.create", str(uuid.uuid4()), payload)


def submit_op(
    report_id: str,
    followup_id: str | None = None,
    base_version: int = 0,
    content: str | None = None,
) -> dict[str, Any]:
    return op(
        "followup.submit",
        followup_id or str(uuid.uuid4()),
        {
            "report_id": report_id,
            "content": content or "Tim sudah meninjau lokasi dan akan menambal.",
        },
        base_version,
    )


@dataclass
class Central:
    base_url: str
    admin_token: str
    backend: str
    server: EmbeddedServer
    _clients: list[Api] = field(default_factory=list)

    def api(self, username: str, device_id: str | None = None) -> Api:
        client = Api(self.base_url, username, device_id)
        self._clients.append(client)
        return client

    def admin(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        r = httpx.request(
            method,
            f"{self.base_url}{API_PREFIX}/admin{path}",
            json=body,
            headers={"X-Admin-Token": self.admin_token},
            timeout=30,
        )
        assert r.status_code < 300, r.text
        return r.json()

    def citizen_report(self, **fields: Any) -> dict[str, Any]:
        body = {"title": "Lampu jalan padam", "content": "Lampu jalan di simpang padam seminggu."}
        body.update(fields)
        result: dict[str, Any] = self.admin("POST", "/reports", body)
        return result

    def disposed_report(self, agency: str = AGENCY_A, **fields: Any) -> dict[str, Any]:
        """A citizen report, verified and routed to `agency` (optionally to an assignee)."""
        assignee = fields.pop("assignee", None)
        report = self.citizen_report(**fields)
        routed: dict[str, Any] = self.admin(
            "POST", f"/reports/{report['id']}/dispose", {"agency": agency, "assignee": assignee}
        )
        return routed

    def close_clients(self) -> None:
        for client in self._clients:
            client.close()


def gzip_json(data: Any) -> bytes:
    return gzip.compress(json.dumps(data).encode())


def _start(db_url: str, data_dir: Path) -> EmbeddedServer:
    upgrade(db_url)
    db = open_database(db_url)
    try:
        with db.write() as session, session.begin():
            load_reference(session, TEST_WORLD)
    finally:
        db.dispose()
    # A short throttle window keeps the 429 test quick; the rule is the same.
    policy = AuthPolicy(max_failures=5, failure_window_seconds=300)
    server = EmbeddedServer(db_url, data_dir, admin_token="test-admin-token", auth=policy)
    server.start()
    return server


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer | str]:
    # Not under pytest's temp folder: that one is private to this user, and the server runs
    # as the `postgres` user when the tests run as root.
    base = Path(tempfile.mkdtemp(prefix="simpul-pg-"))
    try:
        yield from postgres_server(base)
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def central(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Central]:
    backend: str = request.param
    data_dir = tmp_path_factory.mktemp(f"central-{backend}")
    pg: PgServer | None = None
    if backend == "sqlite":
        db_url = f"sqlite:///{data_dir / 'central.db'}"
    else:
        found = request.getfixturevalue("pg_server")
        if isinstance(found, str):
            require_or_skip(found)
        pg = found
        db_url = pg.new_database()
    server = _start(db_url, data_dir)
    assert server.base_url is not None
    world = Central(server.base_url, server.admin_token, backend, server)
    try:
        yield world
    finally:
        world.close_clients()
        server.stop()
        if pg is not None:
            pg.drop_database(db_url)
