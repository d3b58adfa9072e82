"""The link emulator: bytes arrive intact, and each fault does what it says."""

from __future__ import annotations

import contextlib
import os
import socket
import socketserver
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
import requests

from sync.proxy import LinkProxy


class _Echo(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        while data := self.request.recv(65536):
            self.request.sendall(data)


class _Hits(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        body = b"ok:" + self.path.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def echo_port() -> Iterator[int]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Echo)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture
def http_port() -> Iterator[int]:
    _Hits.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hits)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def _connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    return sock


def _recv_exactly(sock: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        data = sock.recv(n - len(buf))
        if not data:
            break
        buf.extend(data)
    return bytes(buf)


def _sender(sock: socket.socket, data: bytes) -> threading.Thread:
    def send() -> None:
        with contextlib.suppress(OSError):
            sock.sendall(data)

    t = threading.Thread(target=send, daemon=True)
    t.start()
    return t


def test_bytes_arrive_intact_and_are_counted(echo_port: int) -> None:
    data = os.urandom(300_000)
    with LinkProxy("127.0.0.1", echo_port, delay_s=0.01, rate_bytes_per_s=None) as proxy:
        sock = _connect(proxy.port)
        _sender(sock, data)
        assert _recv_exactly(sock, len(data)) == data
        sock.close()
        assert proxy.counters.bytes_up == len(data)
        assert proxy.counters.bytes_down == len(data)
        assert proxy.counters.connections == 1


def test_delay_and_rate_slow_the_link_down(echo_port: int) -> None:
    # Lower bounds only: an emulated link can be slower than asked on a busy machine, never faster.
    data = os.urandom(40_000)
    with LinkProxy("127.0.0.1", echo_port, delay_s=0.1, rate_bytes_per_s=200_000) as proxy:
        sock = _connect(proxy.port)
        started = time.monotonic()
        sock.sendall(b"x")
        assert _recv_exactly(sock, 1) == b"x"
        assert time.monotonic() - started >= 0.2  # one delay each way
        started = time.monotonic()
        _sender(sock, data)
        assert _recv_exactly(sock, len(data)) == data
        assert time.monotonic() - started >= len(data) / 200_000
        sock.close()


def test_reset_all_cuts_open_connections(echo_port: int) -> None:
    with LinkProxy("127.0.0.1", echo_port, delay_s=0, rate_bytes_per_s=None) as proxy:
        sock = _connect(proxy.port)
        sock.sendall(b"hello")
        assert _recv_exactly(sock, 5) == b"hello"
        proxy.reset_all()
        with pytest.raises((ConnectionResetError, BrokenPipeError)):
            sock.sendall(b"more")
            if not sock.recv(10):
                raise ConnectionResetError("closed")
        assert proxy.counters.resets == 1
        # The link itself still works for a new connection.
        sock2 = _connect(proxy.port)
        sock2.sendall(b"again")
        assert _recv_exactly(sock2, 5) == b"again"
        sock2.close()


def test_reset_after_n_bytes_cuts_a_transfer_short(echo_port: int) -> None:
    data = os.urandom(500_000)
    with LinkProxy("127.0.0.1", echo_port, delay_s=0, rate_bytes_per_s=2_000_000) as proxy:
        proxy.reset_after(100_000)
        sock = _connect(proxy.port)
        _sender(sock, data)
        try:
            got = _recv_exactly(sock, len(data))
        except ConnectionResetError:
            got = b""
        assert len(got) < len(data)
        assert proxy.counters.resets >= 1
        assert proxy.counters.bytes_up + proxy.counters.bytes_down < 2 * len(data)


def test_stall_holds_bytes_then_delivers_them(echo_port: int) -> None:
    with LinkProxy("127.0.0.1", echo_port, delay_s=0, rate_bytes_per_s=None) as proxy:
        sock = _connect(proxy.port)
        proxy.stall(60)
        sock.sendall(b"held")
        sock.settimeout(0.5)
        with pytest.raises(TimeoutError):
            sock.recv(10)
        proxy.clear_faults()
        sock.settimeout(10)
        assert _recv_exactly(sock, 4) == b"held"
        sock.close()


def test_drop_responses_forwards_the_request_but_loses_the_answer(http_port: int) -> None:
    with LinkProxy("127.0.0.1", http_port, delay_s=0, rate_bytes_per_s=None) as proxy:
        url = f"http://127.0.0.1:{proxy.port}"
        proxy.drop_responses(1, match=b"/push")
        # A request that does not match goes through untouched.
        assert requests.get(url + "/other", timeout=10).text == "ok:/other"
        with pytest.raises(requests.ConnectionError):
            requests.get(url + "/push", timeout=10)
        assert _Hits.hits == ["/other", "/push"]  # the server did see it
        assert proxy.counters.dropped_responses == 1
        assert requests.get(url + "/push", timeout=10).text == "ok:/push"


def test_link_down_refuses_until_up_again(http_port: int) -> None:
    with LinkProxy("127.0.0.1", http_port, delay_s=0, rate_bytes_per_s=None) as proxy:
        url = f"http://127.0.0.1:{proxy.port}/x"
        proxy.set_down(True)
        with pytest.raises(requests.ConnectionError):
            requests.get(url, timeout=10)
        assert _Hits.hits == []
        proxy.set_down(False)
        assert requests.get(url, timeout=10).status_code == 200
