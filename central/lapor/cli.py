"""`python -m central bridge` and `python -m central lapor-emulator`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from central.lapor.mapping import DEMO_MAPPING, MappingError, load_mapping
from central.lapor.secrets import SecretsError, load_credentials

EMULATOR_KEY_VAR = "LAPOR_EMULATOR_GATEWAY_KEY"
EMULATOR_TOKEN_VAR = "LAPOR_EMULATOR_ACCOUNT_TOKEN"


def _instant(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def cmd_bridge(args: argparse.Namespace) -> None:
    from central.cli import _database
    from central.lapor.bridge import Bridge, BridgeConfig

    if not args.base_url:
        raise SystemExit("bridge not started: --base-url is required")
    try:
        mapping = load_mapping(Path(args.mapping))
        credentials = load_credentials(Path(args.secrets_file) if args.secrets_file else None)
    except (MappingError, SecretsError) as err:
        raise SystemExit(f"bridge not started: {err}") from None
    logging.getLogger("central.lapor").setLevel(logging.INFO)
    db = _database(args)
    config = BridgeConfig(
        base_url=args.base_url,
        mapping=mapping,
        data_dir=Path(args.data_dir).resolve(),
        readback_delay=args.readback_delay,
        poll_interval=args.poll_interval,
        timeout=args.timeout,
        since=args.since,
    )
    bridge = Bridge(db, config, credentials)
    try:
        bridge.check_mapping()
    except MappingError as err:
        raise SystemExit(f"bridge not started: {err}") from None
    try:
        if args.once:
            print(json.dumps(bridge.cycle().as_dict(), indent=2))
        else:
            print(f"LAPOR! bridge: {args.base_url}, every {args.interval:g} s (Ctrl+C stops)")
            sys.stdout.flush()
            bridge.run_forever(args.interval)
    except KeyboardInterrupt:
        pass
    finally:
        bridge.close()
        db.dispose()


def _reason(text: str | None) -> str:
    return (text or "").replace("\n", " ")


def cmd_failed(args: argparse.Namespace) -> None:
    """The failed rows, one a line: id, kind, hub id, why."""
    from central.cli import opened_database
    from central.lapor.requeue import failed_rows

    with opened_database(args) as db, db.read() as session:
        rows = failed_rows(session, args.kind)
    for r in rows:
        print(f"{r.id}\t{r.kind}\t{r.hub_id}\t{_reason(r.reason)}")
    print(f"{len(rows)} failed")


def cmd_requeue(args: argparse.Namespace) -> None:
    """Queue failed rows again: one by id, or all of them (of one kind)."""
    from central.cli import opened_database
    from central.lapor.requeue import RequeueRefused, requeue_failed, requeue_row

    if (args.row is None) == (not args.all):
        raise SystemExit("bridge requeue: give a row id or --all")
    if args.row is not None and args.kind:
        raise SystemExit("bridge requeue: --kind goes with --all")
    now = dt.datetime.now(dt.UTC)
    try:
        with opened_database(args) as db, db.write() as session, session.begin():
            if args.all:
                rows = requeue_failed(session, now, args.kind)
            else:
                rows = [requeue_row(session, args.row, now)]
    except RequeueRefused as err:
        why = {
            "not_found": "there is no such outbox row",
            "done": "it is on LAPOR! already and is not sent again",
        }.get(
            err.code,
            f"it is {err.state}, not failed: the bridge still handles it "
            "(an unknown outcome is read back from LAPOR! before any new send)",
        )
        raise SystemExit(f"row {err.row_id} not re-queued: {why}") from None
    for r in rows:
        print(f"{r.id}\t{r.kind}\t{r.hub_id}")
    print(f"{len(rows)} re-queued: sent on the bridge's next cycle")


def _db_again(p: argparse.ArgumentParser) -> None:
    """--db/--data-dir after the action too; given before it, they are kept."""
    p.add_argument("--db", default=argparse.SUPPRESS, help="as for bridge")
    p.add_argument("--data-dir", default=argparse.SUPPRESS, help="as for bridge")


def cmd_emulator(args: argparse.Namespace) -> None:
    import uvicorn

    from central.lapor.emulator import (
        DEFAULT_ACCOUNT_TOKEN,
        DEFAULT_GATEWAY_KEY,
        EmulatorConfig,
        create_emulator,
    )

    if args.host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("the emulator listens on loopback only")
    config = EmulatorConfig(
        gateway_key=os.environ.get(EMULATOR_KEY_VAR, DEFAULT_GATEWAY_KEY),
        account_token=os.environ.get(EMULATOR_TOKEN_VAR, DEFAULT_ACCOUNT_TOKEN),
        db_path=Path(args.db).resolve() if args.db else None,
    )
    print(f"SP4N-LAPOR! v4 emulator: http://{args.host}:{args.port}")
    print(f"credentials from {EMULATOR_KEY_VAR} / {EMULATOR_TOKEN_VAR} (defaults: see docs)")
    sys.stdout.flush()
    uvicorn.run(create_emulator(config), host=args.host, port=args.port, log_level=args.log_level)


def add_parsers(sub: Any, db_options: Any) -> None:
    p = sub.add_parser(
        "bridge",
        help="relay between the hub and SP4N-LAPOR! (run beside serve)",
        description="Send what the hub's users did to SP4N-LAPOR! exactly once, and pull the "
        "complaints disposed to the mapped agencies. Credentials come from LAPOR_GATEWAY_KEY "
        "and LAPOR_ACCOUNT_TOKEN or a 0600 secrets file (see docs/bridge.md).",
    )
    db_options(p)
    p.add_argument("--base-url", help="gateway base URL, e.g. the emulator's (required to run)")
    p.add_argument(
        "--mapping", default=str(DEMO_MAPPING), help="mapping file (default: the demo's)"
    )
    p.add_argument("--secrets-file", help="KEY=value file, mode 0600 (or LAPOR_SECRETS_FILE)")
    p.add_argument("--interval", type=float, default=300.0, help="seconds between cycles")
    p.add_argument("--once", action="store_true", help="run one cycle, print it, exit")
    p.add_argument(
        "--readback-delay",
        type=float,
        default=60.0,
        help="seconds to wait before reading back a send whose answer was lost",
    )
    p.add_argument(
        "--poll-interval",
        type=float,
        default=3 * 3600.0,
        help="seconds between polls of a known complaint",
    )
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per HTTP call")
    p.add_argument(
        "--since",
        type=_instant,
        help="send only what was done from this ISO date/time on (default: everything)",
    )
    p.set_defaults(func=cmd_bridge)
    actions = p.add_subparsers(dest="bridge_action", metavar="ACTION")
    a = actions.add_parser(
        "failed",
        help="list the outbox rows that failed, with why (id, kind, hub id, reason)",
    )
    a.add_argument("--kind", choices=["followup", "report", "handoff"])
    _db_again(a)
    a.set_defaults(func=cmd_failed)
    a = actions.add_parser(
        "requeue",
        help="queue failed rows again (after fixing the mapping): sent on the next cycle",
        description="Only failed rows are queued again. A row sent already is refused; a row "
        "whose outcome is unknown is left to the bridge, which reads it back first.",
    )
    a.add_argument("row", nargs="?", type=int, help="outbox row id (see `bridge failed`)")
    a.add_argument("--all", action="store_true", help="every failed row")
    a.add_argument("--kind", choices=["followup", "report", "handoff"], help="with --all")
    _db_again(a)
    a.set_defaults(func=cmd_requeue)

    p = sub.add_parser(
        "lapor-emulator",
        help="serve an emulator of the SP4N-LAPOR! v4 API on loopback",
        description="The v4 shapes with both credentials checked, its own SQLite state and "
        "switchable faults (PUT /_emulator/faults).",
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8790)
    p.add_argument("--db", help="SQLite file of the emulator's state (default: in memory)")
    p.add_argument("--log-level", default="warning", choices=["debug", "info", "warning"])
    p.set_defaults(func=cmd_emulator)


def add_serve_options(p: argparse.ArgumentParser) -> None:
    """`serve --lapor-bridge URL`: run the bridge inside the server process (a thread)."""
    p.add_argument(
        "--lapor-bridge",
        metavar="BASE_URL",
        help="also run the SP4N-LAPOR! bridge to this gateway base URL (see docs/bridge.md)",
    )
    p.add_argument("--lapor-mapping", default=str(DEMO_MAPPING), help="bridge mapping file")
    p.add_argument("--lapor-secrets-file", help="bridge secrets file (mode 0600)")
    p.add_argument("--lapor-interval", type=float, default=300.0, help="seconds between cycles")


def start_in_serve(args: argparse.Namespace, db_url: str, data_dir: Path) -> Callable[[], None]:
    """Start the bridge loop in a thread when `--lapor-bridge` is given; returns its stopper."""
    if not args.lapor_bridge:
        return lambda: None
    import threading

    from central.db import open_database
    from central.lapor.bridge import Bridge, BridgeConfig

    try:
        mapping = load_mapping(Path(args.lapor_mapping))
        secrets = Path(args.lapor_secrets_file) if args.lapor_secrets_file else None
        credentials = load_credentials(secrets)
    except (MappingError, SecretsError) as err:
        raise SystemExit(f"bridge not started: {err}") from None
    logging.getLogger("central.lapor").setLevel(logging.INFO)
    db = open_database(db_url)
    config = BridgeConfig(base_url=args.lapor_bridge, mapping=mapping, data_dir=data_dir)
    bridge = Bridge(db, config, credentials)
    try:
        bridge.check_mapping()
    except MappingError as err:
        raise SystemExit(f"bridge not started: {err}") from None
    stop = threading.Event()
    thread = threading.Thread(
        target=bridge.run_forever, args=(args.lapor_interval, stop), name="lapor", daemon=True
    )
    thread.start()
    print(f"SP4N-LAPOR! bridge: {args.lapor_bridge}, every {args.lapor_interval:g} s")

    def stopper() -> None:
        stop.set()
        thread.join(timeout=60)
        bridge.close()
        db.dispose()

    return stopper
