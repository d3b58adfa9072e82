"""Random interleavings of local commands, pulled pages and push answers never lose local work
and never reorder the outbox."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    rule,
)
from sqlalchemy import select

from domain.errors import ValidationError
from localdb import commands as cmd
from localdb import syncstore as ss
from localdb.models import Draft, Followup, Intake, Outbox, Report
from localdb.profile import Profile
from tests.localdb.builders import (
    OFFICER,
    SUPERVISOR,
    T0,
    followup_data,
    lamp_intake,
    remove,
    report_data,
    upsert,
)
from tests.support.crypt import TEST_KEY

REPORTS = [f"r{i}" for i in range(4)]
SERVER_FOLLOWUPS = [f"f{i}" for i in range(3)]
STATUSES = ["terverifikasi", "dalam_proses", "selesai", "ditolak"]
FOLLOWUP_STATES = ["pending_approval", "returned", "published"]
LATER = T0 + dt.timedelta(days=365)
# Mostly texts long enough to submit; some too short for that (a draft may be anything).
texts = st.sampled_from(
    [
        "Jalan sudah diperbaiki oleh dinas.",
        "Kami akan meninjau lokasi besok.",
        "Petugas sudah datang ke lokasi dan mencatat kerusakan.",
        "pendek",
        "",
    ]
)


class LocalWork(RuleBasedStateMachine):
    drafted = Bundle("drafted")  # reports that got a draft: submits aim at these

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="simpul-sm-"))
        self.profile = Profile.open(self.folder / "p", key=TEST_KEY)
        self.versions: dict[str, int] = {}
        self.drafts: dict[str, str] = {}  # draft id -> content last saved
        self.unfinished: list[str] = []  # op ids not applied yet, in command order
        self.payloads: dict[str, dict[str, Any]] = {}
        self.intakes: set[str] = set()
        self.followup_report: dict[str, str] = {}

    def teardown(self) -> None:
        self.profile.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _version(self, key: str) -> int:
        self.versions[key] = self.versions.get(key, 0) + 1
        return self.versions[key]

    def _record_new_ops(self, s: Any, before: set[str]) -> None:
        new = s.scalars(
            select(Outbox).where(Outbox.op_id.not_in(before)).order_by(Outbox.seq)
        ).all()
        assert len(new) <= 1
        for op in new:
            self.unfinished.append(op.op_id)
            self.payloads[op.op_id] = dict(op.payload)

    def _command(self, action: Any) -> bool:
        """Run one command; a refused command must leave no trace. True when it went through."""
        with self.profile.session() as s:
            before = set(s.scalars(select(Outbox.op_id)))
            drafts_before = {d.id: d.content for d in s.scalars(select(Draft))}
        try:
            with self.profile.session() as s, s.begin():
                action(s)
        except ValidationError:
            with self.profile.session() as s:
                assert set(s.scalars(select(Outbox.op_id))) == before
                assert {d.id: d.content for d in s.scalars(select(Draft))} == drafts_before
            return False
        with self.profile.session() as s:
            self._record_new_ops(s, before)
            remaining = set(s.scalars(select(Draft.id)))
        for gone in set(self.drafts) - remaining:
            # Only a submit takes a draft away, and only with its op written.
            saved_text = self.drafts.pop(gone)
            assert self.payloads[self.unfinished[-1]]["content"] == saved_text.strip()
        return True

    @initialize()
    def first_pull(self) -> None:
        """Start where an office usually is: open reports, some with follow-ups in review."""
        changes = [
            upsert("report", report_data(r, version=self._version(r), tracking_id=r))
            for r in REPORTS
        ]
        for f, r, state in zip(SERVER_FOLLOWUPS, REPORTS, FOLLOWUP_STATES, strict=False):
            self.followup_report[f] = r
            data = followup_data(f, r, version=self._version(f), state=state)
            changes.append(upsert("followup", data))
        with self.profile.session() as s, s.begin():
            ss.apply_changes(s, changes, "c0")

    # --- pulled pages -------------------------------------------------------------------------

    @rule(report=st.sampled_from(REPORTS), status=st.sampled_from(STATUSES))
    def pull_report(self, report: str, status: str) -> None:
        data = report_data(report, version=self._version(report), status=status, tracking_id=report)
        with self.profile.session() as s, s.begin():
            ss.apply_changes(s, [upsert("report", data)], "c")

    @rule(report=st.sampled_from(REPORTS), dice=st.integers(0, 3))
    def pull_remove(self, report: str, dice: int) -> None:
        if dice:  # removals are rarer than updates; without this most reports vanish early
            return
        with self.profile.session() as s, s.begin():
            ss.apply_changes(s, [remove("report", report)], "c")

    @rule(followup=st.sampled_from(SERVER_FOLLOWUPS), state=st.sampled_from(FOLLOWUP_STATES))
    def pull_followup(self, followup: str, state: str) -> None:
        # A follow-up belongs to one report for life: the server never moves it to another.
        report = self.followup_report[followup]
        data = followup_data(followup, report, version=self._version(followup), state=state)
        with self.profile.session() as s, s.begin():
            ss.apply_changes(s, [upsert("followup", data)], "c")

    # --- local commands -----------------------------------------------------------------------

    def _save(self, report: str, text: str, followup: str | None) -> Any:
        def act(s: Any) -> None:
            ref = cmd.save_draft(s, OFFICER, report, text, revise_followup_id=followup)
            self.drafts[ref.id] = text

        return report if self._command(act) else multiple()

    @rule(target=drafted, report=st.sampled_from(REPORTS), text=texts)
    def save_draft(self, report: str, text: str) -> Any:
        return self._save(report, text, None)

    @rule(
        target=drafted,
        report=st.sampled_from(REPORTS),
        followup=st.sampled_from(SERVER_FOLLOWUPS),
        text=texts,
    )
    def save_revision(self, report: str, followup: str, text: str) -> Any:
        return self._save(report, text, followup)

    @rule(report=drafted)
    def submit(self, report: str) -> None:
        self._command(lambda s: cmd.submit_followup(s, OFFICER, report))

    @rule(followup=st.sampled_from(SERVER_FOLLOWUPS), text=texts)
    def revise_and_submit(self, followup: str, text: str) -> None:
        """The common path in one go: rework a returned follow-up and send it at once."""
        report = self.followup_report[followup]
        if self._save(report, text, followup) == report:
            self._command(lambda s: cmd.submit_followup(s, OFFICER, report))

    @rule(
        followup=st.sampled_from(SERVER_FOLLOWUPS),
        which=st.sampled_from(["withdraw", "approve", "return"]),
    )
    def decide(self, followup: str, which: str) -> None:
        version = self.versions.get(followup, 1)

        def act(s: Any) -> str:
            if which == "withdraw":
                return cmd.withdraw_followup(s, OFFICER, followup)
            if which == "approve":
                return cmd.approve_followup(s, SUPERVISOR, followup, version)
            return cmd.return_followup(s, SUPERVISOR, followup, version, "Perbaiki lagi.")

        self._command(act)

    @rule(report=st.sampled_from(REPORTS))
    def handoff(self, report: str) -> None:
        self._command(
            lambda s: cmd.request_handoff(s, OFFICER, report, "ag-lain", "Bukan kewenangan kami.")
        )

    @rule()
    def intake(self) -> None:
        def act(s: Any) -> str:
            ref = lamp_intake(s)
            self.intakes.add(ref.id)
            return ref.id

        self._command(act)

    @rule(report=st.sampled_from(REPORTS))
    def mark_read(self, report: str) -> None:
        self._command(lambda s: cmd.mark_read(s, OFFICER, report))

    # --- push answers -------------------------------------------------------------------------

    @rule(answer=st.sampled_from(["applied", "conflict", "retry"]))
    def push_first(self, answer: str) -> None:
        with self.profile.session() as s, s.begin():
            ops = ss.pending_ops(s, now=LATER, limit=1)
            if not ops:
                return
            op = ops[0]
            ss.mark_sending(s, [op.op_id])
            if answer == "applied":
                ss.mark_applied(s, op.op_id, None, None)
            elif answer == "conflict":
                ss.mark_conflict(
                    s,
                    op.op_id,
                    code="stale_version",
                    detail="",
                    entity_kind=None,
                    server_entity=None,
                )
            else:
                ss.mark_retry(s, [op.op_id], error="timeout", next_attempt_at=T0)
        if answer == "applied":
            self.unfinished.remove(op.op_id)

    # --- invariants ---------------------------------------------------------------------------

    @invariant()
    def drafts_are_kept(self) -> None:
        with self.profile.session() as s:
            stored = {d.id: d.content for d in s.scalars(select(Draft))}
        assert stored == self.drafts

    @invariant()
    def unsent_ops_are_kept_in_command_order(self) -> None:
        with self.profile.session() as s:
            ops = s.scalars(select(Outbox).where(Outbox.state != "done").order_by(Outbox.seq)).all()
            assert [op.op_id for op in ops] == self.unfinished
            for op in ops:
                assert op.payload == self.payloads[op.op_id]
            seqs = s.scalars(select(Outbox.seq).order_by(Outbox.created_at, Outbox.seq)).all()
            assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)

    @invariant()
    def unsent_followups_show_my_text(self) -> None:
        with self.profile.session() as s:
            for op_id in self.unfinished:
                payload = self.payloads[op_id]
                op = s.get(Outbox, op_id)
                assert op is not None
                if op.type == "followup.submit":
                    row = s.get(Followup, op.entity_id)
                    assert row is not None and row.local_state is not None
                    assert row.local_data == payload
                    # The report stays while my follow-up waits, even if a pull removed it.
                    assert s.scalar(select(Report.id).where(Report.id == payload["report_id"]))

    @invariant()
    def intakes_are_kept(self) -> None:
        with self.profile.session() as s:
            assert set(s.scalars(select(Intake.id))) == self.intakes


TestLocalWork = LocalWork.TestCase
TestLocalWork.settings = settings(max_examples=40, stateful_step_count=30, deadline=None)
