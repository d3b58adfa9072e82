"""Bytes the regions add to the reference data on the wire (gzip, as the client asks for it).

Starts the embedded demo hub, logs in as the desk and measures, over real HTTP:

1. baseline: `GET /reference` with no kabupaten/kota set (no regions at all);
2. `GET /reference` with Kabupaten Agam set: what every later reference download carries extra
   (the regions' ETag), target at most 100 bytes;
3. `GET /reference/regions`, sent once after login and again only when the list changes: for
   Agam, and for the largest kabupaten of the list (Aceh Utara, 11.08) to see the worst case;
   target at most 32,000 bytes (one second of a 256 kbit/s link).

Prints figure, target and the ratio to the baseline reference download; asserts nothing.

    .venv/bin/python bench/regions.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # before bench/, whose central.py would hide the package

from central.embedded import EmbeddedServer  # noqa: E402
from sync.wire import API_PREFIX  # noqa: E402

LINK_BYTES_PER_SECOND = 32_000  # 256 kbit/s
PASSWORD = "simpul-demo"


def wire_bytes(http: httpx.Client, path: str) -> tuple[int, int]:
    """(bytes as sent, gzip included; bytes of the JSON body) of one GET."""
    r = http.get(path)
    r.raise_for_status()
    return r.num_bytes_downloaded, len(r.content)


def line(what: str, figure: int, target: int | None, baseline: int) -> None:
    goal = f"target <= {target:>6,} B" if target is not None else " " * 19
    seconds = figure / LINK_BYTES_PER_SECOND
    print(
        f"{what:<46} {figure:>7,} B  {goal}  {seconds:5.2f} s at 256 kbit/s"
        f"  ratio to baseline {figure / baseline:5.2f}"
    )


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="simpul-bench-regions-") as tmp:
        data = Path(tmp)
        server = EmbeddedServer(f"sqlite:///{data / 'central.db'}", data, demo=True, reports=0)
        url = server.start()
        admin = {"X-Admin-Token": server.admin_token}
        try:
            http = httpx.Client(
                base_url=f"{url}{API_PREFIX}", headers={"Accept-Encoding": "gzip"}, timeout=60
            )
            login = http.post(
                "/auth/login",
                json={"username": "desk1", "password": PASSWORD, "device_id": "bench"},
            ).json()
            http.headers["Authorization"] = f"Bearer {login['access_token']}"

            def regency(code: str) -> None:
                r = httpx.patch(
                    f"{url}{API_PREFIX}/admin/settings", json={"regency_code": code}, headers=admin
                )
                r.raise_for_status()

            regency("")
            base, base_json = wire_bytes(http, "/reference")
            regency("13.06")
            with_etag, with_json = wire_bytes(http, "/reference")
            agam, agam_json = wire_bytes(http, "/reference/regions")
            regency("11.08")
            largest, largest_json = wire_bytes(http, "/reference/regions")
            http.close()
        finally:
            server.stop()
    print(f"baseline: GET /reference without regions {base:,} B on the wire ({base_json:,} B JSON)")
    line("every later reference download adds", with_etag - base, 100, base)
    line("regions of Kabupaten Agam, once", agam, LINK_BYTES_PER_SECOND, base)
    line("first reference download after login adds", with_etag - base + agam, None, base)
    line("regions of Kabupaten Aceh Utara (largest), once", largest, LINK_BYTES_PER_SECOND, base)
    print(
        f"JSON before gzip: reference +{with_json - base_json:,} B; regions "
        f"{agam_json:,} B (Agam), {largest_json:,} B (Aceh Utara)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
