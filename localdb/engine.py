"""The SQLite engine of a profile: SQLCipher key, pragmas, transaction mode."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection

from localdb.cipher import pragma_key

BUSY_TIMEOUT_MS = 5000
# Execution option naming how a transaction starts; sessions for reading use "DEFERRED".
BEGIN_OPTION = "simpul_begin"


def make_engine(path: Path, *, key: bytes | None = None) -> Engine:
    """An engine on the profile database at `path`: SQLCipher with the raw 256-bit `key`, or a
    plain SQLite file when `key` is None (older profiles before they migrate, benchmarks)."""
    if key is None:
        engine = create_engine(f"sqlite:///{path}", json_serializer=_dump_json)
    else:
        import sqlcipher3.dbapi2 as sqlcipher

        engine = create_engine(f"sqlite:///{path}", module=sqlcipher, json_serializer=_dump_json)
    event.listen(engine, "connect", functools.partial(_on_connect, key=key))
    event.listen(engine, "begin", _on_begin)
    return engine


def _on_connect(dbapi_connection: Any, _record: Any, *, key: bytes | None = None) -> None:
    # The driver's own transaction handling starts transactions late and never as IMMEDIATE;
    # switch it off and issue BEGIN ourselves in _on_begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        if key is not None:
            # First, before anything reads a page; a raw key skips SQLCipher's own KDF.
            cursor.execute(pragma_key(key))
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # FULL, not NORMAL: in WAL mode NORMAL skips the fsync at each commit, so a power cut
        # could drop a draft the screen already showed as saved. One fsync per small
        # transaction is cheap next to losing an officer's text.
        cursor.execute("PRAGMA synchronous=FULL")
    finally:
        cursor.close()


def _on_begin(conn: Connection) -> None:
    # IMMEDIATE takes the write lock at the start, so a transaction that reads and then writes
    # never fails half-way because another connection wrote in between (busy_timeout waits).
    mode = conn.get_execution_options().get(BEGIN_OPTION, "IMMEDIATE")
    conn.exec_driver_sql(f"BEGIN {mode}")


def _dump_json(value: Any) -> str:
    # Plain UTF-8 instead of \u escapes: Indonesian text stays readable and a little smaller.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
