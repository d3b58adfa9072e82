"""Engines, session factories and migrations of the central database.

SQLite (the default, one file) and PostgreSQL (`postgresql+psycopg://...`) are both supported.
Statement parameters are never logged nor put in exception texts (`hide_parameters`): they
carry citizens' personal data.

Writers and readers get separate session factories:

- write sessions on SQLite open with `BEGIN IMMEDIATE`, so a transaction that reads and then
  writes never fails half way with "database is locked" when another writer got in first;
- read sessions on PostgreSQL run in REPEATABLE READ, so one pull page sees one snapshot (the
  feed query and the rows it renders agree).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


def _sqlite_engine(url: str, begin: str) -> Engine:
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": 30},
        pool_size=8,
        hide_parameters=True,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own handling is lazy).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql(begin)

    return engine


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


@dataclass
class Database:
    """The two session factories of one database; `with db.write() as s, s.begin(): ...`."""

    url: str
    write_engine: Engine
    read_engine: Engine
    write: sessionmaker[Session]
    read: sessionmaker[Session]

    def dispose(self) -> None:
        self.write_engine.dispose()
        if self.read_engine is not self.write_engine:
            self.read_engine.dispose()


def open_database(url: str) -> Database:
    if is_sqlite(url):
        write_engine = _sqlite_engine(url, "BEGIN IMMEDIATE")
        read_engine = _sqlite_engine(url, "BEGIN")
    else:
        write_engine = create_engine(
            url, pool_size=8, max_overflow=8, pool_pre_ping=True, hide_parameters=True
        )
        read_engine = write_engine.execution_options(isolation_level="REPEATABLE READ")
    return Database(
        url=url,
        write_engine=write_engine,
        read_engine=read_engine,
        write=sessionmaker(write_engine, expire_on_commit=False),
        read=sessionmaker(read_engine, expire_on_commit=False),
    )


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


@contextmanager
def _migration_connection(url: str) -> Iterator[Connection]:
    engine = (
        _sqlite_engine(url, "BEGIN") if is_sqlite(url) else create_engine(url, hide_parameters=True)
    )
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def upgrade(url: str, revision: str = "head") -> None:
    """Create or update the schema of the database at `url` to `revision`."""
    if is_sqlite(url):
        db_path = make_url(url).database
        if db_path and db_path != ":memory:":
            Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    cfg = alembic_config()
    with _migration_connection(url) as conn:
        if not is_sqlite(url):
            # Several hub processes may start at once on one PostgreSQL: one migrates, the
            # others wait and then find nothing left to do. (SQLite's own lock does this.)
            conn.exec_driver_sql("SELECT pg_advisory_lock(7215011)")
            conn.commit()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
