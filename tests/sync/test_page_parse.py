"""A pulled page is parsed change by change (so the office window is not held up for the whole
page), with exactly the result of parsing it in one go, and the same refusals."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from sync.errors import MalformedResponse
from sync.transport import parse_model
from sync.wire import ChangesPage
from tests.support.server import AGENCY_A, Central
from tests.sync.clients import ClientFactory


def test_a_real_page_parses_to_the_same_model_either_way(
    central: Central, clients: ClientFactory
) -> None:
    for i in range(12):  # titles with quotes, markup and non-ASCII, as citizens write them
        central.disposed_report(AGENCY_A, title=f'Jalan "rusak" <b>{i}</b> – Désa Ñ {i}')
    client = clients.make("officer1")
    resp = client.transport.request("GET", "/changes", params={"limit": 500})
    whole = ChangesPage.model_validate_json(resp.content)
    assert len(whole.changes) >= 12
    pieces = ChangesPage.parse(resp.content)
    assert pieces == whole
    assert parse_model(resp, ChangesPage) == whole  # what the sync engine gets


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[]",
        b'{"changes": "x", "next_cursor": "c", "has_more": false, "server_time": "x"}',
        json.dumps(
            {
                "changes": [{"kind": "report", "op": "upsert", "id": 7}],
                "next_cursor": "c",
                "has_more": False,
                "server_time": "2026-12-01T00:00:00Z",
            }
        ).encode(),
        json.dumps(
            {"changes": [], "next_cursor": "c", "has_more": "perhaps", "server_time": "x"}
        ).encode(),
    ],
)
def test_what_one_go_refuses_is_refused_in_pieces_too(body: bytes) -> None:
    with pytest.raises((ValidationError, ValueError)):
        ChangesPage.model_validate_json(body)
    with pytest.raises((ValidationError, ValueError)):
        ChangesPage.parse(body)


def test_a_bad_page_from_the_server_is_a_malformed_response(clients: ClientFactory) -> None:
    client = clients.make("officer1")
    resp = client.transport.request("GET", "/changes", params={"limit": 5})
    resp._content = resp.content.replace(b'"changes"', b'"changez"', 1)
    with pytest.raises(MalformedResponse):
        parse_model(resp, ChangesPage)
