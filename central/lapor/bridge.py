"""One bridge cycle (queue, send, pull) and the loop `python -m central bridge` runs."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from central.db import Database
from central.lapor import masters
from central.lapor.client import AuthRefused, LaporClient
from central.lapor.inbound import Inbound, PullSummary
from central.lapor.mapping import Mapping, check_against_hub
from central.lapor.outbound import Outbound, PushSummary, enqueue
from central.lapor.secrets import Credentials
from central.lapor.state import LAST_CYCLE, put, record_error
from central.models import Agency, Category

log = logging.getLogger("central.lapor")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class BridgeConfig:
    base_url: str
    mapping: Mapping
    data_dir: Path
    # After an unknown outcome, wait this long before reading back (a slow commit on the
    # far side must have landed before we look).
    readback_delay: float = 60.0
    # Known complaints are polled this often (the one public integrator: every 3-6 hours).
    poll_interval: float = 3 * 3600.0
    timeout: float = 30.0
    push: bool = True
    pull: bool = True
    # Only what the hub's users did from this instant on is sent (None: everything).
    since: dt.datetime | None = None
    # The masters (reply templates, institutions) are refreshed this often.
    masters_interval: float = 24 * 3600.0


@dataclass
class CycleSummary:
    masters: int = 0
    queued: int = 0
    push: PushSummary = field(default_factory=PushSummary)
    pull: PullSummary = field(default_factory=PullSummary)
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Bridge:
    def __init__(
        self,
        db: Database,
        config: BridgeConfig,
        credentials: Credentials,
        *,
        now: Callable[[], dt.datetime] = utc_now,
        client: LaporClient | None = None,
    ) -> None:
        self.db = db
        self.config = config
        self.now = now
        self.client = client or LaporClient(config.base_url, credentials, timeout=config.timeout)
        self.outbound = Outbound(
            db,
            self.client,
            config.mapping,
            config.data_dir,
            readback_delay=config.readback_delay,
            now=now,
        )
        self.inbound = Inbound(
            db, self.client, config.mapping, poll_interval=config.poll_interval, now=now
        )

    def check_mapping(self) -> None:
        """The mapping's hub ids must exist in the hub (raises MappingError)."""
        with self.db.read() as session:
            agencies = set(session.scalars(select(Agency.id)))
            categories = set(session.scalars(select(Category.id)))
        check_against_hub(self.config.mapping, agencies, categories)

    def cycle(self) -> CycleSummary:
        summary = CycleSummary()
        try:
            summary.masters = self.refresh_masters()
            if self.config.push:
                with self.db.write() as session, session.begin():
                    summary.queued = enqueue(
                        session, self.config.mapping, self.now(), self.config.since
                    )
                summary.push = self.outbound.run()
            if self.config.pull:
                summary.pull = self.inbound.run()
        except AuthRefused as err:
            summary.error = f"credentials refused: {err}"
            log.error("LAPOR! refused the credentials; nothing is sent until they are fixed")
        with self.db.write() as session, session.begin():
            put(session, LAST_CYCLE, self.now().isoformat())
            if summary.error:
                record_error(session, self.now(), "credentials", summary.error)
        return summary

    def refresh_masters(self) -> int:
        """Reply templates (and institutions, if mapped so) into the reference data, when due."""
        with self.db.read() as session:
            if not masters.due(session, self.now(), self.config.masters_interval):
                return 0
        fetched = masters.fetch(self.client, self.config.mapping)
        if not isinstance(fetched, tuple):
            reason = getattr(fetched, "reason", type(fetched).__name__)
            with self.db.write() as session, session.begin():
                record_error(session, self.now(), "masters", str(reason))
            return 0
        with self.db.write() as session, session.begin():
            return masters.apply(session, self.config.mapping, *fetched, self.now())

    def run_forever(self, interval: float, stop: threading.Event | None = None) -> None:
        stop = stop or threading.Event()
        while not stop.is_set():
            try:
                result = self.cycle()
                log.info(
                    "LAPOR! cycle: queued %d, sent %d, unknown %d, failed %d, new %d, polled %d",
                    result.queued,
                    result.push.sent,
                    result.push.unknown,
                    result.push.failed,
                    result.pull.created,
                    result.pull.polled,
                )
            except Exception as err:  # keep the loop alive; only the type: messages may hold data
                log.error("LAPOR! bridge cycle failed: %s", type(err).__name__)
            stop.wait(interval)

    def close(self) -> None:
        self.client.close()
