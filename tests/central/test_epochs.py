"""The server's mark over HTTP, on SQLite and PostgreSQL: carried by every sync answer (and by
the cursors of older servers), and a mark this database's history does not contain is refused
before anything runs."""

from __future__ import annotations

import base64
import json

from tests.support.server import AGENCY_A, Central, create_report_op


def test_every_sync_answer_carries_the_mark(central: Central) -> None:
    officer = central.api("officer1")
    health = officer.get("/health").json()["mark"]
    page = officer.get("/changes").json()
    push = officer.post("/sync/push", json={"device_id": officer.device_id, "ops": []}).json()
    for mark in (health, page["mark"], push["mark"]):
        assert mark["database_id"] == health["database_id"]
        assert mark["epoch"] == health["epoch"]
    header = "{database_id}.{epoch}.{seq}".format(**page["mark"])
    # New cursors leave the mark to the header the client sends with every request.
    assert header not in page["next_cursor"]
    central.disposed_report(AGENCY_A)
    later = officer.get(
        "/changes", params={"cursor": page["next_cursor"]}, headers={"X-Simpul-Mark": header}
    ).json()
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


def _b64(parts: list[object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(parts).encode()).decode().rstrip("=")


def test_a_cursor_from_another_database_is_refused(central: Central) -> None:
    """Cursors of older servers carry the mark inside; it is still checked."""
    officer = central.api("officer1")
    central.disposed_report(AGENCY_A)
    mark = "{database_id}.{epoch}.{seq}".format(**officer.get("/health").json()["mark"])
    seq, code, entity_id = officer.get("/changes").json()["next_cursor"].split(".", 2)
    position: list[object] = [int(seq), {"r": "report", "f": "followup"}[code], entity_id]
    foreign = _b64([*position, "f" * 32 + mark[32:]])
    answer = officer.get("/changes", params={"cursor": foreign})
    assert answer.status_code == 409 and answer.json()["code"] == "server_replaced"
    assert officer.get("/changes", params={"cursor": _b64([*position, mark])}).status_code == 200
    # A cursor from before marks existed (three parts) is still read.
    assert officer.get("/changes", params={"cursor": _b64(position)}).status_code == 200
