"""Sessions and login throttling as a thief, a guesser and a busy office see them.

Servers of their own (SQLite): the throttling tests need a trusted proxy to play many
addresses, and the lifetime test a session that ends within seconds.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from central.auth import AuthPolicy
from central.db import open_database, upgrade
from central.embedded import EmbeddedServer
from central.seed import load_reference
from tests.support.server import PASSWORD, TEST_WORLD

SESSION_MAX = 4


def _serve(folder: Path, policy: AuthPolicy) -> EmbeddedServer:
    url = f"sqlite:///{folder / 'central.db'}"
    upgrade(url)
    db = open_database(url)
    try:
        with db.write() as session, session.begin():
            load_reference(session, TEST_WORLD)
    finally:
        db.dispose()
    server = EmbeddedServer(url, folder, auth=policy)
    server.start()
    return server


@pytest.fixture(scope="module")
def behind_proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server behind a proxy on 127.0.0.1, which it trusts for X-Forwarded-For."""
    policy = AuthPolicy(
        trusted_proxies=("127.0.0.0/8",),
        session_max_seconds=SESSION_MAX,
        base_delay_seconds=1.0,
    )
    server = _serve(tmp_path_factory.mktemp("proxied"), policy)
    assert server.base_url
    try:
        yield f"{server.base_url}/api/v1"
    finally:
        server.stop()


