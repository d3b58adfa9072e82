"""Keyring handling and offline unlock (login and refresh against the server: test_cycle.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import keyring
import keyring.backend
import pytest

from localdb import syncstore
from localdb.profile import Profile, open_with_password
from sync.credentials import (
    KEYRING_SERVICE,
    KEYRING_UNAVAILABLE_MESSAGE,
    TokenStore,
    UnlockResult,
    offline_unlock,
)

NOW = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)


class MemoryKeyring(keyring.backend.KeyringBackend):
    """Stands in for the OS keyring (Secret Service needs a desktop session the tests lack)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


class PlainTextLookalike(MemoryKeyring):
    """Looks like keyrings.alt's file backend, which must never be used."""


PlainTextLookalike.__module__ = "keyrings.alt.file"


def test_tests_run_without_a_keyring() -> None:
    # tests/conftest.py selects the fail backend; everything below relies on it.
    assert type(keyring.get_keyring()).__module__ == "keyring.backends.fail"


def test_no_keyring_is_a_clear_state_not_a_file() -> None:
    store = TokenStore("kantor-1")
    assert store.save("officer1", "secret-refresh") is False
    assert store.unavailable_reason
    assert store.load("officer1") is None
    assert "tidak tersedia" in KEYRING_UNAVAILABLE_MESSAGE


def test_memory_keyring_keeps_the_refresh_token_per_profile_and_user() -> None:
    backend = MemoryKeyring()
    store = TokenStore("kantor-1", backend)
    assert store.save("officer1", "r1")
    assert backend.items == {(KEYRING_SERVICE, "kantor-1:officer1"): "r1"}
    assert TokenStore("kantor-2", backend).load("officer1") is None
    assert store.load("officer1") == "r1"
    store.delete("officer1")
    assert store.load("officer1") is None
    assert store.unavailable_reason is None


def test_plain_text_keyring_backend_is_refused() -> None:
    backend = PlainTextLookalike()
    store = TokenStore("kantor-1", backend)
    assert store.save("officer1", "r1") is False
    assert backend.items == {}
    assert store.unavailable_reason and "plain-text" in store.unavailable_reason


def test_no_password_hash_is_kept_offline_unlock_unwraps_the_key(tmp_path: Path) -> None:
    """The old verifier (a scrypt hash of the server password in the profile) is gone."""
    profile, _ = open_with_password(tmp_path / "kantor", "simpul-demo")
    try:
        _remember(profile, "officer1", "simpul-demo", NOW)
        with profile.session() as s, s.begin():
            assert syncstore.load_local_user(s).verifier is None
        assert offline_unlock(profile, "officer1", "simpul-demo", now=NOW) is UnlockResult.OK
    finally:
        profile.close()


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    p, _ = open_with_password(tmp_path / "kantor", "simpul-demo")
    yield p
    p.close()


def _remember(profile: Profile, username: str, password: str, at: dt.datetime) -> None:
    with profile.session() as s, s.begin():
        syncstore.save_local_user(
            s,
            {"id": "u1", "username": username, "full_name": "Petugas", "roles": ["officer"]},
            device_id=syncstore.device_id(s),
            verifier=None,
            verified_at=at,
        )


def test_offline_unlock(profile: Profile) -> None:
    assert offline_unlock(profile, "officer1", "pw", now=NOW) is UnlockResult.UNKNOWN_USER
    _remember(profile, "officer1", "simpul-demo", NOW)
    later = NOW + dt.timedelta(days=6, hours=23)
    assert offline_unlock(profile, "officer1", "simpul-demo", now=later) is UnlockResult.OK
    assert offline_unlock(profile, "officer1", "salah", now=later) is UnlockResult.WRONG_PASSWORD
    assert offline_unlock(profile, "officer2", "simpul-demo", now=later) is (
        UnlockResult.UNKNOWN_USER
    )
    too_late = NOW + dt.timedelta(days=7, minutes=1)
    assert offline_unlock(profile, "officer1", "simpul-demo", now=too_late) is (
        UnlockResult.EXPIRED
    )
    assert offline_unlock(profile, "officer1", "simpul-demo", now=too_late, max_days=30) is (
        UnlockResult.OK
    )


def test_nothing_secret_is_stored_in_the_profile(profile: Profile) -> None:
    _remember(profile, "officer1", "simpul-demo", NOW)
    raw = profile.db_path.read_bytes()
    for wal in profile.folder.glob("*.db-wal"):
        raw += wal.read_bytes()
    assert b"simpul-demo" not in raw


def test_moving_the_clock_back_does_not_reopen_the_offline_window(profile: Profile) -> None:
    from localdb.actor import Actor
    from localdb.outbox import audit

    _remember(profile, "officer1", "simpul-demo", NOW)
    six_days = NOW + dt.timedelta(days=6)
    assert offline_unlock(profile, "officer1", "simpul-demo", now=six_days) is UnlockResult.OK
    actor = Actor("u-1", "officer1", frozenset({"officer"}), "ag-1", "dev-1")
    with profile.session() as s, s.begin():  # the officer works offline on day six
        audit(s, actor, "report.read", "report", "r-1", now=six_days)
    # Day eight: the window has closed; the clock is turned back to day one to reopen it.
    day_one = NOW + dt.timedelta(days=1)
    assert offline_unlock(profile, "officer1", "simpul-demo", now=day_one) is (
        UnlockResult.CLOCK_BACK
    )
    # A few minutes of drift is not a moved clock.
    drift = six_days - dt.timedelta(minutes=5)
    assert offline_unlock(profile, "officer1", "simpul-demo", now=drift) is UnlockResult.OK
