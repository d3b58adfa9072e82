"""Who saw whom, end to end against a real server on loopback: reveals recorded on office PCs
ride the next sync; the admin export over HTTP and the CLI show who, which device, which report;
a lost answer leaves them unsent and the retry stores nothing twice."""

from __future__ import annotations

from typing import Any

import pytest

from central.cli import main as central_cli
from localdb.reveals import record_reveal, unsent_reveals
from sync.proxy import LinkProxy
from sync.summary import CycleState
from tests.support.server import Central
from tests.sync.clients import ClientFactory, SyncClient
from tests.sync.conftest import link_url


def _export(central: Central, **params: str) -> list[dict[str, Any]]:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    rows: list[dict[str, Any]] = central.admin("GET", f"/reveals?{query}")
    return rows


def _record(client: SyncClient, report_id: str) -> str:
    with client.profile.session() as s, s.begin():
        return record_reveal(s, client.actor, report_id)


def _unsent(client: SyncClient) -> list[str]:
    with client.profile.read_session() as s, s.begin():
        return [r.id for r in unsent_reveals(s)]


def test_reveals_ride_the_sync_and_the_admin_export_shows_them(
    central: Central, clients: ClientFactory
) -> None:
    report = central.disposed_report()
    officer = clients.make("officer1")
    officer.sync()
    ids = [_record(officer, report["id"]), _record(officer, report["id"])]
    assert _unsent(officer) == ids

    summary = officer.sync()

    assert summary.state.value == "ok", summary
    assert _unsent(officer) == []
    rows = _export(central, report_id=report["id"])
    assert [r["id"] for r in rows] == ids
    for row in rows:
        assert row["user_id"] == officer.actor.user_id == "u-officer1"
        assert row["device_id"] == officer.actor.device_id
        assert row["report_id"] == report["id"]
        assert set(row) == {"id", "user_id", "device_id", "report_id", "at", "received_at"}
    by_user = _export(central, user_id="u-officer1")
    assert set(ids) <= {r["id"] for r in by_user}
    assert officer.sync().state.value == "ok"
    assert [r["id"] for r in _export(central, report_id=report["id"])] == ids  # nothing resent


def test_the_cli_prints_the_reveals_as_csv(
    central: Central, clients: ClientFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    report = central.disposed_report()
    officer = clients.make("officer1")
    officer.sync()
    reveal_id = _record(officer, report["id"])
    officer.sync()
    central_cli(["reveals", "--db", central.server.settings.db_url, "--report", report["id"]])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "id,user_id,device_id,report_id,at,received_at"
    assert len(lines) == 2
    assert lines[1].startswith(f"{reveal_id},u-officer1,{officer.actor.device_id},{report['id']},")


def test_a_lost_answer_keeps_the_reveals_unsent_and_the_retry_stores_them_once(
    central: Central, clients: ClientFactory, link: LinkProxy
) -> None:
    report = central.disposed_report()
    officer = clients.make("officer1", via=link_url(link))
    officer.sync()
    ids = [_record(officer, report["id"]) for _ in range(3)]
    link.drop_responses(1, match=b"/audit/reveals")

    cut = officer.sync()

    assert cut.state is CycleState.OFFLINE, cut
    assert link.counters.dropped_responses == 1
    assert [r["id"] for r in _export(central, report_id=report["id"])] == ids  # stored ...
    assert _unsent(officer) == ids  # ... but without a 2xx the client still holds them
    assert officer.sync().state is CycleState.OK
    assert _unsent(officer) == []
    assert [r["id"] for r in _export(central, report_id=report["id"])] == ids  # not doubled
