"""Command line of the central server: `python -m central COMMAND ...` (see --help)."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import logging
import os
import secrets
import sys
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from central import world
from central.auth import AuthPolicy
from central.db import Database, open_database, upgrade
from central.models import OfficeClosure, User
from central.rules import all_settings, set_setting, world_now
from central.settings import ServerSettings, sqlite_url
from sync.wire import API_PREFIX, MIN_CLIENT_VERSION

T = TypeVar("T")
DEFAULT_DATA_DIR = Path("central-data")


def _db_url(args: argparse.Namespace) -> str:
    return str(args.db or sqlite_url(Path(args.data_dir).resolve() / "central.db"))


def _database(args: argparse.Namespace) -> Database:
    url = _db_url(args)
    upgrade(url)
    return open_database(url)


@contextmanager
def opened_database(args: argparse.Namespace) -> Iterator[Database]:
    """The hub's database (migrated first), disposed of on the way out."""
    db = _database(args)
    try:
        yield db
    finally:
        db.dispose()


def _in_world(args: argparse.Namespace, event: Callable[[Session], T]) -> T:
    with opened_database(args) as db:
        try:
            with db.write() as session, session.begin():
                return event(session)
        except world.WorldError as err:
            raise SystemExit(f"Ditolak: {err.message}") from err


