"""Command line: run one sync cycle for a profile and print what happened.

    python -m sync --profile-dir DIR --server URL --username U [--password-stdin] once

Exit codes: 0 ok, 1 other failure, 2 offline, 3 login needed, 4 ok but ops wait for the user
(conflict or quarantined), 5 server error or rate limited. See docs/sync.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from domain import clock
from localdb.profile import Profile
from sync.credentials import AuthRequired, Credentials
from sync.errors import AuthError, OfflineError, TransportError
from sync.runner import SyncEngine
from sync.summary import EXIT_AUTH, EXIT_OFFLINE, EXIT_SERVER
from sync.transport import Transport


def _now() -> dt.datetime:
    return clock.now()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sync", description="Simpul sync engine")
    parser.add_argument("--profile-dir", type=Path, required=True)
    parser.add_argument("--server", required=True, help="central server URL")
    parser.add_argument("--username", required=True)
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin and log in"
    )
    parser.add_argument("--ca-bundle", default=None, help="CA bundle for TLS verification")
    parser.add_argument("--proxy", default=None, help="HTTP(S) proxy URL")
    parser.add_argument("--stall-timeout", type=float, default=30.0)
    parser.add_argument("--batch-size", type=int, default=100, help="ops per push request")
    parser.add_argument("command", choices=["once"])
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
    profile = Profile.open(args.profile_dir)
    transport = Transport(
        args.server,
        stall_timeout=args.stall_timeout,
        ca_bundle=args.ca_bundle,
        proxy_url=args.proxy,
    )
    credentials = Credentials(
        profile,
        transport,
        profile_key=args.profile_dir.resolve().name,
        clock=_now,
        username=args.username,
    )
    # Built first, so the login's requests are in the sync log too.
    engine = SyncEngine(profile, transport, credentials, clock=_now, max_ops=args.batch_size)
    try:
        code = _login(credentials, args.username, password)
        if code is None:
            # An explicit run is the user's "Sync now": ops in backoff go too.
            summary = engine.run_cycle(force=True)
            print(summary.one_line(), flush=True)
            code = summary.exit_code
    finally:
        transport.close()
        profile.close()
    return code


def _login(credentials: Credentials, username: str, password: str | None) -> int | None:
    """Log in when a password was given; an exit code when that failed, else None."""
    if password is None:
        return None
    try:
        credentials.login(username, password, device_name="python -m sync")
    except OfflineError as exc:
        print(f"offline: Tidak ada koneksi ke server ({exc}).", flush=True)
        return EXIT_OFFLINE
    except (AuthError, AuthRequired):
        print("auth_required: Nama pengguna atau kata sandi salah.", flush=True)
        return EXIT_AUTH
    except TransportError as exc:
        print(f"server_error: {exc}", flush=True)
        return EXIT_SERVER
    if credentials.keyring_problem is not None:
        print(f"note: {credentials.keyring_problem.message}", file=sys.stderr, flush=True)
    return None


if __name__ == "__main__":
    sys.exit(main())
