"""Command line: run one sync cycle for a profile and print what happened.

    python -m sync --profile-dir DIR --server URL --username U [--password-stdin] once
    python -m sync --profile-dir DIR --server URL --username U adopt-server
    python -m sync --profile-dir DIR --server URL --username U recover-profile

The profile is encrypted: the password (from stdin) unwraps its key. With --remember-key the key
is also kept in the OS keyring, so later runs without a password can open the profile.

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

from domain import clock
from localdb import keybox, syncstore
from localdb.errors import ProfileError, ProfileLockedError, WrongPasswordError
from localdb.profile import Profile, discard_provisional, open_with_password
from localdb.salvage import recover_profile
from sync.credentials import AuthRequired, Credentials, DataKeyStore
from sync.errors import AuthError, OfflineError, TransportError
from sync.planner import DEFAULT_MAX_OPS
from sync.runner import SyncEngine
from sync.summary import EXIT_AUTH, EXIT_OFFLINE, EXIT_PROFILE, EXIT_SERVER
from sync.transport import Transport
from sync.urls import INSECURE_SERVER_MESSAGE, server_url_allowed


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
    parser.add_argument(
        "--batch-size",
        type=int,
        default=DEFAULT_MAX_OPS,
        help="at most this many ops per push request (batches are cut at about 128 KB)",
    )
    parser.add_argument(
        "--remember-key",
        action="store_true",
        help="keep the profile's data key in the OS keyring for runs without a password",
    )
    parser.add_argument("command", choices=["once", "adopt-server", "recover-profile"])
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not server_url_allowed(args.server):
        print(f"refused: {INSECURE_SERVER_MESSAGE}", file=sys.stderr, flush=True)
        return 1
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
    keys = DataKeyStore(args.profile_dir.resolve().name)
    if args.command == "recover-profile":
        return _recover(args.profile_dir, password, keys)
    try:
        profile, provisional = _open_profile(args.profile_dir, password, keys)
    except WrongPasswordError:
        print("auth_required: Kata sandi salah; profil tidak dibuka.", flush=True)
        return EXIT_AUTH
    except ProfileLockedError:
        print(
            "auth_required: Profil terenkripsi; berikan kata sandi dengan --password-stdin.",
            flush=True,
        )
        return EXIT_AUTH
    except ProfileError as exc:
        print(f"profile: {exc.message}", flush=True)
        print("Jalankan: python -m sync ... recover-profile (Pulihkan profil)", flush=True)
        return EXIT_PROFILE
    if args.command == "adopt-server":
        return _adopt(profile)
    if args.remember_key and profile.key is not None:
        keys.save(profile.key)
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
        if code is not None and provisional:
            profile.close()
            discard_provisional(args.profile_dir)
        if code is None:
            # An explicit run is the user's "Sync now": ops in backoff go too.
            summary = engine.run_cycle(force=True)
            print(summary.one_line(), flush=True)
            code = summary.exit_code
    finally:
        transport.close()
        profile.close()
    return code


def _open_profile(folder: Path, password: str | None, keys: DataKeyStore) -> tuple[Profile, bool]:
    """The profile opened with the key the password unwraps (or the one kept in the keyring)."""
    if password is not None:
        return open_with_password(folder, password)
    key = keys.load()
    if key is None:
        raise ProfileLockedError(folder)
    return Profile.open(folder, key=key), False


def _recover(profile_dir: Path, password: str | None, keys: DataKeyStore) -> int:
    """Pulihkan profil: rebuild the database from what can be read, the newest backup and the
    journal of unsent ops; print what came from where. An encrypted profile needs its key (the
    password, or the one kept in the keyring) and is rebuilt encrypted."""
    key: bytes | None = None
    if keybox.has_key(profile_dir):
        try:
            key = keybox.unlock(profile_dir, password) if password is not None else keys.load()
        except WrongPasswordError:
            print("auth_required: Kata sandi salah; profil tidak diubah.", flush=True)
            return EXIT_AUTH
        if key is None:
            print(
                "auth_required: Profil terenkripsi; berikan kata sandi dengan --password-stdin.",
                flush=True,
            )
            return EXIT_AUTH
    report = recover_profile(profile_dir, key=key)
    print("ok: Profil dipulihkan.", flush=True)
    for line in report.lines():
        print(f"  {line}", flush=True)
    return 0


def _adopt(profile: Profile) -> int:
    """Accept that the server now runs on another database: every op is offered to it again
    and the next sync reads its whole scope. Run after checking the server is the right one."""
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