def _print(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _summary(report: Any) -> dict[str, Any]:
    return {
        "id": report.id,
        "tracking_id": report.tracking_id,
        "status": report.status,
        "disposed_agency_id": report.disposed_agency_id,
        "version": report.version,
    }


# --- serve, seed, migrate -----------------------------------------------------------------------


def _demo_logins(db: Database) -> list[str]:
    with db.read() as session:
        users = session.scalars(select(User).order_by(User.agency_id, User.username)).all()
        return [f"  {u.username:<14} {u.roles:<12} {u.full_name}" for u in users]


def cmd_serve(args: argparse.Namespace) -> None:
    import uvicorn

    from central.app import create_app
    from central.demo_data import DEMO_PASSWORD
    from central.seed import seed_demo

    data_dir = Path(args.data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    db = _database(args)
    if args.demo:
        seed_demo(db, reports=args.reports)
    logins = _demo_logins(db)
    db.dispose()
    token = args.admin_token or secrets.token_urlsafe(24)
    settings = ServerSettings(
        db_url=_db_url(args),
        data_dir=data_dir,
        admin_token=token,
        min_client_version=args.min_client_version,
        auth=AuthPolicy(trusted_proxies=tuple(args.trusted_proxy)),
        fault_injection=args.allow_faults,
    )
    print(f"Simpul central API: http://{args.host}:{args.port}{API_PREFIX}")
    print(f"OpenAPI: http://{args.host}:{args.port}{API_PREFIX}/openapi.json")
    print(f"Admin token (header X-Admin-Token): {token}")
    if args.demo:
        print(f"Demo logins (password: {DEMO_PASSWORD}):")
        print("\n".join(logins))
    from central.lapor.cli import start_in_serve

    stop_bridge = start_in_serve(args, settings.db_url, data_dir)
    sys.stdout.flush()
    # Forwarded headers are judged by the app itself (AuthPolicy.trusted_proxies), never by
    # uvicorn, which would believe them from any loopback peer.
    try:
        uvicorn.run(
            create_app(settings),
            host=args.host,
            port=args.port,
            log_level=args.log_level,
            proxy_headers=False,
            server_header=False,  # bytes on every answer over a weak link
        )
    finally:
        stop_bridge()


def cmd_seed(args: argparse.Namespace) -> None:
    from central.seed import seed_demo

    if not args.demo:
        raise SystemExit("Only the demo world can be seeded: add --demo.")
    with opened_database(args) as db:
        loaded_ref, reports = seed_demo(db, reports=args.reports, seed=args.seed)
    print(f"reference {'loaded' if loaded_ref else 'already present'}; reports loaded: {reports}")


def cmd_migrate(args: argparse.Namespace) -> None:
    upgrade(_db_url(args))
    print("database is up to date")


def cmd_reveals(args: argparse.Namespace) -> None:
    """Who saw whom, as CSV: ids and times only."""
    from central.reveals import CSV_COLUMNS, list_reveals

    with opened_database(args) as db, db.read() as session:
        rows = list_reveals(session, report_id=args.report, user_id=args.user)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(CSV_COLUMNS)
    for r in rows:
        out.writerow(
            [r.id, r.user_id, r.device_id, r.report_id, r.at.isoformat(), r.received_at.isoformat()]
        )


# --- world events -------------------------------------------------------------------------------


def cmd_report(args: argparse.Namespace) -> None:
    event = world.CitizenReport(
        title=args.title,
        content=args.content,
        channel=args.channel,
        classification=args.classification,
        category_id=args.category,
        is_anonymous=args.anonymous,
        is_secret=args.secret,
        reporter_name=args.reporter_name,
    )
    _print(_in_world(args, lambda s: _summary(world.citizen_report(s, event))))


def cmd_dispose(args: argparse.Namespace) -> None:
    _print(
        _in_world(
            args,
            lambda s: _summary(
                world.dispose(s, args.report, args.agency, assignee=args.assignee, note=args.note)
            ),
        )
    )


def cmd_reject(args: argparse.Namespace) -> None:
    _print(_in_world(args, lambda s: _summary(world.reject(s, args.report, args.note))))


def cmd_reply(args: argparse.Namespace) -> None:
    _print(_in_world(args, lambda s: _summary(world.reporter_reply(s, args.report, args.message))))


def cmd_handoffs(args: argparse.Namespace) -> None:
    def listing(session: Session) -> list[dict[str, Any]]:
        return [
            {
                "id": h.id,
                "report_id": h.report_id,
                "from": h.from_agency_id,
                "to": h.target_agency_id,
                "reason": h.reason,
            }
            for h in world.pending_handoffs(session)
        ]

    _print(_in_world(args, listing))


def cmd_decide(args: argparse.Namespace) -> None:
    _print(
        _in_world(
            args,
            lambda s: _summary(
                world.decide_handoff(s, args.handoff, accept=args.accept, note=args.note)
            ),
        )
    )


def cmd_clock(args: argparse.Namespace) -> None:
    if args.advance_days or args.advance_hours:
        _in_world(
            args, lambda s: world.advance_clock(s, days=args.advance_days, hours=args.advance_hours)
        )
    closed, expired = _in_world(args, world.housekeeping)
    now = _in_world(args, world_now)
    _print({"now": now.isoformat(), "autoclosed": closed, "expired": expired})


def cmd_settings(args: argparse.Namespace) -> None:
    def apply(session: Session) -> dict[str, Any]:
        current = all_settings(session)
        if args.retention_days is not None:
            set_setting(session, "retention_days", args.retention_days)
        if args.cuti_bersama is not None:
            set_setting(session, "cuti_bersama_is_holiday", args.cuti_bersama == "yes")
        if args.regency_code is not None:
            set_setting(session, "regency_code", _regency(args.regency_code))
        sla = dict(current["sla"])
        for key in ("verify_days", "respond_days", "autoclose_days"):
            if getattr(args, key) is not None:
                sla[key] = getattr(args, key)
        set_setting(session, "sla", sla)
        session.flush()
        return all_settings(session)

    _print(_in_world(args, apply))


def _regency(value: str) -> str | None:
    from central.regions import check_regency_code
    from domain.errors import ValidationError

    if not value:
        return None
    try:
        return check_regency_code(value)
    except ValidationError as err:
        raise SystemExit(f"Ditolak: {err.message}") from err


def cmd_closure(args: argparse.Namespace) -> None:
    def apply(session: Session) -> dict[str, Any]:
        session.add(OfficeClosure(date=args.date, agency_id=args.agency, reason=args.reason))
        return {"date": args.date, "agency_id": args.agency, "reason": args.reason}

    _print(_in_world(args, apply))


def cmd_faults(args: argparse.Namespace) -> None:
    body = {
        "latency_ms": args.latency_ms,
        "error_rate": args.error_rate,
        "drop_rate": args.drop_rate,
        "drop_push_after_commit": args.drop_push_after_commit,
        "seed": args.seed,
    }
    request = urllib.request.Request(
        f"{args.url.rstrip('/')}{API_PREFIX}/admin/faults",
        data=json.dumps(body).encode(),
        method="PUT",
        headers={"Content-Type": "application/json", "X-Admin-Token": args.admin_token},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        _print(json.loads(answer.read()))


# --- parser -------------------------------------------------------------------------------------


def _db_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        help="SQLAlchemy URL (default: SQLite file in --data-dir); "
        "PostgreSQL: postgresql+psycopg://user:pw@host/db",
    )
    p.add_argument(
        "--data-dir",
        default=str(DEFAULT_DATA_DIR),
        help="folder for the SQLite file and attachments (default: %(default)s)",
    )


def _world_parsers(sub: Any) -> None:
    w = sub.add_parser(
        "world",
        help="make things happen in the world (works on the database)",
        description="Events of the world around the offices. Each command works "
        "on the database directly; a running server sees the result at once.",
    )
    ws = w.add_subparsers(dest="event", required=True, metavar="EVENT")

    p = ws.add_parser("report", help="a citizen report arrives on a channel")
    p.add_argument("--title", required=True)
    p.add_argument("--content", required=True)
    p.add_argument(
        "--channel", default="web", choices=["web", "sms", "twitter", "mobile", "regional_app"]
    )
    p.add_argument(
        "--classification",
        default="pengaduan",
        choices=["pengaduan", "aspirasi", "permintaan_informasi"],
    )
    p.add_argument("--category", help="category id")
    p.add_argument("--reporter-name")
    p.add_argument("--anonymous", action="store_true", help="hide the reporter's identity")
    p.add_argument("--secret", action="store_true", help="only the assignee and supervisors see it")
    p.set_defaults(func=cmd_report)

    for name, helptext in (
        ("dispose", "national admin verifies and routes a report"),
        ("redispose", "route a report to another agency (old one gets a remove)"),
    ):
        p = ws.add_parser(name, help=helptext)
        p.add_argument("report", help="report id or tracking id")
        p.add_argument("agency", help="agency id or code")
        p.add_argument("--assignee", help="username of an officer of that agency")
        p.add_argument("--note")
        p.set_defaults(func=cmd_dispose)

    p = ws.add_parser("reject", help="national admin rejects a report")
    p.add_argument("report", help="report id or tracking id")
    p.add_argument("--note", required=True)
    p.set_defaults(func=cmd_reject)

    p = ws.add_parser("reply", help="the reporter replies (re-opens the report)")
    p.add_argument("report", help="report id or tracking id")
    p.add_argument("--message", required=True)
    p.set_defaults(func=cmd_reply)

    p = ws.add_parser("handoffs", help="list pending hand-off requests")
    p.set_defaults(func=cmd_handoffs)

    p = ws.add_parser("decide", help="decide a hand-off request")
    p.add_argument("handoff", help="hand-off request id (see `world handoffs`)")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--accept", dest="accept", action="store_true", help="move the report")
    g.add_argument("--refuse", dest="accept", action="store_false", help="keep it where it is")
    p.add_argument("--note")
    p.set_defaults(func=cmd_decide)

    p = ws.add_parser("clock", help="show or move the world's clock (runs auto-close)")
    p.add_argument("--advance-days", type=float, default=0)
    p.add_argument("--advance-hours", type=float, default=0)
    p.set_defaults(func=cmd_clock)

    p = ws.add_parser("settings", help="SLA days, cuti bersama, retention, kabupaten/kota")
    p.add_argument("--verify-days", type=int)
    p.add_argument("--respond-days", type=int)
    p.add_argument("--autoclose-days", type=int)
    p.add_argument("--cuti-bersama", choices=["yes", "no"], help="cuti bersama counts as holiday")
    p.add_argument("--retention-days", type=int, help="days closed reports stay in scope")
    p.add_argument(
        "--regency-code",
        help='kabupaten/kota whose regions the desks pick from, e.g. 13.06; "" to unset',
    )
    p.set_defaults(func=cmd_settings)

    p = ws.add_parser("closure", help="add an office closure day")
    p.add_argument("date", type=dt.date.fromisoformat, help="YYYY-MM-DD")
    p.add_argument("reason")
    p.add_argument("--agency", help="agency id (default: every office)")
    p.set_defaults(func=cmd_closure)

    for p in ws.choices.values():
        _db_options(p)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m central",
        description="Simpul central API server: serve the sync API, seed demo data, and play "
        "the world around the offices (citizens, national admin, reporters, the clock).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "serve",
        help="run the API server",
        description="Create or migrate the database, optionally seed the demo "
        "world, print the URL, admin token and demo logins, then serve.",
    )
    _db_options(p)
    p.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    p.add_argument("--port", type=int, default=8765, help="port (default: %(default)s)")
    p.add_argument("--demo", action="store_true", help="seed the demo world when the DB is empty")
    p.add_argument(
        "--reports", type=int, default=300, help="demo reports to seed (default: %(default)s)"
    )
    p.add_argument("--admin-token", help="admin API token (default: a random one, printed)")
    p.add_argument(
        "--trusted-proxy",
        action="append",
        default=[],
        metavar="ADDRESS",
        help="address or network (CIDR) of a reverse proxy whose X-Forwarded-For is believed "
        "(repeatable; default: none, every client is its own peer address)",
    )
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    p.add_argument(
        "--allow-faults",
        action="store_true",
        help="let the admin API inject faults (tests, demos, chaos runs; never in production)",
    )
    p.add_argument(
        "--min-client-version",
        default=os.environ.get("SIMPUL_MIN_CLIENT_VERSION", MIN_CLIENT_VERSION),
        help="older office apps get 426 and are told to update "
        "(default: $SIMPUL_MIN_CLIENT_VERSION or %(default)s)",
    )
    from central.lapor.cli import add_serve_options

    add_serve_options(p)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("seed", help="load the demo world into the database")
    _db_options(p)
    p.add_argument("--demo", action="store_true", help="the demo world (required)")
    p.add_argument(
        "--reports", type=int, default=300, help="reports to generate (default: %(default)s)"
    )
    p.add_argument("--seed", type=int, default=1, help="random seed (default: %(default)s)")
    p.set_defaults(func=cmd_seed)

    p = sub.add_parser("migrate", help="create or update the database schema")
    _db_options(p)
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser(
        "faults",
        help="set fault injection on a running server (admin API)",
        description="Faults live in the server's database (every worker obeys them) and "
        "work only on a server started with --allow-faults; this command sets them through "
        "its admin API. Omitted values are reset.",
    )
    p.add_argument("--url", required=True, help="server base URL, e.g. http://127.0.0.1:8765")
    p.add_argument("--admin-token", required=True)
    p.add_argument("--latency-ms", type=int, default=0, help="added latency per request")
    p.add_argument("--error-rate", type=float, default=0.0, help="share of requests answered 503")
    p.add_argument("--drop-rate", type=float, default=0.0, help="share of connections dropped")
    p.add_argument(
        "--drop-push-after-commit",
        type=int,
        default=0,
        help="the next N pushes are committed, then their answer is lost",
    )
    p.add_argument("--seed", type=int, help="random seed for the fault dice")
    p.set_defaults(func=cmd_faults)

    p = sub.add_parser(
        "reveals",
        help="who saw whom: reporter identities shown, as CSV",
        description="Every showing of a reporter's identity recorded by the apps, for one "
        "report or one user: ids and times only.",
    )
    _db_options(p)
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--report", help="report id")
    g.add_argument("--user", help="user id")
    p.set_defaults(func=cmd_reveals)

    _world_parsers(sub)
    from central.lapor.cli import add_parsers as lapor_parsers

    lapor_parsers(sub, _db_options)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    args.func(args)
