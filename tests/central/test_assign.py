"""Assignment inside the office: `report.assign`, role-checked, idempotent, conflicts surfaced,
and the officer's feed following it (a secret report leaves the old assignee's feed)."""

from __future__ import annotations

from typing import Any

from tests.support.server import AGENCY_B, Central, op


def _assign(
    report: dict[str, Any], assignee: str | None, base: int | None = None
) -> dict[str, Any]:
    version = report["version"] if base is None else base
    return op("report.assign", report["id"], {"assignee_id": assignee}, version)


def _pulled(central: Central, who: str) -> dict[str, dict[str, Any]]:
    changes, _cursor = central.api(who).pull_all()
    return {c["id"]: c for c in changes if c["kind"] == "report"}


def test_a_supervisor_assigns_and_the_officer_sees_it(central: Central) -> None:
    report = central.disposed_report()
    result = central.api("supervisor1").push_one(_assign(report, "u-officer1b"))
    assert result["status"] == "applied", result
    assert result["entity"]["disposition"]["assignee_id"] == "u-officer1b"
    seen = _pulled(central, "officer1b")[report["id"]]
    assert seen["op"] == "upsert"
    assert seen["data"]["disposition"]["assignee_id"] == "u-officer1b"
    assert seen["data"]["history"][-1]["action"] == "assigned"


def test_the_same_op_twice_is_applied_once(central: Central) -> None:
    report = central.disposed_report()
    sup = central.api("supervisor1")
    assign = _assign(report, "u-officer1")
    first = sup.push_one(assign)
    again = sup.push_one(assign)
    assert first["status"] == "applied" and again["status"] == "duplicate"
    assert again["entity"]["version"] == first["entity"]["version"]


def test_only_a_supervisor_of_the_agency_may_assign(central: Central) -> None:
    report = central.disposed_report()
    for who in ("officer1", "desk1", "supervisor2"):
        result = central.api(who).push_one(_assign(report, "u-officer1"))
        assert result["status"] == "rejected", (who, result)
        assert result["error"]["code"] == "forbidden"


def test_an_officer_of_another_office_cannot_be_assigned(central: Central) -> None:
    report = central.disposed_report()
    for assignee in ("u-officer2", "u-supervisor1", "u-nobody"):
        result = central.api("supervisor1").push_one(_assign(report, assignee))
        assert result["status"] == "rejected", (assignee, result)
        assert result["error"]["code"] == "invalid_assignee"


def test_a_stale_assignment_is_a_conflict_not_an_overwrite(central: Central) -> None:
    report = central.disposed_report()
    sup = central.api("supervisor1")
    assert sup.push_one(_assign(report, "u-officer1"))["status"] == "applied"
    late = sup.push_one(_assign(report, "u-officer1b", base=report["version"]))
    assert late["status"] == "conflict", late
    assert (
        _pulled(central, "supervisor1")[report["id"]]["data"]["disposition"]["assignee_id"]
        == "u-officer1"
    )


def test_a_secret_report_moves_with_its_assignee(central: Central) -> None:
    report = central.disposed_report(is_secret=True, assignee="officer1")
    assert _pulled(central, "officer1")[report["id"]]["op"] == "upsert"
    result = central.api("supervisor1").push_one(_assign(report, "u-officer1b"))
    assert result["status"] == "applied", result
    assert _pulled(central, "officer1b")[report["id"]]["op"] == "upsert"
    assert _pulled(central, "officer1")[report["id"]]["op"] == "remove"


def test_the_reference_lists_the_staff_without_secrets(central: Central) -> None:
    staff = central.api("supervisor1").get("/reference").json()["staff"]
    officer = next(p for p in staff if p["id"] == "u-officer1b")
    assert officer == {
        "id": "u-officer1b",
        "full_name": "Bayu Officer",
        "agency_id": "ag-dpupr",
        "roles": ["officer"],
    }
    assert {p["agency_id"] for p in staff} >= {"ag-dpupr", AGENCY_B}