@pytest.fixture(scope="module")
def direct(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server facing clients directly: it trusts no forwarded header."""
    server = _serve(tmp_path_factory.mktemp("direct"), AuthPolicy())
    assert server.base_url
    try:
        yield f"{server.base_url}/api/v1"
    finally:
        server.stop()


def _login(
    base: str,
    username: str,
    password: str = PASSWORD,
    *,
    device: str | None = None,
    address: str | None = None,
) -> httpx.Response:
    headers = {"X-Forwarded-For": address} if address else {}
    return httpx.post(
        f"{base}/auth/login",
        json={"username": username, "password": password, "device_id": device or uuid.uuid4().hex},
        headers=headers,
        timeout=30,
    )


def _refresh(base: str, token: str, device: str | None) -> httpx.Response:
    headers = {"X-Device-ID": device} if device else {}
    return httpx.post(
        f"{base}/auth/refresh", json={"refresh_token": token}, headers=headers, timeout=30
    )


def _changes(base: str, pair: dict[str, Any]) -> int:
    auth = {"Authorization": f"Bearer {pair['access_token']}"}
    return httpx.get(f"{base}/changes", headers=auth, timeout=30).status_code


# --- 8. sessions --------------------------------------------------------------------------------


def test_a_copied_refresh_token_replayed_in_the_grace_window_yields_nothing(direct: str) -> None:
    first = _login(direct, "officer2", device="pc-officer2").json()
    real = _refresh(direct, first["refresh_token"], "pc-officer2")
    assert real.status_code == 200
    # A thief replays the spent token from elsewhere, seconds later, before the user used
    # the new pair: no fresh pair for him.
    stolen = _refresh(direct, first["refresh_token"], "thief-laptop")
    assert stolen.status_code == 401
    assert stolen.json()["code"] == "refresh_reused"
    no_device = _refresh(direct, first["refresh_token"], None)
    assert no_device.status_code == 401


def test_the_lost_answer_retry_works_once_and_never_after_the_new_pair_was_used(
    direct: str,
) -> None:
    device = "pc-" + uuid.uuid4().hex[:6]
    first = _login(direct, "officer1", device=device).json()
    assert _refresh(direct, first["refresh_token"], device).status_code == 200  # answer lost
    retry = _refresh(direct, first["refresh_token"], device)
    assert retry.status_code == 200
    # A second "retry" of the same spent token is a copy, not a lost answer.
    twice = _refresh(direct, first["refresh_token"], device)
    assert twice.status_code == 401 and twice.json()["code"] == "refresh_reused"

    other = _login(direct, "officer1b", device=device).json()
    new = _refresh(direct, other["refresh_token"], device).json()
    assert _changes(direct, new) == 200  # the new pair reached its owner and was used
    late = _refresh(direct, other["refresh_token"], device)
    assert late.status_code == 401


def test_logout_is_204_idempotent_and_ends_the_whole_family(direct: str) -> None:
    device = "pc-" + uuid.uuid4().hex[:6]
    first = _login(direct, "desk2", device=device).json()
    rotated = _refresh(direct, first["refresh_token"], device).json()
    body = {"refresh_token": rotated["refresh_token"]}
    for _ in range(2):
        r = httpx.post(f"{direct}/auth/logout", json=body, timeout=30)
        assert r.status_code == 204 and r.content == b""
    unknown = httpx.post(f"{direct}/auth/logout", json={"refresh_token": "nope"}, timeout=30)
    assert unknown.status_code == 204
    assert _changes(direct, rotated) == 401
    assert _refresh(direct, rotated["refresh_token"], device).status_code == 401


def test_a_session_ends_at_its_absolute_lifetime_however_often_refreshed(
    behind_proxy: str,
) -> None:
    device = "pc-" + uuid.uuid4().hex[:6]
    pair = _login(behind_proxy, "officer2", device=device).json()
    assert pair["expires_in"] <= SESSION_MAX
    deadline = time.monotonic() + SESSION_MAX + 0.5
    while time.monotonic() < deadline:
        r = _refresh(behind_proxy, pair["refresh_token"], device)
        if r.status_code != 200:
            break
        pair = r.json()
        time.sleep(0.5)
    time.sleep(max(0.0, deadline - time.monotonic()))
    ended = _refresh(behind_proxy, pair["refresh_token"], device)
    assert ended.status_code == 401
    assert ended.json()["code"] == "token_expired"


# --- 7. login throttling ------------------------------------------------------------------------


def test_a_guesser_is_slowed_and_the_user_on_his_own_pc_is_not(behind_proxy: str) -> None:
    office = "203.0.113.7"
    pc = "pc-" + uuid.uuid4().hex[:6]
    assert _login(behind_proxy, "officer1", device=pc, address=office).status_code == 200
    codes = [
        _login(behind_proxy, "officer1", "tebakan", address=office).status_code for _ in range(5)
    ]
    assert codes == [401] * 5
    # The guesser now waits, longer each time...
    slowed = _login(behind_proxy, "officer1", "tebakan", address=office)
    assert slowed.status_code == 429
    assert slowed.json()["code"] == "too_many_attempts"
    first_wait = int(slowed.headers["retry-after"])
    time.sleep(first_wait + 0.2)
    assert _login(behind_proxy, "officer1", "tebakan", address=office).status_code == 401
    again = _login(behind_proxy, "officer1", "tebakan", address=office)
    assert again.status_code == 429
    assert int(again.headers["retry-after"]) > first_wait
    # ...while the user, on the PC he always uses, behind the same address, gets in at once.
    assert _login(behind_proxy, "officer1", device=pc, address=office).status_code == 200
    # And the rest of the office is not slowed at all.
    assert _login(behind_proxy, "supervisor1", address=office).status_code == 200


def test_one_password_tried_over_many_usernames_is_slowed(behind_proxy: str) -> None:
    sprayer = "198.51.100.23"
    for i in range(30):
        r = _login(behind_proxy, f"pegawai{i:03d}", "Jakarta2026!", address=sprayer)
        assert r.status_code == 401
    sprayed = _login(behind_proxy, "pegawai999", "Jakarta2026!", address=sprayer)
    assert sprayed.status_code == 429
    # Another office is not touched by it.
    assert _login(behind_proxy, "desk2", address="192.0.2.50").status_code == 200


def test_a_hundred_colleagues_behind_one_address_log_in_freely(behind_proxy: str) -> None:
    nat = "203.0.113.99"
    # A morning of typos: every user mistypes once, then gets in.
    for username in ("desk1", "desk1b", "officer1b", "supervisor1b", "supervisor2"):
        assert _login(behind_proxy, username, "salah ketik", address=nat).status_code == 401
        assert _login(behind_proxy, username, address=nat).status_code == 200


def test_forwarded_addresses_are_believed_only_from_trusted_proxies(direct: str) -> None:
    # Without a trusted proxy every client is its own peer address: inventing a new
    # X-Forwarded-For for each guess does not escape the count.
    for i in range(5):
        r = _login(direct, "lockme", "tebakan", address=f"10.9.8.{i}")
        assert r.status_code == 401
    assert _login(direct, "lockme", "tebakan", address="10.9.9.9").status_code == 429


def test_the_throttle_lives_in_the_database_not_in_one_process(
    tmp_path: Path,
) -> None:
    """Two server processes on one database: failures counted by one slow the other."""
    first = _serve(tmp_path, AuthPolicy())
    second = EmbeddedServer(f"sqlite:///{tmp_path / 'central.db'}", tmp_path, auth=AuthPolicy())
    second.start()
    try:
        for _ in range(5):
            assert _login(f"{first.base_url}/api/v1", "lockme", "x").status_code == 401
        assert _login(f"{second.base_url}/api/v1", "lockme", "x").status_code == 429
    finally:
        second.stop()
        first.stop()
