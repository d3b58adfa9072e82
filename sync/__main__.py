"""Command line: run one sync cycle for a profile and print what happened.

    python -m sync --profile-dir DIR --server URL --username U [--password-stdin] once
    python -m sync --profile-dir DIR --server URL --username U adopt-server
    python -m sync --profile-dir DIR --server URL --username U recover-profile

Exit codes: 0 ok, 1 other failure, 2 offline, 3 login needed, 4 ok but ops wait for the user
(conflict or quarantined), 5 server error or rate limited, 6 the server runs on another
database (nothing sent; `adopt-server` after checking), 7 the profile database is damaged or
missing (`recover-profile`, "Pulihkan profil", rebuilds it). See docs/sync.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from localdb import syncstore
from localdb.errors import ProfileError
from localdb.profile import Profile
from localdb.salvage import recover_profile
from sync.credentials import AuthRequired, Credentials
from sync.errors import AuthError, OfflineError, TransportError
from sync.runner import SyncEngine
from sync.summary import EXIT_AUTH, EXIT_OFFLINE, EXIT_PROFILE, EXIT_SERVER
from sync.transport import Transport


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


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
    parser.add_argument("command", choices=["once", "adopt-server", "recover-profile"])
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "recover-profile":
        return _recover(args.profile_dir)
    try:
        profile = Profile.open(args.profile_dir)
    except ProfileError as exc:
        print(f"profile: {exc.message}", flush=True)
        print("Jalankan: python -m sync ... recover-profile (Pulihkan profil)", flush=True)
        return EXIT_PROFILE
    if args.command == "adopt-server":
        profile.close()
        return _adopt(args.profile_dir)
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
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


def _recover(profile_dir: Path) -> int:
    """Pulihkan profil: rebuild the database from what can be read, the newest backup and the
    journal of unsent ops; print what came from where."""
    report = recover_profile(profile_dir)
    print("ok: Profil dipulihkan.", flush=True)
    for line in report.lines():
        print(f"  {line}", flush=True)
    return 0


def _adopt(profile_dir: Path) -> int:
    """Accept that the server now runs on another database: every op is offered to it again
    and the next sync reads its whole scope. Run after checking the server is the right one."""
    profile = Profile.open(profile_dir)
    try:
        with profile.session() as s, s.begin():
            count = syncstore.reoffer_after_restore(s)
    finally:
        profile.close()
    print(f"ok: {count} operasi akan dikirim ulang ke server pada sinkronisasi berikutnya.")
    return 0


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
