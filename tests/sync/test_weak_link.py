"""What keeps a weak link busy and an idle sync small, against the real server over a real link
emulator: the next page asked for while a body arrives, a bodiless answer when nothing is new,
and 200 follow-ups pushed in one request. Sizes and counts, never times."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from localdb import syncstore
from localdb.models import Report, SyncLog
from sync.errors import MalformedResponse
from sync.planner import plan_batches
from sync.proxy import LinkProxy
from sync.runner import PageAnswer
from sync.transport import Transport
from sync.wire import ChangesPage
from tests.support.server import AGENCY_A, Central
from tests.sync.clients import ClientFactory, SyncClient
from tests.sync.conftest import link_url
from tests.sync.fakes import FaultState, fault_server

IDLE_SYNC_BYTES = 600  # both ways, headers included


@pytest.fixture
def slow_link(central: Central) -> Iterator[LinkProxy]:
    """A link slow enough that a page's body is still arriving when its headers are in: at
    4 kB/s a page of these (about a kilobyte) takes a quarter of a second after its headers,
    the window in which the next page must be asked for. At 40 kB/s the window was 25 ms, and
    a loaded machine once missed it (the whole suite under faketime on a Saturday)."""
    target = urlsplit(central.base_url)
    proxy = LinkProxy(
        target.hostname or "127.0.0.1", target.port or 80, delay_s=0.02, rate_bytes_per_s=4_000
    )
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()


def _held(client: SyncClient) -> dict[str, int]:
    with client.profile.read_session() as s, s.begin():
        return {rid: version for rid, version in s.execute(select(Report.id, Report.version))}


def test_pages_asked_for_early_hold_exactly_what_a_page_by_page_pull_holds(
    central: Central, clients: ClientFactory, slow_link: LinkProxy
) -> None:
    made = {central.disposed_report(AGENCY_A)["id"] for _ in range(12)}
    early = clients.make("officer1", via=link_url(slow_link), name="early")
    early.engine.page_limit = 4
    before = slow_link.counters.connections
    summary = early.sync()
    assert summary.ok, summary.error
    overlapped = slow_link.counters.connections - before
    plain = clients.make("officer1", via=link_url(slow_link), name="page-by-page")
    plain.engine.page_limit = 4
    plain.engine.early_pages = False
    before = slow_link.counters.connections
    assert plain.sync().ok
    # Page by page, the login's kept-alive connection carries everything; asked early, a page
    # went out while another answer was still being read, on a second connection.
    assert slow_link.counters.connections - before == 0
    assert overlapped >= 1
    held = _held(early)
    assert made <= set(held)
    assert held == _held(plain)
    with early.profile.read_session() as s, s.begin():
        assert syncstore.get_sync_state(s).cursor == _cursor(plain)


def _cursor(client: SyncClient) -> str | None:
    with client.profile.read_session() as s, s.begin():
        return syncstore.get_sync_state(s).cursor


def test_a_sync_with_nothing_new_is_one_bodiless_answer(
    central: Central, clients: ClientFactory, link: LinkProxy
) -> None:
    officer = clients.make("officer1", via=link_url(link))
    assert officer.sync().ok  # the first: probe, pages, reference
    cursor = _cursor(officer)
    before = link.counters.bytes_up + link.counters.bytes_down
    summary = officer.sync()
    wire = link.counters.bytes_up + link.counters.bytes_down - before
    assert summary.ok and summary.requests == 1 and summary.pulled == 0
    assert wire < IDLE_SYNC_BYTES, wire
    assert _cursor(officer) == cursor
    with officer.profile.read_session() as s, s.begin():
        last = s.scalars(select(SyncLog).order_by(SyncLog.id.desc())).first()
        assert last is not None and last.status == 204
    # The next change still arrives after the bodiless answers.
    made = central.disposed_report(AGENCY_A)
    summary = officer.sync()
    assert summary.pulled >= 1 and made["id"] in _held(officer)


def test_two_hundred_follow_ups_go_in_one_push() -> None:
    """Batches are cut by bytes: 200 follow-ups of a few lines fit one request."""

    class FollowupOp:
        def __init__(self, n: int) -> None:
            self.op_id = f"00000000-0000-4000-8000-{n:012d}"
            self.seq = n
            self.type = "followup.submit"
            self.entity_id = f"10000000-0000-4000-8000-{n:012d}"
            self.base_version = 0
            self.payload = {
                "report_id": f"20000000-0000-4000-8000-{n:012d}",
                "content": "Tindak lanjut: petugas sudah meninjau lokasi dan menjadwalkan "
                "perbaikan minggu depan bersama kelurahan.",
                "attachments": [],
            }
            self.blob_shas: list[str] = []

    batches = plan_batches([FollowupOp(n) for n in range(1, 201)])
    assert [len(b) for b in batches] == [200]
    # A long text still splits by bytes, not by count.
    long = [FollowupOp(n) for n in range(1, 201)]
    for op in long:
        op.payload["content"] = "Uraian panjang tindak lanjut. " * 100
    assert len(plan_batches(long)) > 1


@pytest.fixture
def fake() -> Iterator[tuple[str, FaultState]]:
    with fault_server() as running:
        yield running


def test_a_page_whose_body_contradicts_its_header_is_refused(
    fake: tuple[str, FaultState],
) -> None:
    url, state = fake
    state.mode = "split_page"
    answer = PageAnswer(Transport(url).start_model("/changes", ChangesPage), "1.r.x")
    assert answer.early_cursor == "9.r.head"
    with pytest.raises(MalformedResponse):
        answer.finish()


def test_a_204_without_the_servers_time_is_not_the_server(fake: tuple[str, FaultState]) -> None:
    url, state = fake
    state.mode = "bare_204"
    pending = Transport(url).start_model("/changes", ChangesPage, ok=(200, 204))
    answer = PageAnswer(pending, "1.r.x")
    assert answer.early_cursor is None
    with pytest.raises(MalformedResponse):
        answer.finish()
