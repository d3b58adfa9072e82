"""What a hotel or office network puts between the client and the server, as real local servers.

- `html`: answers every request with an HTML login page and status 200 (a captive portal);
- `redirect`: answers every request with 302 to a login page (which is HTML 200);
- `tls`: an HTTPS server whose certificate no CA the client trusts has signed (a portal
  intercepting TLS).

Each listens on 127.0.0.1 on a free port in a background thread.
"""

from __future__ import annotations

import datetime as dt
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

PORTAL_KINDS = ("html", "redirect", "tls")
LOGIN_PAGE = b"<!doctype html><html><body><h1>Wi-Fi Hotel</h1><form>Masuk</form></body></html>"


class _Portal(BaseHTTPRequestHandler):
    redirect = False

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if self.redirect and not self.path.startswith("/portal/login"):
            self.send_response(302)
            self.send_header("Location", "/portal/login?continue=1")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(LOGIN_PAGE)))
        self.end_headers()
        self.wfile.write(LOGIN_PAGE)

    do_GET = do_POST = do_PATCH = do_HEAD = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Redirecting(_Portal):
    redirect = True


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 signed by nobody but itself, and its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "portal.local")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "portal.crt", folder / "portal.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@contextmanager
def portal(kind: str, folder: Path) -> Iterator[str]:
    """Run one kind of portal; yields the URL a misled client would use as the server's."""
    handler = _Redirecting if kind == "redirect" else _Portal
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    scheme = "http"
    if kind == "tls":
        cert, key = self_signed(folder)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{scheme}://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
