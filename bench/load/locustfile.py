"""Many office PCs at once against the hub's worker processes (run by bench/load/run.py).

Each simulated PC logs in with a device id of its own, then, in a loop with a short pause:
pulls the change feed from its cursor, pushes follow-ups with op ids (a push whose answer did
not arrive is sent again with the SAME op ids, as the real client does), and uploads a photo in
64 KiB chunks, then downloads it. Requests go to any of the hub's workers at random (no
stickiness, as a plain load balancer would spread them): a PATCH of one upload may reach
another worker than the one before it.

Every op the hub acknowledged and every upload it finished is written to the ledger
(SIMPUL_LOAD_LEDGER, one JSON line each), which the runner checks against the database.

Environment: SIMPUL_LOAD_HOSTS (comma-separated base URLs), SIMPUL_LOAD_LEDGER (a file path),
SIMPUL_LOAD_USERS (comma-separated username:agency pairs), SIMPUL_LOAD_PASSWORD.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import threading
import uuid
from typing import Any

from locust import HttpUser, between, events, task

API = "/api/v1"
HOSTS = [h for h in os.environ.get("SIMPUL_LOAD_HOSTS", "").split(",") if h]
LEDGER = os.environ.get("SIMPUL_LOAD_LEDGER", "load-ledger.jsonl")
USERS = [u.split(":") for u in os.environ.get("SIMPUL_LOAD_USERS", "officer1:a").split(",")]
PASSWORD = os.environ.get("SIMPUL_LOAD_PASSWORD", "")
CHUNK = 64 * 1024
OPEN = ("terverifikasi", "dalam_proses")  # report states that take a follow-up
_ledger_lock = threading.Lock()
_seq = iter(range(1, 10**9))


def _record(entry: dict[str, Any]) -> None:
    with _ledger_lock, open(LEDGER, "a", encoding="utf-8") as f:
        f.write(json.dumps(entry) + "\n")


@events.test_start.add_listener
def _fresh_ledger(**_kw: Any) -> None:
    open(LEDGER, "w").close()


class OfficePc(HttpUser):
    wait_time = between(0.5, 2.0)
    host = HOSTS[0] if HOSTS else "http://127.0.0.1:8765"

    def on_start(self) -> None:
        self.rng = random.Random()
        self.username, _agency = USERS[next(_seq) % len(USERS)]
        self.device_id = f"load-{uuid.uuid4().hex[:12]}"
        self.cursor: str | None = None
        self.reports: list[str] = []
        self.unanswered: list[dict[str, Any]] | None = None  # ops whose answer was lost
        r = self._post(
            "/auth/login",
            "login",
            json={"username": self.username, "password": PASSWORD, "device_id": self.device_id},
        )
        self.token = r.json()["access_token"] if r.status_code == 200 else ""
        while self.pull():  # the first full pull, as a PC that just logged in
            pass

    # --- plumbing ----------------------------------------------------------------------------

    def _url(self, path: str) -> str:
        return f"{self.rng.choice(HOSTS) if HOSTS else self.host}{API}{path}"

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {getattr(self, 'token', '')}"}
        headers["X-Device-ID"] = self.device_id
        return {**headers, **(extra or {})}

    def _post(self, path: str, name: str, **kw: Any) -> Any:
        return self.client.post(self._url(path), name=name, headers=self._headers(), **kw)

    # --- what a PC does ----------------------------------------------------------------------

    @task(5)
    def pull_task(self) -> None:
        self.pull()

    def pull(self) -> bool:
        """One page of the change feed; True while more pages wait."""
        params: dict[str, Any] = {"limit": 200}
        if self.cursor:
            params["cursor"] = self.cursor
        with self.client.get(
            self._url("/changes"),
            params=params,
            headers=self._headers(),
            name="pull",
            catch_response=True,
        ) as r:
            if r.status_code != 200:
                code = r.json().get("code") if r.content.startswith(b"{") else ""
                r.failure(f"pull answered {r.status_code} {code}")
                return False
            page = r.json()
        for change in page["changes"]:
            data = change.get("data") or {}
            open_report = change["kind"] == "report" and data.get("status") in OPEN
            if open_report and change["op"] == "upsert" and change["id"] not in self.reports:
                self.reports.append(change["id"])
        self.cursor = page["next_cursor"]
        return bool(page["has_more"])

    @task(3)
    def push(self) -> None:
        """Follow-ups with op ids; a lost answer is answered by sending the same ops again."""
        if not self.reports and self.unanswered is None:
            return
        ops = self.unanswered or [
            {
                "op_id": str(uuid.uuid4()),
                "seq": next(_seq),
                "type": "followup.submit",
                "entity_id": str(uuid.uuid4()),
                "base_version": 0,
                "payload": {
                    "report_id": self.rng.choice(self.reports),
                    "content": "Petugas sudah meninjau lokasi; perbaikan dijadwalkan.",
                },
            }
            for _ in range(self.rng.randint(1, 3))
        ]
        self.unanswered = ops
        with self.client.post(
            self._url("/sync/push"),
            json={"device_id": self.device_id, "ops": ops},
            headers=self._headers(),
            name="push",
            catch_response=True,
        ) as r:
            if r.status_code != 200:
                r.failure(f"push answered {r.status_code}")
                return  # sent again, unchanged, next time
            results = r.json()["results"]
            bad = [x for x in results if x["status"] not in ("applied", "duplicate")]
            for result, op in zip(results, ops, strict=True):
                if result["status"] in ("applied", "duplicate"):
                    _record(
                        {
                            "kind": "op",
                            "device_id": self.device_id,
                            "op_id": op["op_id"],
                            "followup_id": op["entity_id"],
                            "status": result["status"],
                        }
                    )
            self.unanswered = None
            if bad:
                r.failure(f"ops not applied: {[x['status'] for x in bad]}")

    @task(1)
    def upload(self) -> None:
        """A photo in 64 KiB chunks, each to any worker; then read back from any worker."""
        data = self.rng.randbytes(self.rng.randint(100_000, 400_000))
        sha = hashlib.sha256(data).hexdigest()
        r = self._post(
            "/uploads",
            "upload: create",
            json={"sha256": sha, "size": len(data), "filename": "foto.jpg", "mime": "image/jpeg"},
        )
        if r.status_code not in (200, 201):
            return
        created = r.json()
        offset = int(created.get("offset") or 0)
        while not created.get("complete") and offset < len(data):
            with self.client.patch(
                self._url(f"/uploads/{created['upload_id']}"),
                data=data[offset : offset + CHUNK],
                headers=self._headers(
                    {
                        "Upload-Offset": str(offset),
                        "Content-Type": "application/offset+octet-stream",
                        "Tus-Resumable": "1.0.0",
                    }
                ),
                name="upload: chunk",
                catch_response=True,
            ) as chunk:
                if chunk.status_code != 204:
                    chunk.failure(f"chunk answered {chunk.status_code}")
                    return
                offset = int(chunk.headers["Upload-Offset"])
        with self.client.get(
            self._url(f"/files/{sha}"),
            headers=self._headers(),
            name="download",
            catch_response=True,
        ) as got:
            if got.status_code != 200 or hashlib.sha256(got.content).hexdigest() != sha:
                got.failure("downloaded file differs")
                return
        _record({"kind": "file", "sha256": sha, "size": len(data), "user": self.username})
