"""The demo's LAPOR! side: the emulator and a bridge loop in background threads.

`python -m desktop --demo --lapor` starts it beside the demo hub: a few complaints disposed to
demo offices wait on the emulator and reach the officers' inboxes; a follow-up approved in the
app appears in the emulator's complaint (`GET <emulator>/_emulator/complaints/{id}`).
"""

from __future__ import annotations

import threading
from pathlib import Path

from central.db import Database, open_database
from central.lapor.bridge import Bridge, BridgeConfig
from central.lapor.emulator import (
    DEFAULT_ACCOUNT_TOKEN,
    DEFAULT_GATEWAY_KEY,
    EmulatorConfig,
    EmulatorServer,
)
from central.lapor.mapping import DEMO_MAPPING, load_mapping
from central.lapor.secrets import Credentials

# (title, content, institution): waiting on LAPOR! when the demo starts.
DEMO_COMPLAINTS: tuple[tuple[str, str, str], ...] = (
    (
        "Jalan amblas di Jorong Padang Tongah",
        "Badan jalan kabupaten amblas sepanjang lima meter setelah hujan deras.",
        "2101",
    ),
    (
        "Jembatan kayu di Nagari Bawan lapuk",
        "Papan jembatan banyak yang patah, anak sekolah terpaksa memutar jauh.",
        "2101",
    ),
    (
        "Antrean panjang di Puskesmas Lubuk Basung",
        "Pasien menunggu lebih dari tiga jam karena hanya satu loket yang buka.",
        "2102",
    ),
)


class DemoLapor:
    def __init__(self, db_url: str, data_dir: Path, *, interval: float = 5.0) -> None:
        self.db_url = db_url
        self.data_dir = data_dir
        self.interval = interval
        self.emulator = EmulatorServer(EmulatorConfig(db_path=data_dir / "lapor-emulator.db"))
        self.base_url: str | None = None
        self._db: Database | None = None
        self._bridge: Bridge | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> str:
        self.base_url = self.emulator.start()
        for title, content, institution in DEMO_COMPLAINTS:
            self.emulator.store.create_complaint(
                {
                    "title": title,
                    "content": content,
                    "channel": 1,
                    "classification_id": 6,
                    "disposition_id": institution,
                }
            )
        self._db = open_database(self.db_url)
        config = BridgeConfig(
            base_url=self.base_url,
            mapping=load_mapping(DEMO_MAPPING),
            data_dir=self.data_dir,
            readback_delay=self.interval,
            poll_interval=self.interval * 6,
        )
        credentials = Credentials(DEFAULT_GATEWAY_KEY, DEFAULT_ACCOUNT_TOKEN)
        self._bridge = Bridge(self._db, config, credentials)
        self._bridge.cycle()  # the waiting complaints are in the hub before the first login
        self._thread = threading.Thread(
            target=self._bridge.run_forever,
            args=(self.interval, self._stop),
            name="lapor-bridge",
            daemon=True,
        )
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        if self._bridge is not None:
            self._bridge.close()
        if self._db is not None:
            self._db.dispose()
        self.emulator.stop()
