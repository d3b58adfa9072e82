"""Fixtures of the central server tests (defined in tests/support/server.py)."""

from tests.support.server import central, pg_server

__all__ = ["central", "pg_server"]
