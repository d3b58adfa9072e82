"""The hub as two worker processes over one PostgreSQL and one shared data folder.

Two real `python -m central serve` processes on their own ports (as two machines behind a load
balancer would be), one database, one data folder. What one worker learns, the other must know:
the login throttle, an upload, an op's answer, injected faults, the database's epochs.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, func, select

from central.models import Followup, OpResultRow
from sync.wire import API_PREFIX
from tests.support.hub import HubProcess, seed_world
from tests.support.postgres import PgServer, require_or_skip
from tests.support.server import AGENCY_A, PASSWORD, Api, submit_op

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@dataclass
class TwoWorkers:
    a: HubProcess
    b: HubProcess
    db_url: str
    data_dir: Path

    def count(self, model: type[OpResultRow] | type[Followup], *where: object) -> int:
        engine = create_engine(self.db_url)
        try:
            with engine.connect() as conn:
                stmt = select(func.count()).select_from(model).where(*where)  # type: ignore[arg-type]
                return int(conn.execute(stmt).scalar_one())
        finally:
            engine.dispose()


@pytest.fixture(scope="module")
def workers(
    pg_server: PgServer | str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TwoWorkers]:
    if isinstance(pg_server, str):
        require_or_skip(pg_server)
    assert isinstance(pg_server, PgServer)
    db_url = pg_server.new_database()
    shared = tmp_path_factory.mktemp("hub-shared")  # the folder both "machines" mount
    seed_world(db_url)
    a = HubProcess(db_url, shared, name="worker-a").start()
    b = HubProcess(db_url, shared, name="worker-b").start()
    try:
        yield TwoWorkers(a, b, db_url, shared)
    finally:
        a.stop()
        b.stop()
        pg_server.drop_database(db_url)


def _login(url: str, username: str, password: str, device: str) -> httpx.Response:
    return httpx.post(
        f"{url}{API_PREFIX}/auth/login",
        json={"username": username, "password": password, "device_id": device},
        timeout=30,
    )


def test_bad_passwords_spread_over_workers_are_counted_together(workers: TwoWorkers) -> None:
    # Five free failures per username (AuthPolicy.max_failures), from devices it never used;
    # after them each attempt waits 1 s, 2 s, 4 s, ... after the last failure.
    answers = [
        _login(w.url, "lockme", "salah-sekali", f"dev-{i}").status_code
        for i, w in enumerate([workers.a, workers.b] * 6)
    ]
    assert answers[:5] == [401] * 5
    # Counted per worker, each would have seen at most six of the twelve and refused at most
    # one attempt; counted together, the waits grow faster than the requests come.
    assert answers.count(429) >= 4, answers
    locked = _login(workers.a.url, "lockme", PASSWORD, "dev-x")  # even the right password
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) >= 1


def test_bad_passwords_sent_at_once_to_both_workers_are_all_counted(
    workers: TwoWorkers,
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    urls = [workers.a.url, workers.b.url] * 6
    with ThreadPoolExecutor(max_workers=len(urls)) as pool:
        codes = list(
            pool.map(
                lambda iu: _login(iu[1], "desk2", "tebakan-salah", f"d-{iu[0]}").status_code,
                enumerate(urls),
            )
        )
    # Counted one after the other: the five free failures get through, then (unless a second
    # passed since the fifth) none; without the lock each would see a count below five.
    assert 5 <= codes.count(401) <= 6, codes
    assert codes.count(429) == len(urls) - codes.count(401)


def test_upload_through_one_worker_downloads_through_the_other(workers: TwoWorkers) -> None:
    data = os.urandom(200_000)
    sha = hashlib.sha256(data).hexdigest()
    up = Api(workers.a.url, "officer1")
    down = Api(workers.b.url, "officer1", device_id=up.device_id)
    try:
        created = up.post(
            "/uploads",
            json={"sha256": sha, "size": len(data), "filename": "f.jpg", "mime": "image/jpeg"},
        )
        assert created.status_code == 201, created.text
        upload_id = created.json()["upload_id"]
        # Chunks alternate between the workers, as a load balancer without stickiness sends them.
        offset = 0
        for i, start in enumerate(range(0, len(data), 64 * 1024)):
            via = up if i % 2 == 0 else down
            chunk = data[start : start + 64 * 1024]
            r = via.http.patch(
                f"/uploads/{upload_id}",
                content=chunk,
                headers={
                    "Upload-Offset": str(offset),
                    "Content-Type": "application/offset+octet-stream",
                    "Tus-Resumable": "1.0.0",
                },
            )
            assert r.status_code == 204, r.text
            offset = int(r.headers["Upload-Offset"])
        assert offset == len(data)
        got = down.get(f"/files/{sha}")
        assert got.status_code == 200 and got.content == data
        # A chunk replayed at a stale offset on the other worker is refused with the real one.
        again = up.http.head(f"/uploads/{upload_id}")
        assert again.status_code == 404  # finished: the upload is gone, the file is stored
    finally:
        up.close()
        down.close()


def test_same_op_through_both_workers_is_applied_once(workers: TwoWorkers) -> None:
    report = httpx.post(
        f"{workers.a.url}{API_PREFIX}/admin/reports",
        json={"title": "Lampu jalan padam", "content": "Lampu jalan di simpang padam seminggu."},
        headers={"X-Admin-Token": "hub-admin-token"},
        timeout=30,
    ).json()
    workers.b.admin("POST", f"/reports/{report['id']}/dispose", {"agency": AGENCY_A})
    via_a = Api(workers.a.url, "officer1")
    via_b = Api(workers.b.url, "officer1", device_id=via_a.device_id)
    try:
        op = submit_op(report["id"], str(uuid.uuid4()))
        first = via_a.push_one(op)
        second = via_b.push_one(op)  # the answer from A was "lost": the client asks B
        assert first["status"] == "applied" and second["status"] == "duplicate"
        assert workers.count(Followup, Followup.report_id == report["id"]) == 1
        assert workers.count(OpResultRow, OpResultRow.op_id == op["op_id"]) == 1
        # A mark from one worker is good on the other: no false "server restored".
        _, cursor = via_a.pull_all()
        r = via_b.get("/changes", params={"cursor": cursor})
        assert r.status_code == 200, r.text
    finally:
        via_a.close()
        via_b.close()


def test_a_restarted_worker_does_not_look_like_a_restore(workers: TwoWorkers) -> None:
    client = Api(workers.a.url, "officer1")
    try:
        mark = client.get("/health").json()["mark"]
        header = f"{mark['database_id']}.{mark['epoch']}.{mark['seq']}"
        workers.b.kill()
        workers.b.start()  # a new epoch on the shared database
        for w in (workers.a, workers.b):
            r = httpx.get(
                f"{w.url}{API_PREFIX}/changes",
                headers={
                    "Authorization": client.http.headers["Authorization"],
                    "X-Simpul-Mark": header,
                },
                timeout=30,
            )
            assert r.status_code == 200, r.text
    finally:
        client.close()


def test_faults_set_through_one_worker_hold_on_the_other(workers: TwoWorkers) -> None:
    workers.a.admin("PUT", "/faults", {"error_rate": 1.0})
    try:
        assert httpx.get(f"{workers.b.url}{API_PREFIX}/health", timeout=30).status_code == 503
    finally:
        workers.b.admin("PUT", "/faults", {})
    assert httpx.get(f"{workers.a.url}{API_PREFIX}/health", timeout=30).status_code == 200
    # "Commit, then drop the answer" counts down once across both workers.
    workers.a.admin("PUT", "/faults", {"drop_push_after_commit": 1})
    client = Api(workers.b.url, "officer1")
    try:
        report = workers.a.admin(
            "POST", "/reports", {"title": "Got", "content": "Selokan mampet di gang tiga."}
        )
        assert isinstance(report, dict)
        workers.a.admin("POST", f"/reports/{report['id']}/dispose", {"agency": AGENCY_A})
        ops = [submit_op(report["id"], str(uuid.uuid4()))]
        with pytest.raises(httpx.HTTPError):
            client.http.post("/sync/push", json={"device_id": client.device_id, "ops": ops})
        via_a = Api(workers.a.url, "officer1", device_id=client.device_id)
        try:
            assert via_a.push(*ops)[0]["status"] == "duplicate"  # committed, answer lost once
        finally:
            via_a.close()
        assert workers.a.admin("GET", "/faults") == {
            "latency_ms": 0,
            "error_rate": 0.0,
            "drop_rate": 0.0,
            "drop_push_after_commit": 0,
            "seed": None,
        }
    finally:
        client.close()
        workers.a.admin("PUT", "/faults", {})
