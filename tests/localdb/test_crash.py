"""A process killed with SIGKILL in the middle of writing loses nothing it reported saved."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select as sa_select

from localdb import syncstore as ss
from localdb.models import Draft
from localdb.profile import DB_NAME, Profile
from tests.localdb.builders import report_data, upsert
from tests.support.child import child_env
from tests.support.crypt import TEST_KEY, db_connect

ROOT = Path(__file__).resolve().parents[2]
REPORTS = 400

CHILD = """
import sys
from pathlib import Path
from sqlalchemy import select
from localdb import commands as cmd
from localdb.models import Report
from localdb.profile import Profile
from tests.localdb.builders import OFFICER
from tests.support.crypt import TEST_KEY

profile = Profile.open(Path(sys.argv[1]), key=TEST_KEY)
with profile.read_session() as s, s.begin():
    ids = s.scalars(select(Report.id).order_by(Report.id)).all()
start = int(sys.argv[2])
for i, report_id in enumerate(ids[start:], start):
    with profile.session() as s, s.begin():
        ref = cmd.save_draft(s, OFFICER, report_id, f"Draf nomor {i}: " + "isi " * 200)
    print(ref.id, i, flush=True)
"""


def _read_lines(proc: subprocess.Popen[str], count: int, deadline: float) -> list[str]:
    assert proc.stdout is not None
    lines: list[str] = []
    while len(lines) < count:
        remaining = deadline - time.monotonic()
        assert remaining > 0, "the writer never got going"
        ready, _, _ = select.select([proc.stdout], [], [], remaining)
        if ready:
            line = proc.stdout.readline()
            assert line, f"writer died: {proc.stderr.read() if proc.stderr else ''}"
            lines.append(line)
    return lines


def test_sigkill_while_saving_drafts_loses_nothing_reported_saved(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    with Profile.open(folder, key=TEST_KEY) as profile, profile.session() as s, s.begin():
        ss.apply_changes(s, [upsert("report", report_data()) for _ in range(REPORTS)], "c")
    saved: dict[str, int] = {}
    for round_no, wait_for in enumerate((25, 60, 7)):
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(folder), str(len(saved))],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env(),
        )
        try:
            for line in _read_lines(proc, wait_for, time.monotonic() + 60):
                draft_id, number = line.split()
                saved[draft_id] = int(number)
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            for stream in (proc.stdout, proc.stderr):
                if stream is not None:
                    stream.close()
        assert proc.returncode == -signal.SIGKILL, f"round {round_no}: writer ended by itself"

        conn = db_connect(folder / DB_NAME)
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        conn.close()
        with Profile.open(folder, key=TEST_KEY) as profile, profile.session() as s:
            drafts = {d.id: d.content for d in s.scalars(sa_select(Draft))}
        for draft_id, number in saved.items():
            assert drafts[draft_id].startswith(f"Draf nomor {number}: ")
    assert len(saved) == 25 + 60 + 7
