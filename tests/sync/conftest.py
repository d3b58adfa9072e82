"""Fixtures of the sync tests: one real central server per module (SQLite), real profiles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sync.proxy import LinkProxy
from tests.support.server import Central, _start
from tests.sync.clients import ClientFactory, ServerView


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Central]:
    """The central server on SQLite (the PostgreSQL half is the server suite's business)."""
    data_dir = tmp_path_factory.mktemp("central")
    server = _start(f"sqlite:///{data_dir / 'central.db'}", data_dir)
    assert server.base_url is not None
    world = Central(server.base_url, server.admin_token, "sqlite", server)
    try:
        yield world
    finally:
        world.close_clients()
        server.stop()


@pytest.fixture
def clients(tmp_path: Path, central: Central) -> Iterator[ClientFactory]:
    factory = ClientFactory(tmp_path, central.base_url)
    try:
        yield factory
    finally:
        factory.close()


@pytest.fixture
def link(central: Central) -> Iterator[LinkProxy]:
    """A fast link to the server whose faults the test switches on (no delay, no rate cap)."""
    target = urlsplit(central.base_url)
    proxy = LinkProxy(
        target.hostname or "127.0.0.1", target.port or 80, delay_s=0, rate_bytes_per_s=None
    )
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()


def link_url(proxy: LinkProxy) -> str:
    return f"http://127.0.0.1:{proxy.port}"


@pytest.fixture
def server_view(central: Central) -> Iterator[ServerView]:
    view = ServerView(central)
    try:
        yield view
    finally:
        view.close()
