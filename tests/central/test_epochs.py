"""The server's mark over HTTP, on SQLite and PostgreSQL: carried by every sync answer and
cursor, and a mark this database's history does not contain is refused before anything runs."""

from __future__ import annotations

import base64
import json

from tests.support.server import AGENCY_A, Central, create_report_op


def _mark_of(cursor: str) -> str:
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    mark: str = json.loads(raw)[3]
    return mark


def test_every_sync_answer_and_cursor_carries_the_mark(central: Central) -> None:
    officer = central.api("officer1")
    health = officer.get("/health").json()["mark"]
    page = officer.get("/changes").json()
    push = officer.post("/sync/push", json={"device_id": officer.device_id, "ops": []}).json()
    for mark in (health, page["mark"], push["mark"]):
        assert mark["database_id"] == health["database_id"]
        assert mark["epoch"] == health["epoch"]
    header = "{database_id}.{epoch}.{seq}".format(**page["mark"])
    assert _mark_of(page["next_cursor"]) == header
    central.disposed_report(AGENCY_A)
    later = officer.get("/changes", headers={"X-Simpul-Mark": header}).json()
    assert later["mark"]["seq"] > page["mark"]["seq"]


def test_marks_from_another_history_are_refused(central: Central) -> None:
    desk = central.api("desk1")
    mark = desk.get("/changes").json()["mark"]
    db, epoch, seq = mark["database_id"], mark["epoch"], mark["seq"]
    cases = {
        f"{'f' * 32}.{epoch}.{seq}": "server_replaced",
        f"{db}.{'0' * 32}.{seq}": "server_restored",  # an epoch this database never had
        f"{db}.{epoch}.{seq + 1000}": "server_restored",  # a number it never reached
    }
    refused: list[str] = []
    for header, code in cases.items():
        create = create_report_op()
        refused.append(create["entity_id"])
        for answer in (
            desk.get("/changes", headers={"X-Simpul-Mark": header}),
            desk.post(
                "/sync/push",
                json={"device_id": desk.device_id, "ops": [create]},
                headers={"X-Simpul-Mark": header},
            ),
        ):
            assert answer.status_code == 409, answer.text
            assert answer.json()["code"] == code
    # Nothing was applied by the refused pushes.
    seen = {c["id"] for c in desk.get("/changes").json()["changes"]}
    assert seen.isdisjoint(refused)
    assert desk.get("/changes", headers={"X-Simpul-Mark": "not-a-mark"}).status_code == 400
    ok = desk.get("/changes", headers={"X-Simpul-Mark": f"{db}.{epoch}.{seq}"})
    assert ok.status_code == 200


def test_a_cursor_from_another_database_is_refused(central: Central) -> None:
    officer = central.api("officer1")
    cursor = officer.get("/changes").json()["next_cursor"]
    raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    raw[3] = "f" * 32 + raw[3][32:]
    foreign = base64.urlsafe_b64encode(json.dumps(raw).encode()).decode().rstrip("=")
    answer = officer.get("/changes", params={"cursor": foreign})
    assert answer.status_code == 409 and answer.json()["code"] == "server_replaced"
    # A cursor from before marks existed (three parts) is still read.
    old = base64.urlsafe_b64encode(json.dumps(raw[:3]).encode()).decode().rstrip("=")
    assert officer.get("/changes", params={"cursor": old}).status_code == 200
