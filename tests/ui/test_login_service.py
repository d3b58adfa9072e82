"""Login against a real embedded server: online, then offline unlock with the stored verifier."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import keyring.backends.fail
import pytest

from desktop import app as composition
from desktop.paths import AppPaths
from desktop.settings import Settings
from ui.login.service import LoginFailure, LoginResult, LoginService

PASSWORD = "simpul-demo"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from central.embedded import EmbeddedServer

    data = tmp_path_factory.mktemp("central")
    srv = EmbeddedServer(f"sqlite:///{data / 'c.db'}", data, demo=True, reports=20)
    srv.start()
    yield srv
    srv.stop()


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


def test_online_login_gives_user_and_notes_missing_keyring(tmp_path: Path, server) -> None:
    result = login(make_service(tmp_path, server.base_url, Clock()), "officer1", PASSWORD)
    assert result.online
    assert result.user["username"] == "officer1"
    assert "officer" in result.user["roles"]
    assert result.device_id
    assert result.keyring_missing  # the fail backend: tokens only in memory, user is told


def test_wrong_password_online(tmp_path: Path, server) -> None:
    f = failure(make_service(tmp_path, server.base_url, Clock()), "officer1", "salah")
    assert f.kind == "wrong_password"
    assert f.message == "Nama pengguna atau kata sandi salah."


def test_offline_unlock_after_an_online_login(tmp_path: Path, server) -> None:
    clock = Clock()
    login(make_service(tmp_path, server.base_url, clock), "officer1", PASSWORD)
    # The same profile, but nothing listens at the server's address any more.
    dead = make_service(tmp_path, "http://127.0.0.1:9", clock)
    result = login(dead, "officer1", PASSWORD)
    assert not result.online
    assert result.user["username"] == "officer1"
    assert failure(dead, "officer1", "bukan-sandinya").kind == "offline_wrong_password"
    clock.now += dt.timedelta(days=8)
    expired = failure(dead, "officer1", PASSWORD)
    assert expired.kind == "offline_expired"
    assert expired.message == "Masa berlaku masuk luring habis; sambungkan ke server"


def test_offline_without_earlier_login_is_refused(tmp_path: Path) -> None:
    f = failure(make_service(tmp_path, "http://127.0.0.1:9", Clock()), "officer1", PASSWORD)
    assert f.kind == "offline_unknown"


def test_profile_open_twice_is_refused(tmp_path: Path, server) -> None:
    service = make_service(tmp_path, server.base_url, Clock())
    first = service.authenticate("officer1", PASSWORD)
    try:
        assert failure(service, "officer1", PASSWORD).kind == "profile_busy"
    finally:
        first.opened.release()
    login(service, "officer1", PASSWORD)  # free again


def test_login_dialog_runs_off_the_ui_thread_and_shows_messages(qtbot, tmp_path, server) -> None:
    from ui.login.dialog import LoginDialog

    service = make_service(tmp_path, server.base_url, Clock())
    dialog = LoginDialog(service.authenticate, server.base_url, username="officer1")
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


def test_a_call_whose_answer_arrived_is_not_running_while_its_thread_winds_down(qtbot) -> None:
    import threading

    from ui.login.background import BackgroundCall

    release = threading.Event()

    class Lingering(BackgroundCall):
        """The worker thread sends its answer, then takes a moment to end (as threads do)."""

        def _work(self) -> None:
            super()._work()
            release.wait(10)

    call = Lingering(lambda: "ok")
    try:
        with qtbot.waitSignal(call.done, timeout=10_000) as blocker:
            call.start()
        assert blocker.args == ["ok"]
        # A second submit right after the answer must not be ignored as "still running".
        assert not call.is_running()
    finally:
        release.set()
