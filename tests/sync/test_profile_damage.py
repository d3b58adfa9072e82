"""A damaged or lost profile database loses no unsent work: "Pulihkan profil" (the CLI's
`recover-profile`) rebuilds it from what SQLite can read, the newest backup and the journal of
unsent ops. Real profile files damaged on disk, the real CLI, a real server."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from localdb import commands
from localdb.backup import make_backup
from localdb.journal import JOURNAL_NAME
from localdb.profile import DB_NAME
from sync.summary import EXIT_OK, EXIT_PROFILE
from tests.support.child import child_env
from tests.support.server import AGENCY_A, PASSWORD, Central
from tests.sync.clients import ClientFactory, ServerView

ROOT = Path(__file__).resolve().parents[2]
CONTENT = "Petugas sudah ke lokasi; perbaikan dijadwalkan pekan depan."


def _cli(folder: Path, url: str, command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sync",
            "--profile-dir",
            str(folder),
            "--server",
            url,
            "--username",
            "officer1",
            "--password-stdin",
            command,
        ],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=ROOT,
        timeout=180,
        check=False,
    )


def _five_unsent(central: Central, clients: ClientFactory) -> tuple[Path, list[str], bytes | None]:
    """A profile with five follow-ups queued and not sent; closed, as after the app quit."""
    reports = [central.disposed_report(AGENCY_A)["id"] for _ in range(5)]
    officer = clients.make("officer1", name=f"pc-{reports[0][:8]}")
    assert officer.sync().ok
    ids = []
    with officer.profile.session() as s, s.begin():
        for report_id in reports:
            commands.save_draft(s, officer.actor, report_id, f"{CONTENT} ({report_id[:8]})")
            ids.append(commands.submit_followup(s, officer.actor, report_id))
    key = officer.profile.key
    officer.close()
    return officer.profile.folder, ids, key


def _truncate(folder: Path, fraction: float) -> None:
    db = folder / DB_NAME
    with open(db, "r+b") as f:
        f.truncate(int(db.stat().st_size * fraction))


def _assert_landed_once(server_view: ServerView, followups: list[str]) -> None:
    for followup_id in followups:
        row = server_view.followup(followup_id)
        assert row is not None and row["state"] == "pending_approval" and row["version"] == 1
    assert all(n == 1 for n in server_view.op_result_counts().values())


@pytest.mark.parametrize(
    "damage", ["empty", "truncated_60", "truncated_85", "lost_with_backups", "backup_only"]
)
def test_unsent_work_survives_a_damaged_profile_database(
    central: Central, clients: ClientFactory, server_view: ServerView, damage: str
) -> None:
    folder, followups, key = _five_unsent(central, clients)
    if damage == "empty":
        _truncate(folder, 0)
    elif damage.startswith("truncated"):
        _truncate(folder, int(damage[-2:]) / 100)
    elif damage == "lost_with_backups":  # only the journal beside them is left
        (folder / DB_NAME).unlink()
        shutil.rmtree(folder / "backups")
    else:  # a backup taken after the work was queued; the file empty, the journal gone
        make_backup(folder / DB_NAME, folder / "backups", reason="manual", key=key)
        _truncate(folder, 0)
        (folder / JOURNAL_NAME).unlink()

    refused = _cli(folder, central.base_url, "once")
    assert refused.returncode == EXIT_PROFILE, refused.stdout + refused.stderr
    assert "Pulihkan profil" in refused.stdout and "Traceback" not in refused.stderr

    recovered = _cli(folder, central.base_url, "recover-profile")
    assert recovered.returncode == EXIT_OK, recovered.stdout + recovered.stderr
    assert "Operasi belum terkirim: 5" in recovered.stdout, recovered.stdout
    journal_only = re.search(r"Operasi yang hanya ada di jurnal: (\d+)", recovered.stdout)
    assert journal_only is not None, recovered.stdout
    if damage in ("truncated_85", "backup_only"):  # the ops' pages are still in the file
        assert journal_only.group(1) == "0", recovered.stdout
    elif damage == "truncated_60":  # what the cut takes depends on the file's layout (the
        assert 0 <= int(journal_only.group(1)) <= 5  # indexes, the reports pulled): the journal
        # gives what the file lost, and the count of unsent ops above holds either way
    else:
        assert journal_only.group(1) == "5", recovered.stdout
    if damage == "truncated_85":  # SQLite could still read them from the damaged file
        assert "Baris terbaca dari berkas rusak: 0" not in recovered.stdout
    if damage != "lost_with_backups":
        assert list(folder.glob("damaged-*.db")), "the damaged file is kept"

    synced = _cli(folder, central.base_url, "once")
    assert synced.returncode == EXIT_OK, synced.stdout + synced.stderr
    assert "terkirim=5" in synced.stdout
    _assert_landed_once(server_view, followups)
    again = _cli(folder, central.base_url, "once")
    assert again.returncode == EXIT_OK and "terkirim=0" in again.stdout
