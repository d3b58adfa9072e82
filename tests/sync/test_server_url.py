"""Plain http only to this computer: the transport, the settings, `python -m sync --server`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sync.transport import Transport
from sync.urls import INSECURE_SERVER_MESSAGE, InsecureServerUrl, server_url_allowed
from tests.support.child import child_env

ROOT = Path(__file__).resolve().parents[2]

REFUSED = [
    "http://lapor.kantor.go.id",
    "http://192.168.1.10:8000",
    "http://10.0.0.5",
    "http://[2001:db8::1]:8000",
    "http://127.0.0.1.nip.io",
    "http://localhost.evil.example",
    "ftp://127.0.0.1",
    "https://",
]
ALLOWED = [
    "https://lapor.kantor.go.id",
    "https://192.168.1.10:8443/api/v1",
    "http://127.0.0.1:8000",
    "http://127.8.9.10",
    "http://[::1]:8000",
    "http://localhost:8000",
    "http://LOCALHOST",
]


@pytest.mark.parametrize("url", REFUSED)
def test_plain_http_to_another_computer_is_refused(url: str) -> None:
    assert not server_url_allowed(url)
    with pytest.raises(InsecureServerUrl) as err:
        Transport(url)
    assert "https://" in err.value.message


@pytest.mark.parametrize("url", ALLOWED)
def test_https_anywhere_and_http_on_loopback_are_accepted(url: str) -> None:
    assert server_url_allowed(url)
    Transport(url).close()


def test_sync_cli_refuses_plain_http_to_a_real_server(tmp_path: Path) -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "sync",
            "--profile-dir",
            str(tmp_path / "p"),
            "--server",
            "http://192.168.1.10:8000",
            "--username",
            "officer1",
            "once",
        ],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=ROOT,
        timeout=60,
    )
    assert out.returncode == 1
    assert INSECURE_SERVER_MESSAGE in out.stderr
    assert not (tmp_path / "p").exists()  # refused before anything was created
