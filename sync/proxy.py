"""A weak-link emulator: a TCP proxy that adds delay, caps the byte rate and injects faults.

The kernel of the machines this runs on has no netem, and tests must not need root, so a small
asyncio proxy stands between client and server. It runs its own event loop on its own thread, so
synchronous code (tests, benchmarks, the sync engine) can use it directly.

Faults can be set while traffic flows: reset every connection now, reset after N more bytes,
stall (hold every byte) for S seconds, refuse connections (link down), and forward the next N
requests but cut the client off as soon as the server starts answering (the "lost
acknowledgement": the server has done the work, the client never hears of it).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import threading
import time
from collections import deque
from dataclasses import dataclass, field

_CHUNK = 4096
_UP = 0  # client -> server
_DOWN = 1  # server -> client


@dataclass
class ProxyCounters:
    """What went through the proxy (bytes as delivered, after the faults)."""

    bytes_up: int = 0
    bytes_down: int = 0
    connections: int = 0
    resets: int = 0
    dropped_responses: int = 0


@dataclass(eq=False)
class _Conn:
    client: asyncio.StreamWriter
    upstream: asyncio.StreamWriter
    awaiting_response: bool = False
    request_head: bytearray = field(default_factory=bytearray)
    closed: bool = False


class LinkProxy:
    """Forward 127.0.0.1:<port> to target_host:target_port through an emulated weak link."""

    def __init__(
        self,
        target_host: str,
        target_port: int,
        *,
        delay_s: float = 0.15,
        rate_bytes_per_s: float | None = 32_000,
    ) -> None:
        self.target_host = target_host
        self.target_port = target_port
        self.delay_s = delay_s
        self.rate_bytes_per_s = rate_bytes_per_s
        self.counters = ProxyCounters()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.AbstractServer | None = None
        self._conns: set[_Conn] = set()
        # One pacing clock per direction: the link is shared by every connection.
        self._free_at = [0.0, 0.0]
        self._stall_until = 0.0
        self._reset_budget: int | None = None
        self._drop_responses = 0
        self._drop_match: bytes | None = None
        self._down = False
        self._lock = threading.Lock()
        self.port = 0

    # --- life cycle -----------------------------------------------------------------------------

    def start(self) -> int:
        """Start listening on a free 127.0.0.1 port; return the port."""
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, args=(ready,), daemon=True)
        self._thread.start()
        ready.wait()
        return self.port

    def _run(self, ready: threading.Event) -> None:
        assert self._loop is not None
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._on_client, "127.0.0.1", 0)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        ready.set()
        self._loop.run_forever()

    def stop(self) -> None:
        loop = self._loop
        if loop is None:
            return
        asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(timeout=10)
        loop.close()
        self._loop = None

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
        for conn in list(self._conns):
            self._abort(conn)
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def __enter__(self) -> LinkProxy:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- faults (callable from any thread) ------------------------------------------------------

    def reset_all(self) -> None:
        """Reset every open connection now (like a link that drops)."""
        self._call(self._reset_all_now)

    def reset_after(self, n_bytes: int) -> None:
        """Reset every open connection once N more bytes (either way) have been delivered."""
        with self._lock:
            self._reset_budget = n_bytes

    def stall(self, seconds: float) -> None:
        """Deliver nothing for S seconds; held bytes go on afterwards."""
        with self._lock:
            self._stall_until = time.monotonic() + seconds

    def set_down(self, down: bool) -> None:
        """While down, new connections are reset at once (and open ones are reset now)."""
        with self._lock:
            self._down = down
        if down:
            self.reset_all()

    def drop_responses(self, n: int, *, match: bytes | None = None) -> None:
        """Forward the next N requests (whose head contains `match`, if given) to the server,
        then cut the client off as soon as the server starts answering."""
        with self._lock:
            self._drop_responses = n
            self._drop_match = match

    def clear_faults(self) -> None:
        with self._lock:
            self._stall_until = 0.0
            self._reset_budget = None
            self._drop_responses = 0
            self._drop_match = None
            self._down = False

    @property
    def pending_drops(self) -> int:
        with self._lock:
            return self._drop_responses

    def _call(self, fn: object) -> None:
        loop = self._loop
        if loop is None:
            return

        async def run() -> None:
            fn()  # type: ignore[operator]

        asyncio.run_coroutine_threadsafe(run(), loop).result(timeout=10)

    # --- forwarding -----------------------------------------------------------------------------

    async def _on_client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.counters.connections += 1
        if self._down:
            _set_rst(writer)
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(self.target_host, self.target_port)
        except OSError:
            _set_rst(writer)
            writer.close()
            return
        conn = _Conn(client=writer, upstream=up_writer)
        self._conns.add(conn)
        try:
            await asyncio.gather(
                self._pump(conn, reader, up_writer, _UP),
                self._pump(conn, up_reader, writer, _DOWN),
            )
        except asyncio.CancelledError:
            self._abort(conn)  # the proxy is stopping: nothing left to deliver
        finally:
            self._close(conn)

    async def _pump(
        self,
        conn: _Conn,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        direction: int,
    ) -> None:
        """Read as fast as the source sends; deliver each chunk `delay_s` later, paced."""
        queue: deque[tuple[float, bytes]] = deque()
        arrived = asyncio.Event()
        done = False

        async def read_side() -> None:
            nonlocal done
            try:
                while not conn.closed:
                    data = await reader.read(_CHUNK)
                    if not data:
                        break
                    if direction == _DOWN and self._should_drop(conn):
                        self._abort(conn)
                        return
                    if direction == _UP:
                        self._note_request(conn, data)
                    queue.append((time.monotonic() + self.delay_s, data))
                    arrived.set()
            except (ConnectionError, OSError):
                pass
            finally:
                done = True
                arrived.set()

        async def write_side() -> None:
            try:
                while True:
                    if not queue:
                        if done:
                            break
                        arrived.clear()
                        await arrived.wait()
                        continue
                    due, data = queue.popleft()
                    await self._deliver(conn, writer, direction, due, data)
                    if conn.closed:
                        return
                if not conn.closed and writer.can_write_eof():
                    writer.write_eof()
            except (ConnectionError, OSError, RuntimeError):
                self._abort(conn)

        await asyncio.gather(read_side(), write_side())

    async def _deliver(
        self, conn: _Conn, writer: asyncio.StreamWriter, direction: int, due: float, data: bytes
    ) -> None:
        await _sleep_until(due)
        for start in range(0, len(data), 1024):
            piece = data[start : start + 1024]
            while time.monotonic() < self._stall_until and not conn.closed:
                # Short steps, so clear_faults() ends a stall at once.
                await asyncio.sleep(min(0.05, self._stall_until - time.monotonic()))
            await self._pace(direction, len(piece))
            if conn.closed:
                return
            writer.write(piece)
            await writer.drain()
            self._count(direction, len(piece))

    async def _pace(self, direction: int, size: int) -> None:
        rate = self.rate_bytes_per_s
        if not rate:
            return
        now = time.monotonic()
        begin = max(now, self._free_at[direction])
        self._free_at[direction] = begin + size / rate
        await _sleep_until(self._free_at[direction])

    def _count(self, direction: int, size: int) -> None:
        if direction == _UP:
            self.counters.bytes_up += size
        else:
            self.counters.bytes_down += size
        with self._lock:
            if self._reset_budget is None:
                return
            self._reset_budget -= size
            fire = self._reset_budget <= 0
            if fire:
                self._reset_budget = None
        if fire:
            self._reset_all_now()

    def _note_request(self, conn: _Conn, data: bytes) -> None:
        if not conn.awaiting_response:
            conn.request_head.clear()
        conn.awaiting_response = True
        if len(conn.request_head) < 2048:
            conn.request_head.extend(data[:2048])

    def _should_drop(self, conn: _Conn) -> bool:
        """True when this is the first byte of an answer to a request marked for dropping."""
        if not conn.awaiting_response:
            return False
        conn.awaiting_response = False
        with self._lock:
            if self._drop_responses <= 0:
                return False
            if self._drop_match is not None and self._drop_match not in conn.request_head:
                return False
            self._drop_responses -= 1
        self.counters.dropped_responses += 1
        return True

    def _reset_all_now(self) -> None:
        for conn in list(self._conns):
            self._abort(conn)
            self.counters.resets += 1

    def _close(self, conn: _Conn) -> None:
        """Close both sides politely once both directions have finished."""
        if conn.closed:
            return
        conn.closed = True
        self._conns.discard(conn)
        for w in (conn.client, conn.upstream):
            with contextlib.suppress(Exception):
                w.close()

    def _abort(self, conn: _Conn) -> None:
        if conn.closed:
            return
        conn.closed = True
        self._conns.discard(conn)
        for w in (conn.client, conn.upstream):
            _set_rst(w)
            with contextlib.suppress(Exception):
                w.transport.abort()


def _set_rst(writer: asyncio.StreamWriter) -> None:
    """Make the close send a TCP reset, as a dropped link does to the peer."""
    sock = writer.get_extra_info("socket")
    if sock is None:
        return
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


async def _sleep_until(deadline: float) -> None:
    delay = deadline - time.monotonic()
    if delay > 0:
        await asyncio.sleep(delay)
