"""Fault injection for demos and tests: latency, 503s, dropped connections, lost answers.

Settings live in the memory of the running server (set through the admin API). The admin API
itself is never disturbed, so a test can always switch the faults off again.
"""

from __future__ import annotations

import asyncio
import random
import threading
from dataclasses import asdict, dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from central.middleware import RAW_SEND_KEY, send_problem
from sync.wire import API_PREFIX


@dataclass
class FaultSettings:
    latency_ms: int = 0
    error_rate: float = 0.0  # share of requests answered 503
    drop_rate: float = 0.0  # share of connections closed without an answer
    # The next N push requests are carried out and committed, then the answer is lost.
    drop_push_after_commit: int = 0
    seed: int | None = None


class Faults:
    """Thread-safe holder of the current fault settings and their random source."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._settings = FaultSettings()
        self._random = random.Random()

    def get(self) -> FaultSettings:
        with self._lock:
            return FaultSettings(**asdict(self._settings))

    def set(self, settings: FaultSettings) -> None:
        with self._lock:
            self._settings = FaultSettings(**asdict(settings))
            self._random = random.Random(settings.seed)

    def roll(self, rate: float) -> bool:
        with self._lock:
            return rate > 0 and self._random.random() < rate

    def take_push_drop(self) -> bool:
        with self._lock:
            if self._settings.drop_push_after_commit > 0:
                self._settings.drop_push_after_commit -= 1
                return True
            return False


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
        settings = self.faults.get()
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
            and self.faults.take_push_drop()
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
