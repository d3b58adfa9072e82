"""Model-based: two office clients, the server's world and a faulty link, driven by hypothesis.

After every step: no op is lost locally, none is on the server twice, and every op a client
counts as acknowledged is on the server exactly once. At the end, with the faults cleared, every
op is settled and both clients see what the server has.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import httpx
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.errors import DomainError
from localdb import commands
from localdb.models import Followup, Report
from sync.proxy import LinkProxy
from sync.wire import API_PREFIX
from tests.support.server import AGENCY_A, AGENCY_B, Central
from tests.sync.clients import ClientFactory, ServerView, SyncClient
from tests.sync.conftest import link_url


class SyncWorld(RuleBasedStateMachine):
    central: Central
    root: Path

    reports = Bundle("reports")

    def __init__(self) -> None:
        super().__init__()
        target = httpx.URL(self.central.base_url)
        self.link = LinkProxy(target.host, target.port or 80, delay_s=0, rate_bytes_per_s=None)
        self.link.start()
        folder = Path(tempfile.mkdtemp(dir=self.root))
        self.factory = ClientFactory(folder, link_url(self.link))
        self.clients = {
            "officer": self.factory.make("officer1"),
            "supervisor": self.factory.make("supervisor1"),
        }
        self.commands = {name: 0 for name in self.clients}
        self.seen: dict[str, set[str]] = {name: set() for name in self.clients}
        self.server = ServerView(self.central)

    # --- the world --------------------------------------------------------------------------

    def _admin(self, path: str, body: dict[str, object]) -> httpx.Response:
        return httpx.post(
            f"{self.central.base_url}{API_PREFIX}/admin{path}",
            json=body,
            headers={"X-Admin-Token": self.central.admin_token},
            timeout=30,
        )

    @initialize(target=reports)
    def first_report(self) -> str:
        report = str(self.central.disposed_report(AGENCY_A)["id"])
        for client in self.clients.values():
            assert client.sync().ok
        return report

    @rule(target=reports)
    def new_report(self) -> str:
        return str(self.central.disposed_report(AGENCY_A)["id"])

    @rule(report=reports, event=st.sampled_from(["redispose", "reply"]))
    def world_event(self, report: str, event: str) -> None:
        # The world may refuse (say, a closed report): that is the world's business.
        if event == "redispose":
            self._admin(f"/reports/{report}/dispose", {"agency": AGENCY_B})
        else:
            self._admin(f"/reports/{report}/reply", {"message": "Belum ada perubahan, Pak."})

    # --- the offices ------------------------------------------------------------------------

    def _command(self, name: str, fn: Callable[[Session, SyncClient], None]) -> None:
        client = self.clients[name]
        try:
            with client.profile.session() as s, s.begin():
                fn(s, client)
        except DomainError:
            return  # the local rules refused it (report gone, follow-up busy, ...)
        self.commands[name] += 1

    @rule(pick=st.integers(0, 50))
    def officer_submits(self, pick: int) -> None:
        """A new follow-up on a report the officer has, or a revision of a returned one."""

        def submit(s: Session, c: SyncClient) -> None:
            reports = s.scalars(select(Report.id).order_by(Report.pk)).all()
            if not reports:
                raise DomainError("no report yet")
            report = reports[pick % len(reports)]
            returned = s.scalars(
                select(Followup.id).where(
                    Followup.report_id == report, Followup.state == "returned"
                )
            ).first()
            commands.save_draft(
                s,
                c.actor,
                report,
                "Tindak lanjut petugas di lapangan.",
                revise_followup_id=returned,
            )
            commands.submit_followup(s, c.actor, report)

        self._command("officer", submit)

    @rule(approve=st.booleans())
    def supervisor_reviews(self, approve: bool) -> None:
        def review(s: Session, c: SyncClient) -> None:
            row = s.scalars(
                select(Followup).where(
                    Followup.state == "pending_approval", Followup.local_state.is_(None)
                )
            ).first()
            if row is None:
                raise DomainError("nothing to review")
            if approve:
                commands.approve_followup(s, c.actor, row.id, row.version)
            else:
                commands.return_followup(s, c.actor, row.id, row.version, "Mohon dilengkapi.")

        self._command("supervisor", review)

    @rule(who=st.sampled_from(["officer", "supervisor", "both"]))
    def sync(self, who: str) -> None:
        for name, client in self.clients.items():
            if who in (name, "both"):
                client.sync()

    # --- the link ---------------------------------------------------------------------------

    @rule(
        fault=st.sampled_from(["lose_push_answer", "reset_soon", "down", "up"]),
        after=st.integers(200, 20_000),
    )
    def link_fault(self, fault: str, after: int) -> None:
        if fault == "lose_push_answer":
            self.link.drop_responses(1, match=b"/sync/push")
        elif fault == "reset_soon":
            self.link.reset_after(after)
        else:
            self.link.set_down(fault == "down")

    # --- checks -----------------------------------------------------------------------------

    @invariant()
    def nothing_lost_nothing_doubled(self) -> None:
        counts = self.server.op_result_counts()
        for name, client in self.clients.items():
            outbox = client.outbox()
            assert len(outbox) == self.commands[name]
            assert self.seen[name] <= set(outbox)  # an op never disappears
            self.seen[name] |= set(outbox)
            for op_id, state in outbox.items():
                assert counts[op_id] <= 1
                if state == "done":
                    assert counts[op_id] == 1

    def teardown(self) -> None:
        try:
            self._converge()
        finally:
            self.link.stop()
            self.factory.close()
            self.server.close()

    def _converge(self) -> None:
        self.link.clear_faults()
        for _ in range(6):
            for client in self.clients.values():
                client.sync()
            if not any(
                state in ("pending", "sending")
                for c in self.clients.values()
                for state in c.outbox().values()
            ):
                break
        for client in self.clients.values():
            client.sync()  # one more, so both see each other's last pushes
        self.nothing_lost_nothing_doubled()
        for client in self.clients.values():
            assert not {"pending", "sending"} & set(client.outbox().values())
            self._same_as_server(client)

    def _same_as_server(self, client: SyncClient) -> None:
        with client.profile.read_session() as s, s.begin():
            rows = s.execute(
                select(Followup.id, Followup.state, Followup.version).where(
                    Followup.data.is_not(None), Followup.local_state.is_(None)
                )
            ).all()
        for followup_id, state, version in rows:
            server = self.server.followup(followup_id)
            assert server is not None
            assert (state, version) == (server["state"], server["version"])


def test_two_clients_a_world_and_a_bad_link(central: Central, tmp_path: Path) -> None:
    SyncWorld.central = central
    SyncWorld.root = tmp_path
    run_state_machine_as_test(
        SyncWorld,
        settings=settings(
            max_examples=10,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
