"""The SQLite engine of a profile: pragmas, transaction mode, and the encryption hook."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection

BUSY_TIMEOUT_MS = 5000
# Execution option naming how a transaction starts; sessions for reading use "DEFERRED".
BEGIN_OPTION = "simpul_begin"


def make_engine(path: Path, *, key: str | None = None) -> Engine:
    """An engine on the profile database at `path`.

    `key` is the hook for encryption at rest: a later change points this at SQLCipher
    (`sqlite+pysqlcipher://:{key}@/{path}` with the `sqlcipher3` driver, and `PRAGMA key` as the
    first statement of the connect event below). Until then a key is refused rather than ignored,
    so nobody believes a plain file is encrypted.
    """
    if key is not None:
        raise NotImplementedError("encrypted profiles are not supported yet")
    engine = create_engine(f"sqlite:///{path}", json_serializer=_dump_json)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling starts transactions late and never as IMMEDIATE;
    # switch it off and issue BEGIN ourselves in _on_begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
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
