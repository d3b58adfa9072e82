"""A local office network for transport tests: a private root CA (as a TLS-inspecting proxy's),
a TLS front for the real central server signed by it, and an HTTP CONNECT proxy.

All of it real sockets on 127.0.0.1; the certificates are made fresh per test run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import socket
import ssl
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


@dataclass(frozen=True)
class Certs:
    ca_pem: Path  # the office's root: what IT would install in the OS store
    cert_pem: Path  # the server's certificate, signed by that root
    key_pem: Path


def make_certs(folder: Path, hostnames: list[str]) -> Certs:
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Kantor Test Root CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = [x509.DNSName(h) for h in hostnames]
    names.append(x509.IPAddress(ipaddress.ip_address("127.0.0.1")))
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostnames[0])]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    certs = Certs(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    certs.ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    certs.cert_pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    certs.key_pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return certs


def _pipe(src: socket.socket, dst: socket.socket) -> None:
    try:
        while data := src.recv(65536):
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)


def _splice(a: socket.socket, b: socket.socket) -> None:
    threading.Thread(target=_pipe, args=(a, b), daemon=True).start()
    threading.Thread(target=_pipe, args=(b, a), daemon=True).start()


class _Listener:
    def __init__(self) -> None:
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._sock.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._sock.close()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        raise NotImplementedError


class TlsFront(_Listener):
    """HTTPS on loopback in front of a plain-HTTP backend (the real central server)."""

    def __init__(self, certs: Certs, backend_port: int) -> None:
        super().__init__()
        self._backend = backend_port
        self._ctx = self._context(certs)
        self._open: list[socket.socket] = []

    @staticmethod
    def _context(certs: Certs) -> ssl.SSLContext:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(certs.cert_pem, certs.key_pem)
        return ctx

    def present(self, certs: Certs) -> None:
        """From now on show these certificates (a new TLS-inspecting proxy on the path);
        open connections are cut so the next request shakes hands again."""
        self._ctx = self._context(certs)
        for sock in self._open:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def _handle(self, conn: socket.socket) -> None:
        try:
            tls = self._ctx.wrap_socket(conn, server_side=True)
        except (ssl.SSLError, OSError):
            conn.close()  # the client refused our certificate
            return
        self._open.append(tls)
        _splice(tls, socket.create_connection(("127.0.0.1", self._backend)))


class ConnectProxy(_Listener):
    """An HTTP CONNECT proxy that sends every tunnel to 127.0.0.1:`target_port` (whatever host
    was asked for, so a made-up office host name works), or refuses them all with 403."""

    def __init__(self, target_port: int, *, refuse: bool = False) -> None:
        super().__init__()
        self._target = target_port
        self._refuse = refuse
        self.tunnels: list[str] = []

    def _handle(self, conn: socket.socket) -> None:
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = conn.recv(4096)
            if not chunk:
                conn.close()
                return
            head += chunk
        request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
        method, target, _ = request_line.split(" ", 2)
        if method != "CONNECT" or self._refuse:
            conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
            conn.close()
            return
        self.tunnels.append(target)
        upstream = socket.create_connection(("127.0.0.1", self._target))
        conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        _splice(conn, upstream)
