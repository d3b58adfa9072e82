"""The chaos run: offices at work while processes die, answers are lost, the hub's database goes
back to an older copy and a PC's profile file is damaged. Then: was anything lost or doubled?

Three office PCs of one agency (an officer, a supervisor, a desk) do every kind of work the
outbox carries: follow-ups (some with a photo), withdrawals, hand-off requests, approvals,
returns, assignments and walk-in complaints (some with a photo). Each round:

- every PC queues new work (as the app does, while no sync runs);
- the hub is told to commit some pushes and then drop their answers (lost answers);
- the real sync CLI (`python -m sync ... once`) runs for each PC through a slowish link and is
  SIGKILLed after a random number of bytes (a PC switched off mid-sync);
- on chosen rounds the hub process itself is SIGKILLed while a PC syncs, and started again;
  once its database is put back to a copy taken rounds earlier (SQLite: the file; PostgreSQL:
  pg_dump / pg_restore); once a PC's profile database is truncated and rebuilt with
  `recover-profile` ("Pulihkan profil");
- every PC then runs an ordinary cycle.

At the end the faults stop and every PC syncs until nothing is left to send. Every op a PC ever
queued is then looked up on the hub: applied exactly once (its answer row, and its effect), or
parked on the PC as a conflict the user sees. Anything else is lost; an effect twice is doubled.

The hub runs as real `central serve` processes (`tests/support/hub.py`), so a kill is a kill.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select

from central.models import Blob as HubBlob
from central.models import Followup as HubFollowup
from central.models import HandoffRequest as HubHandoff
from central.models import OpResultRow
from central.models import Report as HubReport
from domain.errors import ValidationError
from localdb import commands
from localdb.models import Blob as PcBlob
from localdb.models import Followup as PcFollowup
from localdb.models import Outbox
from localdb.models import Report as PcReport
from localdb.profile import DB_NAME
from sync.proxy import LinkProxy
from sync.summary import CycleState
from tests.support.child import child_env
from tests.support.hub import HubProcess, seed_world
from tests.support.server import AGENCY_A, AGENCY_B, PASSWORD
from tests.sync.clients import SyncClient

ROOT = Path(__file__).resolve().parents[2]
TEXT = "Petugas sudah ke lokasi; perbaikan dijadwalkan pekan depan."


@dataclass
class ChaosConfig:
    backend: str  # "sqlite" | "postgres"
    rounds: int = 3
    seed: int = 20261206
    kills_per_round: int = 3  # PCs whose sync is SIGKILLed each round (taking turns)
    server_kill_rounds: tuple[int, ...] = (1,)
    backup_round: int | None = 0  # copy the hub's database at the end of this round ...
    restore_round: int | None = 2  # ... and put it back (hub killed and restarted) here
    damage_round: int | None = 1  # truncate the officer's profile database, then recover it
    lost_answers_per_round: int = 2
    photo_bytes: int = 150_000
    reports_per_round: int = 5


@dataclass
class ChaosReport:
    backend: str
    seed: int
    rounds: int
    ops: Counter[str] = field(default_factory=Counter)
    attachments: int = 0
    client_kills: int = 0
    kills_mid_push: int = 0  # cut inside its push: an op `sending`, or some acknowledged
    kills_mid_upload: int = 0  # ... or an attachment half uploaded
    server_kills: int = 0
    lost_answers: int = 0
    restores: int = 0
    reoffered_after_restore: int = 0
    damaged_files: int = 0
    recovered_ops: int = 0
    applied_once: int = 0
    parked: int = 0  # conflicts or refusals the user sees on the PC
    parked_ops: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    doubled: list[str] = field(default_factory=list)
    converge_cycles: int = 0
    seconds: float = 0.0
    phase_seconds: Counter[str] = field(default_factory=Counter)

    def lines(self) -> list[str]:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.ops.items()))
        return [
            f"backend {self.backend}, seed {self.seed}, {self.rounds} rounds, {self.seconds:.0f} s",
            f"ops queued: {sum(self.ops.values())} ({kinds}); attachments {self.attachments}",
            f"client SIGKILLs: {self.client_kills} (mid-push {self.kills_mid_push}, "
            f"mid-upload {self.kills_mid_upload}); hub SIGKILLs: {self.server_kills}",
            f"lost answers (committed, then dropped): {self.lost_answers}",
            f"hub restored from an older copy: {self.restores} "
            f"(ops offered again: {self.reoffered_after_restore})",
            f"profile databases damaged and recovered: {self.damaged_files} "
            f"(unsent ops recovered: {self.recovered_ops})",
            f"applied exactly once: {self.applied_once}; parked as visible conflicts: "
            f"{self.parked}; lost: {len(self.lost)}; doubled: {len(self.doubled)}",
            *(f"  parked: {line}" for line in self.parked_ops),
            "time: " + ", ".join(f"{k} {v:.0f} s" for k, v in self.phase_seconds.most_common()),
        ]


class Pc:
    """One office PC: its profile folder, an in-process client, and the CLI for killable runs."""

    def __init__(self, folder: Path, url: str, username: str) -> None:
        self.folder = folder
        self.url = url
        self.username = username
        self.client = SyncClient(folder, url, username).login()
        self.queued: dict[str, str] = {}  # op_id -> type, every op this PC ever queued

    def note_outbox(self) -> None:
        with self.client.profile.read_session() as s, s.begin():
            for op_id, op_type in s.execute(select(Outbox.op_id, Outbox.type)):
                self.queued.setdefault(op_id, op_type)

    def outbox_states(self) -> dict[str, str]:
        return self.client.outbox()

    def cli(self, command: str = "once", batch: int = 1) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sync",
                "--profile-dir",
                str(self.folder),
                "--server",
                self.url,
                "--username",
                self.username,
                "--password-stdin",
                "--batch-size",
                str(batch),
                command,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env(),
            cwd=ROOT,
        )
        assert proc.stdin is not None
        proc.stdin.write(PASSWORD + "\n")
        proc.stdin.close()
        proc.stdin = None  # written and closed: communicate() must not flush it again
        return proc

    def unsent(self) -> int:
        with self.client.profile.read_session() as s, s.begin():
            return int(
                s.scalar(select(func.count()).where(Outbox.state.in_(("pending", "sending")))) or 0
            )

    def half_done(self, unsent_before: int) -> tuple[bool, bool]:
        """Was a killed run cut inside its push (an op left `sending`, or some of its ops
        acknowledged and others not), or inside an upload (an attachment partly sent)?"""
        with self.client.profile.read_session() as s, s.begin():
            sending = s.scalar(select(func.count()).where(Outbox.state == "sending"))
            partial = s.scalar(
                select(func.count()).where(PcBlob.complete.is_(False), PcBlob.uploaded_offset > 0)
            )
        left = self.unsent()
        return bool(sending) or 0 < left < unsent_before, bool(partial)

    def reopen(self) -> None:
        self.client = SyncClient(self.folder, self.url, self.username).login()

    def close(self) -> None:
        self.client.close()


def _finish(proc: subprocess.Popen[str], timeout: float = 180) -> str:
    out, err = proc.communicate(timeout=timeout)
    return out + err


def _kill_after(proc: subprocess.Popen[str], link: LinkProxy, threshold: int) -> bool:
    """SIGKILL the process once the link carried `threshold` more bytes; False if it ended."""
    start = link.counters.bytes_up + link.counters.bytes_down
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if link.counters.bytes_up + link.counters.bytes_down - start >= threshold:
            proc.send_signal(signal.SIGKILL)
            _finish(proc)
            return True
        time.sleep(0.002)  # polling the counters, not waiting for an outcome
    _finish(proc)
    return False


class Hub:
    """The hub: one `central serve` process over SQLite or PostgreSQL, and its backups."""

    def __init__(self, folder: Path, backend: str, pg: Any | None) -> None:
        self.folder = folder
        self.backend = backend
        self.pg = pg
        if backend == "sqlite":
            self.db_url = f"sqlite:///{folder / 'central.db'}"
        else:
            assert pg is not None
            self.db_url = pg.new_database()
        seed_world(self.db_url)
        self.process = HubProcess(self.db_url, folder, name="hub").start()
        self.backup_file: Path | None = None

    @property
    def url(self) -> str:
        return self.process.url

    def admin(self, method: str, path: str, body: object | None = None) -> Any:
        return self.process.admin(method, path, body)

    def _libpq(self) -> str:
        return self.db_url.replace("postgresql+psycopg://", "postgresql://", 1)

    def backup(self) -> None:
        """An online copy, as a nightly backup makes it."""
        self.backup_file = self.folder / "backup.copy"
        if self.backend == "sqlite":
            src = sqlite3.connect(self.folder / "central.db")
            dst = sqlite3.connect(self.backup_file)
            try:
                src.backup(dst)
            finally:
                src.close()
                dst.close()
        else:
            subprocess.run(
                [_pg_tool("pg_dump"), "-Fc", "-f", str(self.backup_file), self._libpq()],
                check=True,
                capture_output=True,
                timeout=300,
            )

    def restore(self) -> None:
        """Put the copy back in place of the (stopped) hub's database, start the hub again."""
        assert self.backup_file is not None
        self.process.kill()
        if self.backend == "sqlite":
            db = self.folder / "central.db"
            for suffix in ("-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(self.backup_file, db)
        else:
            assert self.pg is not None
            self.pg.drop_database(self.db_url)
            name = self.db_url.rsplit("/", 1)[1]
            admin = self.pg.url.replace("postgresql+psycopg://", "postgresql://", 1)
            subprocess.run(
                [_pg_tool("psql"), admin, "-c", f'CREATE DATABASE "{name}"'],
                check=True,
                capture_output=True,
                timeout=120,
            )
            subprocess.run(
                [_pg_tool("pg_restore"), "-d", self._libpq(), str(self.backup_file)],
                check=True,
                capture_output=True,
                timeout=300,
            )
        self.process.start()

    def kill_and_restart(self) -> None:
        self.process.kill()
        self.process.start()

    def close(self) -> None:
        self.process.stop()
        if self.pg is not None:
            self.pg.drop_database(self.db_url)


def _pg_tool(name: str) -> str:
    from tests.support.postgres import _bin_dir

    found = _bin_dir()
    path = (found / name) if found else None
    return str(path) if path and path.exists() else (shutil.which(name) or name)


class Chaos:
    def __init__(self, root: Path, config: ChaosConfig, pg: Any | None = None) -> None:
        self.root = root
        self.config = config
        self.rng = random.Random(config.seed)
        self.report = ChaosReport(config.backend, config.seed, config.rounds)
        (root / "hub").mkdir()
        self.hub = Hub(root / "hub", config.backend, pg)
        port = int(self.hub.url.rsplit(":", 1)[1])
        # A slowish link, so kills land inside pushes, uploads and pulls.
        self.link = LinkProxy("127.0.0.1", port, delay_s=0.005, rate_bytes_per_s=400_000)
        self.link.start()
        via = f"http://127.0.0.1:{self.link.port}"
        self.reports = self._world_reports(config.rounds * config.reports_per_round + 2)
        self.officer = Pc(root / "pc-officer", via, "officer1")
        self.supervisor = Pc(root / "pc-supervisor", via, "supervisor1")
        self.desk = Pc(root / "pc-desk", via, "desk1")
        self.pcs = [self.officer, self.desk, self.supervisor]
        for pc in self.pcs:
            assert pc.client.sync().ok
        self.review: list[str] = []  # follow-ups the supervisor decides on
        self.to_withdraw: list[str] = []  # follow-ups their officer takes back
        self.photos: set[str] = set()

    def _world_reports(self, n: int) -> list[str]:
        """Citizens' reports routed to the office, all made before any backup (a report the
        world made after the backup is lost with the restore; that is the world's loss, not an
        office's, and docs/sync.md names it)."""
        ids = []
        for i in range(n):
            r = self.hub.admin(
                "POST",
                "/reports",
                {"title": f"Jalan rusak {i}", "content": "Jalan berlubang di depan pasar lama."},
            )
            self.hub.admin("POST", f"/reports/{r['id']}/dispose", {"agency": AGENCY_A})
            ids.append(r["id"])
        return ids

    # --- work ------------------------------------------------------------------------------

    def _photo(self, pc: Pc, s: Any) -> Any:
        src = self.root / f"photo-{self.rng.randrange(10**9)}.jpg"
        src.write_bytes(self.rng.randbytes(self.config.photo_bytes))
        info = commands.add_attachment(
            s,
            pc.client.profile.blob_dir,
            src,
            "foto.jpg",
            "image/jpeg",
            key=pc.client.profile.blob_key,
        )
        src.unlink()
        self.photos.add(info.sha256)
        self.report.attachments += 1
        return info

    def queue_work(self, round_no: int) -> None:
        per = self.config.reports_per_round
        batch = self.reports[round_no * per : (round_no + 1) * per]
        followup_reports, handoff_report, assign_report = batch[:-2], batch[-2], batch[-1]
        officer, sup, desk = self.officer.client, self.supervisor.client, self.desk.client
        with officer.profile.session() as s, s.begin():
            for i, report_id in enumerate(followup_reports):
                if not _known(s, report_id):
                    continue
                photos = [self._photo(self.officer, s)] if i == 0 else []
                commands.save_draft(
                    s, officer.actor, report_id, f"{TEXT} ({report_id[:8]})", attachments=photos
                )
                followup = commands.submit_followup(s, officer.actor, report_id)
                (self.to_withdraw if i == 1 else self.review).append(followup)
            if _known(s, handoff_report):
                commands.request_handoff(
                    s, officer.actor, handoff_report, AGENCY_B, "Bukan kewenangan dinas ini."
                )
            for followup in list(self.to_withdraw):
                row = s.get(PcFollowup, followup)
                if row is not None and row.data is not None and row.state == "pending_approval":
                    try:
                        commands.withdraw_followup(s, officer.actor, followup, "Salah laporan.")
                        self.to_withdraw.remove(followup)
                    except ValidationError:
                        pass  # still busy with its submit; next round
        with sup.profile.session() as s, s.begin():
            decided = 0
            for followup in list(self.review):
                row = s.get(PcFollowup, followup)
                if row is None or row.data is None or row.state != "pending_approval":
                    continue
                try:
                    if decided % 2 == 0:
                        commands.approve_followup(s, sup.actor, followup, row.version)
                    else:
                        commands.return_followup(
                            s, sup.actor, followup, row.version, "Lengkapi foto sesudah."
                        )
                except ValidationError:
                    continue
                self.review.remove(followup)
                decided += 1
            if _known(s, assign_report):
                commands.assign_report(s, sup.actor, assign_report, "u-officer1b")
        with desk.profile.session() as s, s.begin():
            photos = [self._photo(self.desk, s)] if round_no % 2 == 0 else []
            commands.create_intake(
                s,
                desk.actor,
                office_code="DPUPR",
                title=f"Saluran air tersumbat {round_no}",
                content="Saluran air di gang mawar tersumbat sampah sejak hujan deras.",
                classification="pengaduan",
                received_at=dt.datetime.now(dt.UTC),
                attachments=photos,
            )
        for pc in self.pcs:
            pc.note_outbox()

    # --- faults ------------------------------------------------------------------------------

    def killed_run(self, pc: Pc) -> None:
        before = pc.unsent()
        proc = pc.cli()
        if _kill_after(proc, self.link, self.rng.randrange(2_000, 120_000)):
            self.report.client_kills += 1
            sending, partial = pc.half_done(before)
            self.report.kills_mid_push += sending
            self.report.kills_mid_upload += partial

    def server_killed_run(self, pc: Pc, *, restore: bool = False) -> None:
        """Kill the hub while `pc` syncs; start it again (on its older copy when `restore`)."""
        proc = pc.cli()
        start = self.link.counters.bytes_up + self.link.counters.bytes_down
        threshold = self.rng.randrange(2_000, 60_000)
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if self.link.counters.bytes_up + self.link.counters.bytes_down - start >= threshold:
                break
            time.sleep(0.002)  # polling the counters, not waiting for an outcome
        self.hub.process.kill()
        self.report.server_kills += 1
        _finish(proc)  # the PC sees the hub gone (offline) and keeps its work
        self.link.reset_all()
        if restore:
            self.hub.restore()
            self.report.restores += 1
        else:
            self.hub.process.start()

    def lost_answers(self) -> None:
        n = self.config.lost_answers_per_round
        if n:
            self.hub.admin("PUT", "/faults", {"drop_push_after_commit": n})

    def count_lost_answers(self) -> None:
        if self.config.lost_answers_per_round:
            left = int(self.hub.admin("GET", "/faults")["drop_push_after_commit"])
            self.report.lost_answers += self.config.lost_answers_per_round - left
            self.hub.admin("PUT", "/faults", {})

    def restore(self) -> None:
        """The hub's disk fails mid-sync; its database comes back from the older copy."""
        self.server_killed_run(self.rng.choice(self.pcs), restore=True)
        # The office with the follow-ups first, the supervisor after: approvals of follow-ups
        # the restored hub lost land once their follow-ups are there again.
        for pc in self.pcs:
            summary = pc.client.sync()
            if summary.state is CycleState.AUTH_REQUIRED:
                # A login made after the backup is gone with it: the user signs in again.
                pc.client.login()
                summary = pc.client.sync()
            self.report.reoffered_after_restore += _offered_again(summary.message)

    def damage(self) -> None:
        pc = self.officer
        pc.close()
        db = pc.folder / DB_NAME
        with open(db, "r+b") as f:
            f.truncate(int(db.stat().st_size * 0.6))
        out = _finish(pc.cli("recover-profile"))
        if "Operasi belum terkirim:" not in out:
            raise AssertionError(f"recover-profile failed: {out[-2000:]}")
        self.report.damaged_files += 1
        self.report.recovered_ops += _number_after(out, "Operasi belum terkirim:")
        pc.reopen()
        pc.note_outbox()

    # --- the run -----------------------------------------------------------------------------

    def _timed(self, phase: str, fn: Any, *args: Any) -> None:
        started = time.monotonic()
        fn(*args)
        self.report.phase_seconds[phase] += time.monotonic() - started

    def run(self) -> ChaosReport:
        started = time.monotonic()
        cfg = self.config
        for round_no in range(cfg.rounds):
            self._timed("queue work", self.queue_work, round_no)
            self.lost_answers()
            for k in range(cfg.kills_per_round):
                pc = self.pcs[(round_no + k) % len(self.pcs)]
                self._timed("killed PC runs", self.killed_run, pc)
            if round_no in cfg.server_kill_rounds:
                self._timed("hub killed", self.server_killed_run, self.rng.choice(self.pcs))
            if round_no == cfg.damage_round:
                self._timed("damage", self.damage)
            for pc in self.pcs:
                self._timed("ordinary cycles", pc.client.sync)
            self.count_lost_answers()
            if round_no == cfg.restore_round and self.hub.backup_file is not None:
                self._timed("restore", self.restore)
            if round_no == cfg.backup_round:
                self._timed("backup", self.backup_after_round)
        self._timed("converge", self.converge)
        self.account()
        self.report.seconds = time.monotonic() - started
        return self.report

    def backup_after_round(self) -> None:
        # Settle first, so the copy holds acknowledged work that the restore then takes away.
        for pc in self.pcs:
            pc.client.sync()
        self.hub.backup()

    def converge(self, rounds: int = 12) -> None:
        self.link.clear_faults()
        for cycle in range(1, rounds + 1):
            summaries = [pc.client.sync() for pc in self.pcs]
            if all(s.ok and s.unsent == 0 for s in summaries):
                self.report.converge_cycles = cycle
                return
        raise AssertionError(f"no convergence: {[s.message for s in summaries]}")

    # --- the accounting ----------------------------------------------------------------------

    def account(self) -> None:
        engine = create_engine(self.hub.db_url)
        try:
            with engine.connect() as conn:
                answers = Counter(
                    {
                        op_id: n
                        for op_id, n in conn.execute(
                            select(OpResultRow.op_id, func.count()).group_by(OpResultRow.op_id)
                        )
                    }
                )
                receipts = conn.execute(
                    select(HubReport.receipt_number, func.count())
                    .where(HubReport.receipt_number.is_not(None))
                    .group_by(HubReport.receipt_number)
                    .having(func.count() > 1)
                ).all()
                handoffs = conn.execute(
                    select(HubHandoff.report_id, func.count())
                    .group_by(HubHandoff.report_id)
                    .having(func.count() > 1)
                ).all()
                followups = {
                    fid: (state, version)
                    for fid, state, version in conn.execute(
                        select(HubFollowup.id, HubFollowup.state, HubFollowup.version)
                    )
                }
                blobs = {
                    sha: path for sha, path in conn.execute(select(HubBlob.sha256, HubBlob.path))
                }
        finally:
            engine.dispose()
        for pc in self.pcs:
            states = pc.outbox_states()
            with pc.client.profile.read_session() as s, s.begin():
                errors = dict(s.execute(select(Outbox.op_id, Outbox.last_error)).all())
            for op_id, op_type in pc.queued.items():
                self.report.ops[op_type] += 1
                if answers[op_id] == 1:
                    self.report.applied_once += 1
                elif answers[op_id] > 1:
                    self.report.doubled.append(f"{op_type} {op_id}: {answers[op_id]} answers")
                elif states.get(op_id) in ("conflict", "quarantined"):
                    self.report.parked += 1
                    self.report.parked_ops.append(f"{op_type}: {errors.get(op_id)}")
                else:
                    self.report.lost.append(f"{op_type} {op_id}: {states.get(op_id)}")
        self.report.doubled += [f"receipt {r} x{n}" for r, n in receipts]
        self.report.doubled += [f"hand-off of {r} x{n}" for r, n in handoffs]
        # A follow-up changed once per op: never a version past what its ops can explain.
        for fid, (state, version) in followups.items():
            if version > 3:
                self.report.doubled.append(f"follow-up {fid} at version {version} ({state})")
        for sha in self.photos:
            path = blobs.get(sha)
            if path is None:
                self.report.lost.append(f"attachment {sha[:12]} not on the hub")
                continue
            data = (self.hub.folder / path).read_bytes()
            if hashlib.sha256(data).hexdigest() != sha:
                self.report.lost.append(f"attachment {sha[:12]} damaged on the hub")

    def close(self) -> None:
        for pc in self.pcs:
            pc.close()
        self.link.stop()
        self.hub.close()


def _known(s: Any, report_id: str) -> bool:
    """Is the report on this PC? After "Pulihkan profil" the PC reads its whole scope again at
    its next sync; until one gets through, the officer cannot open the report either."""
    return s.scalar(select(PcReport.pk).where(PcReport.id == report_id)) is not None


def _number_after(text: str, label: str) -> int:
    for line in text.splitlines():
        if label in line:
            digits = "".join(ch for ch in line.split(label, 1)[1] if ch.isdigit())
            return int(digits or 0)
    return 0


def _offered_again(message: str) -> int:
    # "... N operasi dikirim ulang ..." is in the summary's message after a restore.
    words = message.split()
    for i, word in enumerate(words[1:], start=1):
        if word.startswith("operasi") and words[i - 1].isdigit():
            return int(words[i - 1])
    return 0


def run_chaos(root: Path, config: ChaosConfig, pg: Any | None = None) -> ChaosReport:
    chaos = Chaos(root, config, pg)
    try:
        return chaos.run()
    finally:
        chaos.close()
