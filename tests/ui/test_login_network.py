"""Login on an office network and against a server that no longer serves this version: the
user is told what failed and what to do. Real servers on loopback, a real TLS front."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import keyring.backends.fail
import pytest

from central.embedded import EmbeddedServer
from desktop import app as composition
from desktop.paths import AppPaths
from desktop.settings import Settings
from sync.version import app_version
from tests.support.tls import ConnectProxy, TlsFront, make_certs
from ui.login.service import LoginFailure, LoginService

PASSWORD = "simpul-demo"


def _server(root: Path, **kwargs: str) -> EmbeddedServer:
    srv = EmbeddedServer(f"sqlite:///{root / 'c.db'}", root, demo=True, reports=5, **kwargs)
    srv.start()
    return srv


def _service(root: Path, url: str, **settings: object) -> LoginService:
    opener = composition.profile_opener(
        AppPaths.under(root),
        Settings(server_url=url, **settings),  # type: ignore[arg-type]
        keyring_backend=keyring.backends.fail.Keyring(),
    )
    return LoginService(opener, clock=lambda: dt.datetime.now(dt.UTC))


def _next_patch(version: str) -> str:
    parts = [int(p) for p in version.split(".")[:3]]
    parts[-1] += 1
    return ".".join(str(p) for p in parts)


@pytest.fixture
def too_new_server(tmp_path: Path) -> Iterator[EmbeddedServer]:
    srv = _server(tmp_path / "central", min_client_version=_next_patch(app_version()))
    yield srv
    srv.stop()


def test_a_client_older_than_the_server_serves_is_told_what_to_do(
    tmp_path: Path, too_new_server: EmbeddedServer
) -> None:
    assert too_new_server.base_url is not None
    with pytest.raises(LoginFailure) as caught:
        _service(tmp_path / "client", too_new_server.base_url).authenticate("officer1", PASSWORD)
    assert caught.value.kind == "upgrade"
    assert f"Versi Simpul ini ({app_version()})" in caught.value.message
    assert "petugas TI" in caught.value.message


def test_the_version_sent_is_the_package_version(tmp_path: Path) -> None:
    """A server whose minimum is exactly this version serves it: X-Client-Version carries the
    package metadata's version, not an older constant."""
    srv = _server(tmp_path / "central", min_client_version=app_version())
    try:
        assert srv.base_url is not None
        result = _service(tmp_path / "client", srv.base_url).authenticate("officer1", PASSWORD)
        result.opened.release()
        assert result.online
    finally:
        srv.stop()


def test_an_untrusted_certificate_at_first_login_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    certs = make_certs(tmp_path, ["localhost"])
    empty = tmp_path / "os-store.pem"
    empty.write_text("")
    monkeypatch.setenv("SSL_CERT_FILE", str(empty))  # the office root is not installed
    srv = _server(tmp_path / "central")
    front = TlsFront(certs, urlsplit(srv.base_url or "").port or 0)
    front.start()
    try:
        url = f"https://localhost:{front.port}"
        with pytest.raises(LoginFailure) as caught:
            _service(tmp_path / "client", url).authenticate("officer1", PASSWORD)
        assert caught.value.kind == "certificate"
        assert "Sertifikat server tidak dipercaya" in caught.value.message
        # With the office's CA file chosen in the settings, the same login goes through.
        ok = _service(tmp_path / "client2", url, ca_bundle=str(certs.ca_pem))
        result = ok.authenticate("officer1", PASSWORD)
        result.opened.release()
        assert result.online
    finally:
        front.stop()
        srv.stop()


def test_the_network_and_upgrade_messages_have_english(qapp) -> None:
    from ui.login.service import network_setup_message, upgrade_message

    translator = composition.install_translator(qapp, "en")
    assert translator is not None
    try:
        assert network_setup_message("certificate").startswith("This computer does not trust")
        assert network_setup_message("proxy").startswith("The network proxy refused")
        assert f"This version of Simpul ({app_version()})" in upgrade_message()
    finally:
        qapp.removeTranslator(translator)


def test_the_status_bar_says_a_proxy_or_certificate_failure_in_english(qapp) -> None:
    from sync.errors import CERTIFICATE_MESSAGE, PROXY_MESSAGE
    from sync.summary import CycleState, CycleStats, message_for
    from ui.shell.sync_status import sync_message

    certificate = message_for(CycleState.OFFLINE, CycleStats(), CERTIFICATE_MESSAGE)
    assert certificate == CERTIFICATE_MESSAGE  # the cycle's own words: Indonesian
    translator = composition.install_translator(qapp, "en")
    assert translator is not None
    try:
        assert sync_message(certificate).startswith("This computer does not trust")
        assert sync_message(PROXY_MESSAGE).startswith("The network proxy refused")
        plain = message_for(CycleState.OFFLINE, CycleStats(), "ConnectionError: refused")
        assert sync_message(plain) == plain  # a dead link keeps its usual sentence
    finally:
        qapp.removeTranslator(translator)


def test_default_settings_log_in_through_the_system_proxy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An office PC whose only way out is the proxy set in the operating system, with the
    office's root installed there: the default settings (no proxy, no CA file) log in."""
    host = "hub.kantor.test"  # resolvable only through the proxy
    certs = make_certs(tmp_path, [host])
    monkeypatch.setenv("SSL_CERT_FILE", str(certs.ca_pem))
    srv = _server(tmp_path / "central")
    front = TlsFront(certs, urlsplit(srv.base_url or "").port or 0)
    front.start()
    proxy = ConnectProxy(front.port)
    proxy.start()
    monkeypatch.setenv("https_proxy", f"http://127.0.0.1:{proxy.port}")
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    try:
        assert Settings().use_system_proxy
        result = _service(tmp_path / "client", f"https://{host}").authenticate("officer1", PASSWORD)
        result.opened.release()
        assert result.online
        assert proxy.tunnels and proxy.tunnels[0] == f"{host}:443"
    finally:
        proxy.stop()
        front.stop()
        srv.stop()
