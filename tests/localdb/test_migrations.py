from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

from localdb import migrate
from localdb.backup import list_backups
from localdb.engine import make_engine
from localdb.models import Base, Report
from localdb.profile import Profile
from localdb.search import search_reports
from tests.localdb.builders import report_data
from tests.support.crypt import TEST_KEY, db_connect


def _sqlite_master(db: Path) -> list[tuple[str, str, str]]:
    conn = db_connect(db)
    try:
        rows = conn.execute(
            "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
    finally:
        conn.close()
    return [(t, n, re.sub(r"\s+", " ", sql or "").strip()) for t, n, sql in rows]


def _inspected(db: Path) -> dict[str, Any]:
    engine = make_engine(db, key=TEST_KEY)
    try:
        insp = inspect(engine)
        tables = [
            t
            for t in insp.get_table_names()
            if t != "alembic_version" and not t.startswith("report_fts")
        ]
        return {
            t: {
                "columns": [
                    (c["name"], str(c["type"]), c["nullable"]) for c in insp.get_columns(t)
                ],
                "pk": insp.get_pk_constraint(t)["constrained_columns"],
                "indexes": sorted(
                    (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                    for i in insp.get_indexes(t)
                ),
                "unique": sorted(tuple(u["column_names"]) for u in insp.get_unique_constraints(t)),
            }
            for t in sorted(tables)
        }
    finally:
        engine.dispose()


def test_migrated_schema_equals_the_models(tmp_path: Path) -> None:
    with Profile.open(tmp_path / "migrated", key=TEST_KEY) as profile:
        with profile.engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"include_object": migrate.include_object}),
                Base.metadata,
            )
        migrated = profile.db_path
    assert diff == []
    created = tmp_path / "created.db"
    engine = make_engine(created, key=TEST_KEY)
    Base.metadata.create_all(engine)
    engine.dispose()
    assert _inspected(migrated) == _inspected(created)


def _insert_report_at_first_revision(db: Path, data: dict[str, Any]) -> None:
    conn = db_connect(db)
    conn.execute(
        "INSERT INTO report (id, tracking_id, version, data, title, status, classification, "
        "due_key, submitted_at, updated_at, is_secret, is_read, pulled_at) VALUES "
        "(?, ?, 1, ?, ?, 'terverifikasi', 'pengaduan', '2026-03-09', "
        "'2026-03-02T08:00:00.000000Z', '2026-03-02T08:00:00.000000Z', 0, 0, "
        "'2026-03-02T08:00:00.000000Z')",
        (data["id"], data["tracking_id"], json.dumps(data), data["title"]),
    )
    conn.commit()
    conn.close()


def test_upgrade_from_the_first_revision_matches_a_new_database(tmp_path: Path) -> None:
    old = tmp_path / "old"
    old.mkdir()
    engine = make_engine(old / "simpul.db", key=TEST_KEY)
    migrate.upgrade(engine, "0001")
    engine.dispose()
    data = report_data(title="Saluran air tersumbat di pasar")
    _insert_report_at_first_revision(old / "simpul.db", data)

    with Profile.open(old, key=TEST_KEY) as upgraded, upgraded.session() as s:
        hits = search_reports(s, "saluran tersumbat")
    with Profile.open(tmp_path / "new", key=TEST_KEY) as fresh:
        fresh_db = fresh.db_path

    assert [h.id for h in hits] == [data["id"]]  # rows from before the index are indexed
    assert _sqlite_master(old / "simpul.db") == _sqlite_master(fresh_db)
    # A backup was taken before migrating, and it is still at the old revision.
    before = [p for p in list_backups(old / "backups") if "-from-0001" in p.name]
    assert len(before) == 1
    conn = db_connect(before[0])
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    conn.close()


def test_head_is_the_newest_known_revision() -> None:
    assert migrate.head_revision() == "0013"
    assert migrate.is_known_revision("0001") and not migrate.is_known_revision("abc")


def test_revision_list_matches_the_migration_scripts() -> None:
    # Opening a profile trusts REVISIONS instead of importing Alembic; they must agree.
    scripts = migrate.script_directory()
    walked = [rev.revision for rev in scripts.walk_revisions()]
    assert tuple(reversed(walked)) == migrate.REVISIONS
    assert scripts.get_current_head() == migrate.HEAD


def test_opening_an_up_to_date_profile_does_not_import_alembic(tmp_path: Path) -> None:
    Profile.open(tmp_path / "p", key=TEST_KEY).close()
    code = (
        "import sys; from pathlib import Path; from localdb.profile import Profile; "
        "from tests.support.crypt import TEST_KEY; "
        f"Profile.open(Path({str(tmp_path / 'p')!r}), key=TEST_KEY).close(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'holidays')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_answered_flag_is_filled_for_reports_from_before_it(tmp_path: Path) -> None:
    old = tmp_path / "old"
    old.mkdir()
    engine = make_engine(old / "simpul.db", key=TEST_KEY)
    migrate.upgrade(engine, "0002")
    engine.dispose()
    answered, open_ = report_data(), report_data()
    for data in (answered, open_):
        _insert_report_at_first_revision(old / "simpul.db", data)
    conn = db_connect(old / "simpul.db")
    conn.execute(
        "INSERT INTO followup (id, report_id, version, state, updated_at) "
        "VALUES ('f1', ?, 1, 'published', '2026-03-02T08:00:00.000000Z')",
        (answered["id"],),
    )
    conn.commit()
    conn.close()

    with Profile.open(old, key=TEST_KEY) as upgraded, upgraded.read_session() as s, s.begin():
        flags = {r.id: r.answered for r in s.execute(select(Report.id, Report.answered))}
    assert flags == {answered["id"]: True, open_["id"]: False}
