"""Transport and credentials against the real central server."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest

from localdb import syncstore
from localdb.profile import Profile, open_with_password
from sync.credentials import AuthRequired, Credentials, UnlockResult, offline_unlock
from sync.errors import AuthError, OfflineError, UpgradeRequired
from sync.transport import RequestRecord, Transport
from sync.wire import ChangesPage, Op, PushRequest, PushResponse
from tests.support.server import AGENCY_A, PASSWORD, Central
from tests.sync.clients import ClientFactory, utcnow
from tests.sync.test_credentials import MemoryKeyring


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    p, _ = open_with_password(tmp_path / "kantor", PASSWORD)
    yield p
    p.close()


def _credentials(
    profile: Profile, central: Central, backend: MemoryKeyring | None = None
) -> Credentials:
    return Credentials(
        profile,
        Transport(central.base_url),
        profile_key="kantor",
        clock=utcnow,
        backend=backend,
        username="officer1",
    )


def test_probe_gzip_and_401_against_the_real_server(
    central: Central, clients: ClientFactory
) -> None:
    records: list[RequestRecord] = []
    anonymous = Transport(central.base_url, device_id="dev-x", on_request=records.append)
    assert anonymous.probe().api_version == "1"
    with pytest.raises(AuthError):
        anonymous.get_model("/changes", ChangesPage)
    assert records[-1].status == 401

    officer = clients.make("officer1")
    report = central.disposed_report(AGENCY_A)
    content = "Hasil peninjauan lapangan dan rencana tindak lanjut. " * 60
    request = PushRequest(
        device_id="dev-gzip",
        ops=[
            Op(
                op_id=str(uuid.uuid4()),
                seq=1,
                type="followup.submit",
                entity_id=str(uuid.uuid4()),
                base_version=0,
                payload={"report_id": report["id"], "content": content},
            )
        ],
    )
    officer.transport.on_request = records.append
    answer = officer.transport.post_model("/sync/push", request, PushResponse)
    assert answer.results[0].status == "applied"
    assert records[-1].bytes_sent < len(content)  # the body went compressed


def test_old_client_version_is_told_to_upgrade(central: Central) -> None:
    transport = Transport(central.base_url, client_version="0.0.1")
    with pytest.raises(UpgradeRequired) as info:
        transport.request("POST", "/auth/login", json_body={"username": "x", "password": "y"})
    assert info.value.message


def test_login_keeps_refresh_token_in_keyring_and_a_new_run_refreshes(
    central: Central, profile: Profile
) -> None:
    keyring = MemoryKeyring()
    creds = _credentials(profile, central, keyring)
    user = creds.login("officer1", PASSWORD)
    assert user.username == "officer1" and creds.keyring_problem is None
    stored = keyring.items[("simpul", "kantor:officer1")]
    assert stored
    # A new run: no access token in memory, the keyring's refresh token gets one.
    again = _credentials(profile, central, keyring)
    again.ensure_access()
    assert again.has_access_token
    assert keyring.items[("simpul", "kantor:officer1")] != stored  # rotated
    page = again.transport.get_model("/changes", ChangesPage)
    assert page.next_cursor
    # Offline unlock: the password unwraps the profile's key; the login is recent.
    assert offline_unlock(profile, "officer1", PASSWORD, now=utcnow()) is UnlockResult.OK


def test_without_keyring_the_user_logs_in_each_start(central: Central, profile: Profile) -> None:
    creds = _credentials(profile, central)
    creds.login("officer1", PASSWORD)
    assert creds.keyring_problem is not None
    assert "tidak tersedia" in creds.keyring_problem.message
    creds.refresh()  # within this run, the token in memory still works
    assert creds.has_access_token
    fresh = _credentials(profile, central)
    with pytest.raises(AuthRequired) as info:
        fresh.ensure_access()
    assert "tidak tersedia" in info.value.message
    # No token ever reaches the profile's files.
    raw = b"".join(p.read_bytes() for p in profile.folder.glob("simpul.db*"))
    assert creds.transport.access_token is not None
    assert creds.transport.access_token.encode() not in raw


def test_wrong_password_and_offline_login(central: Central, profile: Profile) -> None:
    creds = _credentials(profile, central)
    with pytest.raises(AuthError):
        creds.login("officer1", "salah-sandi")
    offline = Credentials(
        profile, Transport("http://127.0.0.1:9", connect_timeout=2), profile_key="k", clock=utcnow
    )
    with pytest.raises(OfflineError):
        offline.login("officer1", PASSWORD)
    with profile.read_session() as s, s.begin():
        assert syncstore.load_local_user(s) is None


def test_an_expired_access_token_is_refreshed_once_in_a_cycle(clients: ClientFactory) -> None:
    officer = clients.make("officer1")
    officer.transport.access_token = "not-a-valid-token"
    summary = officer.sync()
    assert summary.ok
    assert officer.transport.access_token != "not-a-valid-token"


def test_a_refused_refresh_asks_for_login(clients: ClientFactory) -> None:
    officer = clients.make("officer1")
    officer.transport.access_token = "not-a-valid-token"
    officer.credentials._refresh_token = "revoked"  # what a reused, revoked token looks like
    summary = officer.sync()
    assert summary.state.value == "auth_required"
    assert summary.exit_code == 3
    assert "masuk" in summary.message


def test_offline_unlock_window_after_online_login(central: Central, profile: Profile) -> None:
    _credentials(profile, central).login("officer1", PASSWORD)
    later = utcnow() + dt.timedelta(days=8)
    assert offline_unlock(profile, "officer1", PASSWORD, now=later) is UnlockResult.EXPIRED
