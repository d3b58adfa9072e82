"""Fault injection for demos and tests: latency, 503s, dropped connections, lost answers.

The settings live in the database (the `setting` row `faults`), so every worker process of the
hub obeys what was set through any one of them, and "commit then drop the next N pushes" counts
down once across all of them. Only servers started with fault injection allowed
(`ServerSettings.fault_injection`: `serve --allow-faults`, the embedded test and demo server)
read it at all; a production hub pays nothing. The admin API itself is never disturbed, so a
test can always switch the faults off again.

The dice (`error_rate`, `drop_rate`) are rolled by each process with its own random source,
seeded from `seed` when the settings change: one process repeats the same sequence for a seed.
"""

from __future__ import annotations

import asyncio
import json
import random
import threading
import uuid
from dataclasses import asdict, dataclass

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from central.db import Database
from central.middleware import RAW_SEND_KEY, send_problem
from central.models import Setting
from sync.wire import API_PREFIX

FAULTS_KEY = "faults"


@dataclass
class FaultSettings:
    latency_ms: int = 0
    error_rate: float = 0.0  # share of requests answered 503
    drop_rate: float = 0.0  # share of connections closed without an answer
    # The next N push requests are carried out and committed, then the answer is lost.
    drop_push_after_commit: int = 0
    seed: int | None = None

    @property
    def active(self) -> bool:
        return bool(
            self.latency_ms or self.error_rate or self.drop_rate or self.drop_push_after_commit
        )


class Faults:
    """The fault settings in the database, and this process's dice."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._random = random.Random()
        self._generation: str | None = None

    @staticmethod
    def _parse(text: str | None) -> tuple[FaultSettings, str | None]:
        if not text:
            return FaultSettings(), None
        data = json.loads(text)
        generation = data.pop("generation", None)
        return FaultSettings(**data), generation

    def get(self) -> FaultSettings:
        with self.db.read() as session, session.begin():
            row = session.get(Setting, FAULTS_KEY)
            settings, generation = self._parse(row.value if row else None)
        with self._lock:
            if generation != self._generation:  # changed (by any process): new dice
                self._generation = generation
                self._random = random.Random(settings.seed)
        return settings

    def set(self, settings: FaultSettings) -> None:
        text = json.dumps({**asdict(settings), "generation": uuid.uuid4().hex})
        with self.db.write() as session, session.begin():
            row = session.get(Setting, FAULTS_KEY, with_for_update=True)
            if row is None:
                session.add(Setting(key=FAULTS_KEY, value=text))
            else:
                row.value = text

    def roll(self, rate: float) -> bool:
        with self._lock:
            return rate > 0 and self._random.random() < rate

    def take_push_drop(self) -> bool:
        """Take one of the "drop after commit" pushes, if any is left (once across workers)."""
        with self.db.write() as session, session.begin():
            row = session.get(Setting, FAULTS_KEY, with_for_update=True)
            if row is None:
                return False
            data = json.loads(row.value)
            if int(data.get("drop_push_after_commit", 0)) <= 0:
                return False
            data["drop_push_after_commit"] = int(data["drop_push_after_commit"]) - 1
            row.value = json.dumps(data)  # same generation: the dice roll on
            return True


def drop_connection(scope: Scope) -> bool:
    """Close the client's connection without a byte of answer (uvicorn's transport)."""
    cycle = getattr(scope.get(RAW_SEND_KEY), "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None:
        return False
    transport.close()
    # Tell uvicorn the client is gone, so it does not try to answer with a 500 afterwards.
    cycle.disconnected = True  # type: ignore[union-attr]
    return True


class FaultMiddleware:
    def __init__(self, app: ASGIApp, faults: Faults) -> None:
        self.app = app
        self.faults = faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path.startswith(f"{API_PREFIX}/admin"):
            await self.app(scope, receive, send)
            return
        settings = await run_in_threadpool(self.faults.get)
        if not settings.active:
            await self.app(scope, receive, send)
            return
        if settings.latency_ms > 0:
            await asyncio.sleep(settings.latency_ms / 1000)
        if self.faults.roll(settings.drop_rate) and drop_connection(scope):
            return
        if self.faults.roll(settings.error_rate):
            await send_problem(
                scope,
                receive,
                send,
                503,
                "unavailable",
                "Layanan tidak tersedia",
                "Server sedang sibuk (gangguan buatan). Coba lagi nanti.",
            )
            return
        if (
            scope["method"] == "POST"
            and path == f"{API_PREFIX}/sync/push"
            and settings.drop_push_after_commit > 0
            and await run_in_threadpool(self.faults.take_push_drop)
        ):
            await self._commit_then_drop(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _commit_then_drop(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def swallow(message: Message) -> None:
            return None

        await self.app(scope, receive, swallow)
        if not drop_connection(scope):
            # Not under uvicorn: start an answer and break it off, the closest we can get.
            await send({"type": "http.response.start", "status": 200, "headers": []})
            raise ConnectionAbortedError("response dropped on purpose")
