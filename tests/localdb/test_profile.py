from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import text

from localdb import migrate
from localdb.cipher import DB_ERRORS
from localdb.errors import ProfileDamagedError, ProfileTooNewError
from localdb.folders import default_profiles_root, profile_folder
from localdb.profile import DB_NAME, Profile
from tests.support.crypt import TEST_KEY, big_profile, db_connect


def test_open_creates_folder_database_and_subfolders(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b"
    with Profile.open(folder, key=TEST_KEY) as profile:
        assert profile.db_path == folder / DB_NAME
        assert profile.db_path.is_file()
        assert profile.blob_dir.is_dir()
        assert profile.backup_dir.is_dir()
        with profile.session() as s:
            version = s.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        assert version == migrate.head_revision()


def test_connections_use_wal_foreign_keys_and_full_sync(profile: Profile) -> None:
    with profile.session() as s, s.begin():
        assert s.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert s.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert s.execute(text("PRAGMA synchronous")).scalar_one() == 2  # FULL
        assert s.execute(text("PRAGMA busy_timeout")).scalar_one() >= 1000


def test_write_session_takes_the_write_lock_at_begin(profile: Profile) -> None:
    other = db_connect(profile.db_path, timeout=0)
    try:
        with profile.session() as s, s.begin():
            s.execute(text("SELECT 1"))
            with pytest.raises(DB_ERRORS, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        # A read session does not hold the lock.
        with profile.read_session() as s, s.begin():
            s.execute(text("SELECT 1"))
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
    finally:
        other.close()


def test_reopen_keeps_data(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    with Profile.open(folder, key=TEST_KEY) as profile, profile.session() as s, s.begin():
        s.execute(text("INSERT INTO sync_state (id, cursor, last_seq) VALUES (1, 'c-9', 0)"))
    with Profile.open(folder, key=TEST_KEY) as profile, profile.session() as s:
        assert s.execute(text("SELECT cursor FROM sync_state")).scalar_one() == "c-9"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_database_from_a_newer_app_is_refused_and_left_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    Profile.open(folder, key=TEST_KEY).close()
    db = folder / DB_NAME
    conn = db_connect(db)
    conn.execute("UPDATE alembic_version SET version_num = 'f00dcafe9999'")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = _digest(db)
    backups_before = sorted(p.name for p in (folder / "backups").iterdir())

    with pytest.raises(ProfileTooNewError) as caught:
        Profile.open(folder, key=TEST_KEY)

    assert caught.value.revision == "f00dcafe9999"
    assert "lebih baru" in caught.value.message and "newer" in caught.value.message
    assert _digest(db) == before
    assert sorted(p.name for p in (folder / "backups").iterdir()) == backups_before


def test_a_file_that_is_not_a_database_is_reported_damaged(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / DB_NAME).write_bytes(b"this is not sqlite" * 500)
    with pytest.raises(ProfileDamagedError) as caught:
        Profile.open(folder, key=TEST_KEY)
    assert "Pulihkan profil" in caught.value.message


# dbstat (which finds a table's pages) is only in the standard library's SQLite, so the
# page-damage tests run on a plain profile: the check and recovery code is the same for
# both; tests/localdb/test_encryption.py damages an encrypted file.
def test_corrupt_pages_fail_the_quick_check(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    _damage_sync_log(folder)
    with pytest.raises(ProfileDamagedError):
        Profile.open(folder, key=None)


def _damage_sync_log(folder: Path) -> None:
    with Profile.open(folder, key=None) as profile, profile.session() as s, s.begin():
        for i in range(300):
            s.execute(
                text(
                    "INSERT INTO sync_log (request_id, method, endpoint, status, bytes_sent, "
                    "bytes_received, duration_ms, error, at) VALUES (:r, 'GET', '/changes', "
                    "200, 10, 20, 5, :e, '2026-01-01T00:00:00.000000Z')"
                ),
                {"r": f"r{i}", "e": "x" * 200},
            )
    db = folder / DB_NAME
    conn = db_connect(db, key=None)
    pages = [row[0] for row in conn.execute("SELECT pageno FROM dbstat WHERE name='sync_log'")]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(db, "r+b") as f:
        f.seek((pages[len(pages) // 2] - 1) * page_size)
        f.write(b"\xff" * page_size)


def test_deferred_check_finds_the_damage_and_then_refuses_writes(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    _damage_sync_log(folder)
    for made in (folder / "backups").iterdir():
        made.unlink()  # so a daily backup would be due
    profile = Profile.open(folder, defer_checks=True, key=None)  # opens: the check has not run yet
    try:
        assert profile.checks_pending
        with pytest.raises(ProfileDamagedError):
            profile.run_deferred_checks()
        with pytest.raises(ProfileDamagedError):
            profile.session()
        assert profile.checks_pending
        assert not list(profile.backup_dir.iterdir())  # no copy of a damaged file
    finally:
        profile.close()


def test_deferred_checks_take_the_daily_backup(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    Profile.open(folder, key=TEST_KEY).close()
    for made in (folder / "backups").iterdir():
        made.unlink()
    with Profile.open(folder, defer_checks=True, key=TEST_KEY) as profile:
        assert not list(profile.backup_dir.iterdir())
        profile.run_deferred_checks()
        assert not profile.checks_pending
        assert len(list(profile.backup_dir.glob("*-daily.db"))) == 1
        with profile.session() as s, s.begin():
            s.execute(text("SELECT 1"))


def test_a_profile_that_needs_migrating_is_checked_even_when_checks_are_deferred(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "p"
    _damage_sync_log(folder)
    conn = db_connect(folder / DB_NAME, key=None)
    conn.execute("UPDATE alembic_version SET version_num = '0002'")
    conn.commit()
    conn.close()
    before = _digest(folder / DB_NAME)
    with pytest.raises(ProfileDamagedError):
        Profile.open(folder, defer_checks=True, key=None)
    assert _digest(folder / DB_NAME) == before


def test_profile_folders_live_under_the_user_data_dir() -> None:
    root = default_profiles_root()
    assert "Simpul" in root.parts
    assert profile_folder("budi.santoso") == root / "budi.santoso"
    assert profile_folder("x", tmp := Path("base")) == tmp / "x"
    for bad in ("", "..", "a/b", "a\\b", " spaced"):
        with pytest.raises(ValueError):
            profile_folder(bad)


@pytest.mark.parametrize(
    "name",
    ["CON", "con", "NUL", "nul.txt", "PRN", "AUX", "COM1", "com9.db", "LPT1", "lpt3", "budi."],
)
def test_profile_names_windows_cannot_store_are_refused(tmp_path: Path, name: str) -> None:
    """Windows reserves device names (with any extension) and drops a trailing dot, so
    "budi." and "budi" would be one folder there."""
    with pytest.raises(ValueError):
        profile_folder(name, tmp_path)


@pytest.mark.parametrize("name", ["console", "com10", "nulled", "budi.santoso", "lpt"])
def test_names_that_only_look_like_device_names_are_fine(tmp_path: Path, name: str) -> None:
    assert profile_folder(name, tmp_path) == tmp_path / name


def test_a_write_never_lands_in_an_unchecked_file_even_when_no_check_was_run(
    tmp_path: Path,
) -> None:
    """Opened without its check and nobody runs it: the first write runs the check itself,
    finds the damage, and is refused; the file is not touched."""
    folder = tmp_path / "p"
    _damage_sync_log(folder)
    before = _digest(folder / DB_NAME)
    profile = Profile.open(folder, defer_checks=True, key=None)
    try:
        with profile.read_session() as s, s.begin():  # reading still works
            assert s.execute(text("SELECT count(*) FROM report")).scalar_one() == 0
        with pytest.raises(ProfileDamagedError), profile.session() as s, s.begin():
            s.execute(
                text(
                    "INSERT INTO audit (at, actor, action, entity_kind, entity_id) "
                    "VALUES ('2026-01-01T00:00:00.000000Z', 'a', 'b', 'c', 'd')"
                )
            )
        with pytest.raises(ProfileDamagedError):
            profile.session()
    finally:
        profile.close()
    assert _digest(folder / DB_NAME) == before


def test_reads_go_on_while_the_deferred_check_runs_and_writes_wait_for_it(
    tmp_path: Path,
) -> None:
    import threading

    from sqlalchemy import event

    folder = tmp_path / "p"
    big_profile(folder)
    with Profile.open(folder, defer_checks=True, key=TEST_KEY) as profile:
        # Each statement with whether the check was still to come; listed after the profile's
        # own listener, so a write shows what it found once it was let through.
        ran: list[tuple[str, bool]] = []
        event.listen(
            profile.engine,
            "before_cursor_execute",
            lambda _c, _cur, sql, *_a: ran.append((sql.split()[0].upper(), profile.checks_pending)),
        )
        checks = threading.Thread(target=profile.run_deferred_checks)
        checks.start()
        with profile.session() as s, s.begin():  # the database thread's session, reading
            s.execute(text("SELECT id FROM report LIMIT 1")).all()
        with profile.read_session() as s, s.begin():
            s.execute(text("SELECT count(*) FROM audit")).scalar_one()
        read_while_checking = profile.checks_pending
        with profile.session() as s, s.begin():
            s.execute(
                text(
                    "INSERT INTO audit (at, actor, action, entity_kind, entity_id) "
                    "VALUES ('2026-01-02T00:00:00.000000Z', 'a', 'b', 'c', 'after')"
                )
            )
        checks.join()
        assert not profile.checks_pending
        assert len(list(profile.backup_dir.glob("*-daily.db"))) == 1
    assert read_while_checking  # the reads did not wait for the whole file to be read
    writes = [pending for kind, pending in ran if kind in ("INSERT", "UPDATE", "DELETE")]
    assert writes and not any(writes)


def test_closing_stops_a_deferred_check_that_is_still_reading(tmp_path: Path) -> None:
    """A logout in the first seconds after login: closing the profile interrupts the quick
    check instead of waiting for the whole file to be read. The file is then neither taken as
    sound nor as damaged, no daily backup is made of it, and the next open checks it again."""
    import threading
    import time

    folder = tmp_path / "p"
    big_profile(folder, megabytes=120)
    for made in (folder / "backups").iterdir():
        made.unlink()  # so a daily backup would be due
    profile = Profile.open(folder, defer_checks=True, key=TEST_KEY)
    failed: list[BaseException] = []

    def checks() -> None:
        try:
            profile.run_deferred_checks()
        except BaseException as exc:
            failed.append(exc)

    thread = threading.Thread(target=checks)
    thread.start()
    deadline = time.monotonic() + 60
    while profile._watch._conn is None and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.001)  # until the check has its connection: it is reading the file now
    profile.close()
    thread.join()
    assert failed == []
    assert profile.checks_pending  # not finished, so not taken as sound
    assert not list((folder / "backups").iterdir())
    with Profile.open(folder, defer_checks=True, key=TEST_KEY) as again:
        again.run_deferred_checks()  # not taken as damaged either: it passes, all of it
        assert not again.checks_pending
        assert len(list(again.backup_dir.glob("*-daily.db"))) == 1


def test_checks_stopped_before_they_start_leave_writes_guarded(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    Profile.open(folder, key=TEST_KEY).close()
    with Profile.open(folder, defer_checks=True, key=TEST_KEY) as profile:
        profile.stop_checks()
        profile.run_deferred_checks()
        assert profile.checks_pending
        with profile.session() as s, s.begin():  # a write still runs the quick check first
            s.execute(
                text(
                    "INSERT INTO audit (at, actor, action, entity_kind, entity_id) "
                    "VALUES ('2026-01-02T00:00:00.000000Z', 'a', 'b', 'c', 'after')"
                )
            )
        assert not profile.checks_pending
