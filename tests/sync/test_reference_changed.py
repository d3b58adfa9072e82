"""A cycle that stores new reference data says so, so open screens reload it without a restart
(the desk's categories and the reply templates were missing after a first login)."""

from __future__ import annotations

from tests.support.server import Central
from tests.sync.clients import ClientFactory


def test_the_first_cycle_brings_reference_data_and_says_so(
    central: Central, clients: ClientFactory
) -> None:
    desk = clients.make("desk1")
    first = desk.sync()
    assert first.ok and first.reference_changed
    desk.engine._reference_at = None  # due again: revalidated with If-None-Match -> 304
    again = desk.sync()
    assert again.ok and not again.reference_changed
