"""Login against a real embedded server: online, then offline unlock by unwrapping the key."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path

import keyring.backends.fail
import pytest

from desktop import app as composition
from desktop.paths import AppPaths
from desktop.settings import Settings
from tests.support.portals import PORTAL_KINDS, portal
from ui.login.service import LoginFailure, LoginResult, LoginService

PASSWORD = "simpul-demo"


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


def make_service(root: Path, url: str, clock: Clock) -> LoginService:
    opener = composition.profile_opener(
        AppPaths.under(root),
        Settings(server_url=url),
        keyring_backend=keyring.backends.fail.Keyring(),
        clock=clock,
    )
    return LoginService(opener, clock=clock)


def login(service: LoginService, user: str, password: str) -> LoginResult:
    result = service.authenticate(user, password)
    result.opened.release()
    return result


def failure(service: LoginService, user: str, password: str) -> LoginFailure:
    with pytest.raises(LoginFailure) as err:
        service.authenticate(user, password)
    return err.value


def test_online_login_gives_user_and_notes_missing_keyring(tmp_path: Path, small_hub) -> None:
    result = login(make_service(tmp_path, small_hub.base_url, Clock()), "officer1", PASSWORD)
    assert result.online
    assert result.user["username"] == "officer1"
    assert "officer" in result.user["roles"]
    assert result.device_id
    assert result.keyring_missing  # the fail backend: tokens only in memory, user is told


def test_wrong_password_online(tmp_path: Path, small_hub) -> None:
    f = failure(make_service(tmp_path, small_hub.base_url, Clock()), "officer1", "salah")
    assert f.kind == "wrong_password"
    assert f.message == "Nama pengguna atau kata sandi salah."


def test_offline_unlock_after_an_online_login(tmp_path: Path, small_hub) -> None:
    clock = Clock()
    login(make_service(tmp_path, small_hub.base_url, clock), "officer1", PASSWORD)
    # The same profile, but nothing listens at the server's address any more.
    dead = make_service(tmp_path, "http://127.0.0.1:9", clock)
    result = login(dead, "officer1", PASSWORD)
    assert not result.online
    assert result.user["username"] == "officer1"
    # The password does not unwrap the profile's key: refused before any network, nothing changed.
    wrong = failure(dead, "officer1", "bukan-sandinya")
    assert wrong.kind == "wrong_password" and "Kata sandi salah" in wrong.message
    clock.now += dt.timedelta(days=8)
    expired = failure(dead, "officer1", PASSWORD)
    assert expired.kind == "offline_expired"
    assert expired.message == "Masa berlaku masuk luring habis; sambungkan ke server"


def test_offline_without_earlier_login_is_refused(tmp_path: Path) -> None:
    f = failure(make_service(tmp_path, "http://127.0.0.1:9", Clock()), "officer1", PASSWORD)
    assert f.kind == "offline_unknown"


def test_profile_open_twice_is_refused(tmp_path: Path, small_hub) -> None:
    service = make_service(tmp_path, small_hub.base_url, Clock())
    first = service.authenticate("officer1", PASSWORD)
    try:
        assert failure(service, "officer1", PASSWORD).kind == "profile_busy"
    finally:
        first.opened.release()
    login(service, "officer1", PASSWORD)  # free again


def test_login_dialog_runs_off_the_ui_thread_and_shows_messages(qtbot, tmp_path, small_hub) -> None:
    from ui.login.dialog import LoginDialog

    service = make_service(tmp_path, small_hub.base_url, Clock())
    dialog = LoginDialog(service.authenticate, small_hub.base_url, username="officer1")
    qtbot.addWidget(dialog)
    dialog.password.setText("salah")
    with qtbot.waitSignal(dialog.loginFailed, timeout=30_000):
        dialog.submit()
    assert dialog.message.text() == "Nama pengguna atau kata sandi salah."
    assert dialog.password.text() == ""
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        dialog.submit()
    assert dialog.result_value is not None and dialog.result_value.online
    dialog.result_value.opened.release()


def test_a_refused_first_login_leaves_no_key_behind(tmp_path: Path, small_hub) -> None:
    """A mistyped first password must not lock the new profile: its provisional key goes."""
    service = make_service(tmp_path, small_hub.base_url, Clock())
    assert failure(service, "officer1", "salah").kind == "wrong_password"
    folder = AppPaths.under(tmp_path).profiles_dir / "officer1"
    assert not (folder / "profile.key").exists() and not (folder / "simpul.db").exists()
    assert login(service, "officer1", PASSWORD).online


def test_the_profile_on_disk_is_encrypted_with_the_login_password(
    tmp_path: Path, small_hub
) -> None:
    from localdb import cipher
    from localdb.errors import WrongPasswordError
    from localdb.profile import open_with_password

    login(make_service(tmp_path, small_hub.base_url, Clock()), "officer1", PASSWORD)
    folder = AppPaths.under(tmp_path).profiles_dir / "officer1"
    assert not cipher.is_plain_database(folder / "simpul.db")
    assert b"officer1" not in (folder / "simpul.db").read_bytes()
    with pytest.raises(WrongPasswordError):
        open_with_password(folder, "salah")
    profile, _ = open_with_password(folder, PASSWORD)
    profile.close()


@pytest.mark.parametrize("kind", PORTAL_KINDS)
def test_a_portal_at_login_offers_offline_unlock(tmp_path: Path, small_hub, kind: str) -> None:
    """A hotel portal's HTML, a redirect to its login page, or its TLS certificate: the user
    is offline and unlocks with the stored verifier; nothing reaches the crash handler."""
    clock = Clock()
    login(make_service(tmp_path, small_hub.base_url, clock), "officer1", PASSWORD)
    with portal(kind, tmp_path) as url:
        behind_portal = make_service(tmp_path, url, clock)
        result = login(behind_portal, "officer1", PASSWORD)
        wrong = failure(behind_portal, "officer1", "bukan-sandinya")
    assert not result.online
    assert result.user["username"] == "officer1"
    # The profile's key refuses a wrong password before anything goes over the link.
    assert wrong.kind == "wrong_password"


def test_a_damaged_profile_is_recovered_from_the_login_dialog(qtbot, tmp_path, small_hub) -> None:
    """The message says "Pulihkan profil", and the dialog has it: the report is shown, then the
    login goes through on the rebuilt profile (unsent work in it: tests/sync/test_profile_damage)."""
    from localdb.folders import profile_folder
    from localdb.profile import DB_NAME
    from ui.login.dialog import LoginDialog

    service = make_service(tmp_path, small_hub.base_url, Clock())
    login(service, "officer1", PASSWORD)
    folder = profile_folder("officer1", AppPaths.under(tmp_path).profiles_dir)
    (folder / DB_NAME).write_bytes(b"")

    recover = composition.profile_recoverer(AppPaths.under(tmp_path))
    dialog = LoginDialog(
        service.authenticate, small_hub.base_url, username="officer1", recover=recover
    )
    qtbot.addWidget(dialog)
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(dialog.loginFailed, timeout=30_000) as failed:
        dialog.submit()
    assert failed.args[0].kind == "profile_damaged"
    assert "Pulihkan profil" in dialog.message.text()
    assert dialog.recover_button.isVisibleTo(dialog)
    with qtbot.waitSignal(dialog.profileRecovered, timeout=30_000):
        dialog.recover_button.click()
    assert "Profil dipulihkan" in dialog.message.text()
    assert list(folder.glob("damaged-*.db"))
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        dialog.submit()
    assert dialog.result_value is not None and dialog.result_value.online
    dialog.result_value.opened.release()


def _back_to_the_version_before(folder: Path) -> None:
    """The profile as the version before the newest migration left it."""
    from alembic import command

    from localdb import migrate
    from localdb.engine import make_engine
    from localdb.profile import DB_NAME, unlock_key

    key, _ = unlock_key(folder, PASSWORD)
    engine = make_engine(folder / DB_NAME, key=key)
    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "-1")
    engine.dispose()


def _login_words(qtbot, service: LoginService, url: str) -> tuple[list[str], LoginResult]:
    """What the login window says, in order, while it logs officer1 in."""
    from ui.login.dialog import LoginDialog

    dialog = LoginDialog(service.authenticate, url, username="officer1")
    qtbot.addWidget(dialog)
    said: list[str] = []

    def heard(*_args: object) -> None:  # after the window's own slot has set the words
        if not said or said[-1] != dialog.message.text():
            said.append(dialog.message.text())

    dialog.stageReached.connect(heard)
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=60_000):
        dialog.submit()
        heard()
    assert dialog.result_value is not None
    return said, dialog.result_value


def test_the_login_window_says_what_it_is_doing(qtbot, tmp_path: Path, small_hub) -> None:
    """Opening the data on this computer, bringing an older version's data up to date (which
    can take minutes), asking the server, and checking offline: each said while it happens,
    never "contacting the server" while the computer works on its own files."""
    from localdb.folders import profile_folder

    clock = Clock()
    service = make_service(tmp_path, small_hub.base_url, clock)
    login(service, "officer1", PASSWORD)
    _back_to_the_version_before(profile_folder("officer1", AppPaths.under(tmp_path).profiles_dir))

    said, result = _login_words(qtbot, service, small_hub.base_url)
    result.opened.release()
    assert said == [
        "Membuka data Simpul di komputer ini…",
        "Memperbarui data Simpul di komputer ini untuk versi ini. Bisa beberapa menit; "
        "biarkan Simpul tetap terbuka.",
        "Menghubungi server…",
    ]
    assert result.online

    said, result = _login_words(qtbot, make_service(tmp_path, "http://127.0.0.1:9", clock), "")
    result.opened.release()
    assert said == [
        "Membuka data Simpul di komputer ini…",
        "Menghubungi server…",
        "Server tidak terjangkau; memeriksa kata sandi di komputer ini…",
    ]
    assert not result.online


def _in_thread(call: Callable[[], object]) -> tuple[threading.Thread, list[object]]:
    """`call` on a thread of its own; the list gets its result or the exception it raised."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(call())
        except Exception as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def test_the_password_unwraps_the_key_while_the_modules_still_load(
    tmp_path: Path, small_hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The login derives the profile's key beside the preload's imports, not after them: with
    the preload held mid-way (its key modules in), a wrong password is refused while it is
    still held and changes nothing, and the right one opens the profile once it is let go."""
    from localdb.errors import WrongPasswordError

    login(make_service(tmp_path, small_hub.base_url, Clock()), "officer1", PASSWORD)
    key_file = AppPaths.under(tmp_path).profiles_dir / "officer1" / "profile.key"
    before = key_file.read_bytes()
    release = threading.Event()
    preload = threading.Thread(target=release.wait, name="simpul-preload", daemon=True)
    preload.start()
    key_modules_in = threading.Event()
    key_modules_in.set()
    monkeypatch.setattr(composition, "_preload", [preload])
    monkeypatch.setattr(composition, "_key_modules_in", key_modules_in)
    opener = composition.profile_opener(
        AppPaths.under(tmp_path),
        Settings(server_url="http://127.0.0.1:9"),
        keyring_backend=keyring.backends.fail.Keyring(),
    )
    try:
        wrong, refused = _in_thread(lambda: opener("officer1", "sandi-keliru"))
        wrong.join(60)
        assert [type(x) for x in refused] == [WrongPasswordError]
        assert preload.is_alive() and key_file.read_bytes() == before
        right, opened = _in_thread(lambda: opener("officer1", PASSWORD))
    finally:
        release.set()
    right.join(60)
    assert [type(x).__name__ for x in opened] == ["OpenedProfile"]
    opened[0].release()  # type: ignore[attr-defined]
