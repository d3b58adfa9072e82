"""Fixtures shared by the UI tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from central.embedded import EmbeddedServer


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real central server with the demo world on a free loopback port; yields its URL."""
    data = tmp_path_factory.mktemp("central")
    srv = EmbeddedServer(f"sqlite:///{data / 'central.db'}", data, demo=True, reports=40)
    try:
        yield srv.start()
    finally:
        srv.stop()
