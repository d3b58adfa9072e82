"""Office clients for the tests: a real profile, transport, credentials and engine each."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select

from central.models import Followup as ServerFollowup
from central.models import OpResultRow
from central.models import Report as ServerReport
from localdb import syncstore
from localdb.actor import Actor
from localdb.models import Outbox
from localdb.profile import open_with_password
from sync.credentials import Credentials
from sync.runner import SyncEngine
from sync.summary import SyncSummary
from sync.transport import Transport
from tests.support.server import PASSWORD, Central


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SyncClient:
    """One user's office PC."""

    def __init__(
        self, folder: Path, server_url: str, username: str, *, stall_timeout: float = 10.0
    ) -> None:
        self.username = username
        # Opened as the app opens it: the password unwraps (or first makes) the profile's key.
        self.profile, _ = open_with_password(folder, PASSWORD)
        self.transport = Transport(server_url, stall_timeout=stall_timeout, connect_timeout=5)
        self.credentials = Credentials(
            self.profile, self.transport, profile_key=folder.name, clock=utcnow, username=username
        )
        self.engine = SyncEngine(self.profile, self.transport, self.credentials, clock=utcnow)
        self._actor: Actor | None = None

    def login(self) -> SyncClient:
        user = self.credentials.login(self.username, PASSWORD)
        with self.profile.session() as s, s.begin():
            device = syncstore.device_id(s)
        self._actor = Actor(user.id, user.username, frozenset(user.roles), user.agency.id, device)
        return self

    @property
    def actor(self) -> Actor:
        assert self._actor is not None, "log in first"
        return self._actor

    def sync(self, *, force: bool = True) -> SyncSummary:
        return self.engine.run_cycle(force=force)

    def outbox(self) -> dict[str, str]:
        """op_id -> state of every op this client ever queued."""
        with self.profile.read_session() as s, s.begin():
            return {op_id: state for op_id, state in s.execute(select(Outbox.op_id, Outbox.state))}

    def close(self) -> None:
        self.transport.close()
        self.profile.close()


class ClientFactory:
    def __init__(self, root: Path, server_url: str) -> None:
        self.root = root
        self.server_url = server_url
        self._made: list[SyncClient] = []

    def make(
        self, username: str, *, via: str | None = None, name: str | None = None, login: bool = True
    ) -> SyncClient:
        client = SyncClient(self.root / (name or username), via or self.server_url, username)
        self._made.append(client)
        return client.login() if login else client

    def close(self) -> None:
        for client in self._made:
            client.close()


class ServerView:
    """Reads the central server's database directly, to check what really landed there."""

    def __init__(self, central: Central) -> None:
        self.engine = create_engine(central.server.settings.db_url)

    def op_result_counts(self) -> Counter[str]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(OpResultRow.op_id, func.count()).group_by(OpResultRow.op_id))
            return Counter({op_id: n for op_id, n in rows})

    def followup(self, followup_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(ServerFollowup.state, ServerFollowup.version, ServerFollowup.content).where(
                    ServerFollowup.id == followup_id
                )
            ).first()
        return None if row is None else {"state": row[0], "version": row[1], "content": row[2]}

    def followup_count(self, report_id: str) -> int:
        with self.engine.connect() as conn:
            return int(
                conn.execute(
                    select(func.count())
                    .select_from(ServerFollowup)
                    .where(ServerFollowup.report_id == report_id)
                ).scalar_one()
            )

    def report_status(self, report_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(
                select(ServerReport.status).where(ServerReport.id == report_id)
            ).scalar_one_or_none()

    def close(self) -> None:
        self.engine.dispose()
