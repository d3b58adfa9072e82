"""Every demo login has work at any hour of any day: seeded at an awkward instant, read over HTTP
as each user would. The world once depended on the hour: at 12:30 UTC officer1 had nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import httpx
import pytest

from central.demo_data import DEMO_PASSWORD, demo_reports
from central.embedded import EmbeddedServer
from domain import clock
from sync.wire import API_PREFIX
from tests.awkward_instants import AWKWARD_INSTANTS

OPEN = {"terverifikasi", "dalam_proses"}


def _changes(base_url: str, username: str) -> list[dict[str, Any]]:
    with httpx.Client(base_url=f"{base_url}{API_PREFIX}", timeout=30) as http:
        r = http.post(
            "/auth/login",
            json={"username": username, "password": DEMO_PASSWORD, "device_id": f"d-{username}"},
        )
        assert r.status_code == 200, r.text
        http.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
        changes: list[dict[str, Any]] = []
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {"limit": 500} | ({"cursor": cursor} if cursor else {})
            page = http.get("/changes", params=params).json()
            changes += [c for c in page["changes"] if c["op"] == "upsert"]
            cursor = page["next_cursor"]
            if not page["has_more"]:
                return changes


def _work(changes: list[dict[str, Any]]) -> dict[str, int]:
    reports = {c["id"]: c["data"] for c in changes if c["kind"] == "report"}
    followups = [c["data"] for c in changes if c["kind"] == "followup"]
    published = {f["report_id"] for f in followups if f["state"] == "published"}
    return {
        "needs_followup": sum(
            1 for rid, r in reports.items() if r["status"] in OPEN and rid not in published
        ),
        "pending": sum(1 for f in followups if f["state"] == "pending_approval"),
        "returned": sum(1 for f in followups if f["state"] == "returned"),
    }


@pytest.mark.parametrize("instant", AWKWARD_INSTANTS)
def test_every_demo_login_has_work_at_an_awkward_instant(tmp_path: Path, instant: str) -> None:
    with clock.pinned(clock.StartedClock(clock.parse_instant(instant))):
        server = EmbeddedServer(f"sqlite:///{tmp_path / 'c.db'}", tmp_path, demo=True, reports=40)
        server.start()
        try:
            base = str(server.base_url)
            officer1 = _work(_changes(base, "officer1"))
            supervisor1 = _work(_changes(base, "supervisor1"))
            officer2 = _work(_changes(base, "officer2"))
        finally:
            server.stop()
    assert officer1["needs_followup"] >= 2, officer1
    assert officer1["returned"] >= 1, officer1
    assert supervisor1["pending"] >= 1, supervisor1
    assert officer2["needs_followup"] >= 1, officer2


@pytest.mark.parametrize("n", [6, 12, 40, 300])
def test_the_demo_world_is_the_same_whatever_the_hour(n: int) -> None:
    """Categories and texts depend on the seed and the size, not on the hour: the timestamps move
    with the clock, and a status may change where a report's age crosses a band, but one report
    drawing differently no longer changes every report after it."""
    at = [dt.datetime.fromisoformat(i.replace("Z", "+00:00")) for i in AWKWARD_INSTANTS]
    worlds = [demo_reports(n, now=moment) for moment in at]
    first = worlds[0]
    for world in worlds[1:]:
        assert [r.id for r in world] == [r.id for r in first]
        assert [r.category_id for r in world] == [r.category_id for r in first]
        assert [r.title for r in world] == [r.title for r in first]
