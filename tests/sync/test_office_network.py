"""The transport on an office network: a TLS-inspecting proxy's root CA in the operating
system's store, the system proxy, an explicit proxy and CA, and clear words when a proxy or a
certificate is why nothing connects. Real TLS (a private CA made per run) in front of the real
central server, a real CONNECT proxy, all on loopback.

"The operating system's store" is OpenSSL's default on Linux, which SSL_CERT_FILE points at:
here that stands for the root an IT department installs on the office PCs. (On Windows the same
code asks the Windows store; docs/install.md has that check.)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sync.errors import CERTIFICATE_MESSAGE, PROXY_MESSAGE, NetworkSetupError, OfflineError
from sync.summary import CycleState
from sync.transport import Transport
from tests.support.server import Central
from tests.support.tls import Certs, ConnectProxy, TlsFront, make_certs
from tests.sync.clients import ClientFactory

OFFICE_HOST = "hub.kantor.test"  # resolvable only through the office proxy


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certs:
    return make_certs(tmp_path_factory.mktemp("certs"), [OFFICE_HOST, "localhost"])


@pytest.fixture
def front(central: Central, certs: Certs) -> Iterator[TlsFront]:
    tls = TlsFront(certs, urlsplit(central.base_url).port or 80)
    tls.start()
    yield tls
    tls.stop()


@pytest.fixture
def os_store_without_office_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "os-store.pem"
    empty.write_text("")
    monkeypatch.setenv("SSL_CERT_FILE", str(empty))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)


@pytest.fixture
def os_store_with_office_root(certs: Certs, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certs.ca_pem))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)


def _probe(transport: Transport) -> str:
    try:
        return transport.probe().service
    finally:
        transport.close()


@pytest.mark.usefixtures("os_store_with_office_root")
def test_the_office_root_in_the_os_store_is_trusted_by_default(front: TlsFront) -> None:
    assert _probe(Transport(f"https://localhost:{front.port}")) == "simpul-central"


@pytest.mark.usefixtures("os_store_without_office_root")
def test_an_untrusted_certificate_says_so_in_indonesian(front: TlsFront) -> None:
    transport = Transport(f"https://localhost:{front.port}")
    with pytest.raises(NetworkSetupError) as caught:
        _probe(transport)
    assert caught.value.kind == "certificate"
    assert caught.value.message == CERTIFICATE_MESSAGE
    assert "Sertifikat server tidak dipercaya" in CERTIFICATE_MESSAGE


@pytest.mark.usefixtures("os_store_without_office_root")
def test_an_explicit_ca_file_still_works(front: TlsFront, certs: Certs) -> None:
    transport = Transport(f"https://localhost:{front.port}", ca_bundle=str(certs.ca_pem))
    assert _probe(transport) == "simpul-central"


@pytest.mark.usefixtures("os_store_with_office_root")
def test_an_explicit_proxy_tunnels_to_the_server(front: TlsFront) -> None:
    proxy = ConnectProxy(front.port)
    proxy.start()
    try:
        transport = Transport(
            f"https://{OFFICE_HOST}:443", proxy_url=f"http://127.0.0.1:{proxy.port}"
        )
        assert _probe(transport) == "simpul-central"
    finally:
        proxy.stop()
    assert proxy.tunnels == [f"{OFFICE_HOST}:443"]


@pytest.mark.usefixtures("os_store_with_office_root")
def test_the_system_proxy_is_used_when_asked(
    front: TlsFront, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy = ConnectProxy(front.port)
    proxy.start()
    monkeypatch.setenv("https_proxy", f"http://127.0.0.1:{proxy.port}")
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    try:
        assert _probe(Transport(f"https://{OFFICE_HOST}:443", system_proxy=True)) == (
            "simpul-central"
        )
        # Not asked: the office host does not resolve without the proxy.
        with pytest.raises(OfflineError) as caught:
            _probe(Transport(f"https://{OFFICE_HOST}:443", system_proxy=False))
        assert not isinstance(caught.value, NetworkSetupError)
    finally:
        proxy.stop()
    assert proxy.tunnels == [f"{OFFICE_HOST}:443"]


@pytest.mark.usefixtures("os_store_with_office_root")
def test_a_refusing_proxy_says_so_in_indonesian(front: TlsFront) -> None:
    proxy = ConnectProxy(front.port, refuse=True)
    proxy.start()
    try:
        transport = Transport(
            f"https://{OFFICE_HOST}:443", proxy_url=f"http://127.0.0.1:{proxy.port}"
        )
        with pytest.raises(NetworkSetupError) as caught:
            _probe(transport)
    finally:
        proxy.stop()
    assert caught.value.kind == "proxy"
    assert caught.value.message == PROXY_MESSAGE


def test_a_sync_cycle_stopped_by_a_certificate_says_so(
    front: TlsFront, certs: Certs, clients: ClientFactory, tmp_path: Path, monkeypatch
) -> None:
    """An office PC syncing through the office's TLS inspection; then a new inspecting box
    appears whose root is not installed: the cycle ends offline, with the certificate named."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certs.ca_pem))
    client = clients.make("officer1", via=f"https://localhost:{front.port}")
    assert client.sync().state is CycleState.OK
    (other := tmp_path / "other-ca").mkdir()
    front.present(make_certs(other, ["localhost"]))
    summary = client.sync()
    assert summary.state is CycleState.OFFLINE
    assert summary.message == CERTIFICATE_MESSAGE
