"""A throwaway PostgreSQL cluster for tests (or the one named by SIMPUL_PG_URL).

One cluster per test session, in a temp folder, on a free loopback port, trust auth; each test
module gets a fresh database. When no server can be had the PostgreSQL half of the suite is
skipped with the reason, unless SIMPUL_REQUIRE_POSTGRES=1 (CI), where that is a failure.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url


@dataclass
class PgServer:
    """`url` points at a maintenance database; `new_database()` makes a fresh one."""

    url: str
    stop_cmd: list[str] | None = None

    def new_database(self) -> str:
        name = f"simpul_{uuid.uuid4().hex[:12]}"
        admin = make_url(self.url)
        with psycopg.connect(
            _libpq(admin.render_as_string(hide_password=False)), autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return admin.set(database=name).render_as_string(hide_password=False)

    def drop_database(self, url: str) -> None:
        name = make_url(url).database
        with psycopg.connect(_libpq(self.url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _libpq(sqlalchemy_url: str) -> str:
    return sqlalchemy_url.replace("postgresql+psycopg://", "postgresql://", 1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def start_cluster(base: Path) -> PgServer:
    bindir = _bin_dir()
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    prefix: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root
        prefix = ["runuser", "-u", "postgres", "--"]
        shutil.chown(base, "postgres", "postgres")
    data, log = base / "data", base / "server.log"
    port = _free_port()

    def run(*args: str) -> None:
        subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=120)

    run(
        str(bindir / "initdb"),
        "-D",
        str(data),
        "-U",
        "postgres",
        "--auth=trust",
        "-E",
        "UTF8",
        "--no-sync",
    )
    # Durability is not under test here; speed is welcome.
    options = (
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={base} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
    stop = [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
    return PgServer(url=f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", stop_cmd=stop)


def postgres_server(tmp_base: Path) -> Iterator[PgServer | str]:
    """Yields the server, or the reason there is none."""
    given = os.environ.get("SIMPUL_PG_URL")
    if given:
        yield PgServer(url=given)
        return
    try:
        server = start_cluster(tmp_base)
    except (OSError, RuntimeError, subprocess.SubprocessError, KeyError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        yield f"cannot start PostgreSQL: {exc} {detail.decode(errors='replace')[-300:]}"
        return
    try:
        yield server
    finally:
        if server.stop_cmd:
            subprocess.run(server.stop_cmd, check=False, capture_output=True, timeout=60)


def require_or_skip(reason: str) -> None:
    if os.environ.get("SIMPUL_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL is required (SIMPUL_REQUIRE_POSTGRES=1): {reason}")
    pytest.skip(reason)
