"""The pull feed: scope and visibility, removes, paging, and the cursor under concurrent writers."""

from __future__ import annotations

import base64
import datetime as dt
import json
import threading
from typing import Any

from tests.support.server import (
    AGENCY_A,
    AGENCY_B,
    AGENCY_C,
    Api,
    Central,
    create_report_op,
    op,
    submit_op,
)


def _latest(changes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """What a client holds after applying the changes in order."""
    held: dict[str, dict[str, Any]] = {}
    for change in changes:
        if change["op"] == "upsert":
            held[change["id"]] = change
        else:
            held.pop(change["id"], None)
    return held


def test_scope_per_role(central: Central) -> None:
    desk, officer, officer_b = (
        central.api("desk1"),
        central.api("officer1"),
        central.api("officer2"),
    )
    walk_in = desk.push_one(create_report_op())["entity"]
    routed_a = central.disposed_report(AGENCY_A)
    routed_b = central.disposed_report(AGENCY_B)
    unrouted = central.citizen_report()

    desk_has = _latest(desk.pull_all()[0])
    officer_has = _latest(officer.pull_all()[0])
    officer_b_has = _latest(officer_b.pull_all()[0])

    assert walk_in["id"] in desk_has and routed_a["id"] not in desk_has
    assert routed_a["id"] in officer_has and walk_in["id"] not in officer_has
    assert routed_b["id"] in officer_b_has
    assert routed_b["id"] not in officer_has and routed_a["id"] not in officer_b_has
    for held in (desk_has, officer_has, officer_b_has):
        assert unrouted["id"] not in held


def test_secret_report_reaches_only_its_assignee_and_supervisors(central: Central) -> None:
    secret = central.disposed_report(AGENCY_A, is_secret=True, assignee="officer1")
    assert secret["id"] in _latest(central.api("officer1").pull_all()[0])
    assert secret["id"] in _latest(central.api("supervisor1").pull_all()[0])
    assert secret["id"] not in _latest(central.api("officer1b").pull_all()[0])


def test_report_data_carries_disposition_deadlines_and_hides_anonymous(central: Central) -> None:
    named = central.disposed_report(AGENCY_A, reporter_name="Siti")
    anonymous = central.disposed_report(AGENCY_A, reporter_name="Rahasia", is_anonymous=True)
    held = _latest(central.api("officer1").pull_all()[0])
    data = held[named["id"]]["data"]
    assert data["reporter"]["name"] == "Siti"
    assert data["disposition"]["agency_id"] == AGENCY_A
    assert data["disposition"]["agency_name"] == "Dinas Pekerjaan Umum"
    assert data["deadlines"]["respond_by"] is not None
    assert [h["action"] for h in data["history"]][:2] == ["created", "status"]
    assert held[anonymous["id"]]["data"]["reporter"] is None


def test_nothing_new_is_one_small_answer(central: Central) -> None:
    officer = central.api("officer1")
    central.disposed_report(AGENCY_A)
    _, cursor = officer.pull_all()
    r = officer.get("/changes", params={"cursor": cursor}, headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.json()["changes"] == [] and r.json()["has_more"] is False
    assert r.json()["next_cursor"] == cursor
    assert int(r.headers["content-length"]) < 400


def test_nothing_new_asked_minimal_is_a_204_without_a_body(central: Central) -> None:
    officer = central.api("officer1")
    central.disposed_report(AGENCY_A)
    _, cursor = officer.pull_all()
    minimal = {"Prefer": "return=minimal"}
    r = officer.get("/changes", params={"cursor": cursor}, headers=minimal)
    assert r.status_code == 204 and r.content == b""
    stamp = dt.datetime.fromisoformat(r.headers["X-Server-Time"])
    health = dt.datetime.fromisoformat(officer.get("/health").json()["server_time"])
    assert stamp.tzinfo is not None and abs(health - stamp) < dt.timedelta(minutes=5)
    # Any other preference, or none: the usual empty page.
    for headers in ({}, {"Prefer": "respond-async"}):
        page = officer.get("/changes", params={"cursor": cursor}, headers=headers)
        assert page.status_code == 200 and page.json()["changes"] == []
    # Something new after the cursor: the page, preference or not.
    made = central.disposed_report(AGENCY_A)
    r = officer.get("/changes", params={"cursor": cursor}, headers=minimal)
    assert r.status_code == 200
    assert made["id"] in {c["id"] for c in r.json()["changes"]}
    # Without a cursor there is always a page (it gives the first cursor).
    assert officer.get("/changes", headers=minimal).status_code == 200


def test_a_page_names_the_next_cursor_before_its_body(central: Central) -> None:
    officer = central.api("officer1")
    _, cursor = officer.pull_all()
    made = [central.disposed_report(AGENCY_A)["id"] for _ in range(5)]
    seen: list[str] = []
    while True:
        r = officer.get("/changes", params={"cursor": cursor, "limit": 2})
        page = r.json()
        seen.extend(c["id"] for c in page["changes"])
        if not page["has_more"]:
            assert "X-Next-Cursor" not in r.headers
            break
        assert r.headers["X-Next-Cursor"] == page["next_cursor"]
        cursor = r.headers["X-Next-Cursor"]
    assert sorted(seen) == sorted(made)


def _b64(parts: list[object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(parts).encode()).decode().rstrip("=")


def test_cursors_are_compact_and_older_forms_are_still_read(central: Central) -> None:
    officer = central.api("officer1")
    central.disposed_report(AGENCY_A)
    _, cursor = officer.pull_all()
    seq, code, entity_id = cursor.split(".", 2)
    assert seq.isdigit() and code in ("r", "f") and len(cursor) < 64
    kind = {"r": "report", "f": "followup"}[code]
    mark = "{database_id}.{epoch}.{seq}".format(**officer.get("/health").json()["mark"])
    # The same position as servers before wrote it: three parts, then four with the mark.
    for older in (_b64([int(seq), kind, entity_id]), _b64([int(seq), kind, entity_id, mark])):
        r = officer.get("/changes", params={"cursor": older})
        assert r.status_code == 200 and r.json()["changes"] == []
        assert r.json()["next_cursor"] == cursor
    later = central.disposed_report(AGENCY_A)
    r = officer.get("/changes", params={"cursor": _b64([int(seq), kind, entity_id])})
    assert [c["id"] for c in r.json()["changes"]] == [later["id"]]
    for bad in ("x.r.abc", "1.z.abc", "-1.r.abc", "1.r." + "a" * 65, "1.r", "1.r.a\x00"):
        answer = officer.get("/changes", params={"cursor": bad})
        assert answer.status_code in (400, 422), bad
        assert answer.json()["code"] in ("invalid_cursor", "invalid_characters"), bad


def test_paging_returns_each_change_once(central: Central) -> None:
    officer = central.api("officer1")
    _, start = officer.pull_all()
    made = [central.disposed_report(AGENCY_A)["id"] for _ in range(7)]
    seen: list[str] = []
    cursor = start
    pages = 0
    while True:
        page = officer.get("/changes", params={"cursor": cursor, "limit": 2}).json()
        pages += 1
        seen.extend(c["id"] for c in page["changes"])
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    assert sorted(seen) == sorted(made)
    assert pages >= 4


def test_redisposition_sends_remove_to_the_old_agency(central: Central) -> None:
    officer_a, officer_b = central.api("officer1"), central.api("officer2")
    report = central.disposed_report(AGENCY_A)
    followup = officer_a.push_one(submit_op(report["id"]))["entity"]
    _, cursor_a = officer_a.pull_all()
    _, cursor_b = officer_b.pull_all()
    central.admin("POST", f"/reports/{report['id']}/dispose", {"agency": AGENCY_B})

    gone, _ = officer_a.pull_all(cursor_a)
    by_id = {c["id"]: c for c in gone}
    assert by_id[report["id"]]["op"] == "remove"
    assert by_id[report["id"]]["reason"] == "redisposed"
    assert by_id[report["id"]].get("data") is None
    assert by_id[followup["id"]]["op"] == "remove"

    arrived = _latest(officer_b.pull_all(cursor_b)[0])
    assert arrived[report["id"]]["data"]["disposition"]["agency_id"] == AGENCY_B
    # The old agency's unfinished draft no longer applies.
    assert arrived[followup["id"]]["data"]["state"] == "withdrawn"


def test_invalid_cursor_is_a_problem(central: Central) -> None:
    r = central.api("officer1").get("/changes", params={"cursor": "%%%not-base64"})
    assert r.status_code == 400
    assert r.json()["code"] == "invalid_cursor"


def test_closed_reports_leave_the_scope_after_retention(central: Central) -> None:
    officer = central.api("officer2")
    report = central.disposed_report(AGENCY_B)
    central.admin("POST", f"/reports/{report['id']}/reject", {"note": "Bukan pengaduan."})
    _, cursor = officer.pull_all()
    central.admin("PATCH", "/settings", {"retention_days": 1})
    try:
        moved = central.admin("POST", "/clock/advance", {"days": 2})
        assert moved["expired"] >= 1
        changes, _ = officer.pull_all(cursor)
        mine = [c for c in changes if c["id"] == report["id"]]
        assert mine == [
            {
                "kind": "report",
                "op": "remove",
                "id": report["id"],
                "version": None,
                "data": None,
                "reason": "retention",
            }
        ]
    finally:
        central.admin("PATCH", "/settings", {"retention_days": 90})


def test_cursor_never_skips_or_repeats_under_concurrent_writers(central: Central) -> None:
    """Writers change reports and follow-ups while a reader pages through the feed.

    Every change the reader sees must be new (its version higher than the one held), and after
    the writers stop, what the reader holds equals the server's latest version of everything.
    """
    officer_ids = ["officer1", "supervisor1"]
    reports = [central.disposed_report(AGENCY_C if i == 0 else AGENCY_A)["id"] for i in range(4)]
    reports = reports[1:]  # AGENCY_C's one is outside the reader's scope
    reader = central.api("supervisor1", device_id="reader")
    stop = threading.Event()
    errors: list[str] = []
    held: dict[str, int] = {}
    repeats: list[str] = []

    def write(username: str, index: int) -> None:
        client = Api(central.base_url, username)
        try:
            followups: dict[str, int] = {}
            for n in range(12):
                report_id = reports[(index + n) % len(reports)]
                if followups and n % 3 == 2:
                    fid, version = next(iter(followups.items()))
                    result = client.push_one(
                        submit_op(report_id, fid, version, f"Revisi ke-{n} isi.")
                    )
                    if result["status"] == "applied":
                        followups[fid] = result["entity"]["version"]
                    continue
                result = client.push_one(submit_op(report_id))
                if result["status"] != "applied":
                    errors.append(str(result))
                else:
                    followups[result["entity"]["id"]] = 1
                if n % 4 == 1:
                    central.admin(
                        "POST", f"/reports/{report_id}/reply", {"message": f"balasan {n}"}
                    )
        finally:
            client.close()

    def read() -> None:
        cursor = None
        while True:
            finishing = stop.is_set()
            changes, cursor = reader.pull_all(cursor, limit=3)
            for change in changes:
                if change["op"] == "remove":
                    held.pop(change["id"], None)
                    continue
                version = change["version"]
                if version <= held.get(change["id"], 0):
                    repeats.append(f"{change['id']} v{version}")
                held[change["id"]] = version
            if finishing:
                return

    writers = [
        threading.Thread(target=write, args=(name, i)) for i, name in enumerate(officer_ids * 2)
    ]
    reader_thread = threading.Thread(target=read)
    reader_thread.start()
    for t in writers:
        t.start()
    for t in writers:
        t.join()
    stop.set()
    reader_thread.join()

    assert errors == []
    assert repeats == []
    truth = _latest(central.api("supervisor1", device_id="auditor").pull_all()[0])
    assert {k: v["version"] for k, v in truth.items()} == held


def test_handoff_on_an_unrouted_report_is_refused(central: Central) -> None:
    """A handoff request on a report that is not yet routed is refused without revealing it."""
    report = central.citizen_report()
    result = central.api("officer1").push_one(
        op(
            "report.handoff_request",
            report["id"],
            {"target_agency_id": AGENCY_B, "reason": "Tidak jelas instansinya sama sekali."},
            report["version"],
        )
    )
    assert result["status"] == "rejected"
    assert result["entity"] is None
