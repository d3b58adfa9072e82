"""`python -m desktop` / `simpul`: the office app.

simpul                         log in to the configured server
simpul --server URL            use this server (this run only)
simpul --profile NAME          use the profile folder NAME instead of the user name
simpul --demo [--demo-user U]  in-process demo server, throwaway profile, automatic login
simpul --demo --lapor          ... plus an SP4N-LAPOR! emulator and the hub's bridge to it

simpul --version               print the version and exit

SIMPUL_SMOKE=FILE runs the start-up self-check of desktop/smoke.py (CI and docs/install.md).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import app as composition
from desktop import settings as settings_mod
from desktop import smoke
from desktop.crash import CrashHandler, ShowDialog, qt_crash_dialog
from desktop.logs import configure_logging
from desktop.paths import AppPaths
from desktop.settings import Settings, SettingsError

log = logging.getLogger("desktop")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="simpul", description="Simpul: SP4N-LAPOR! office client")
    parser.add_argument("--demo", action="store_true", help="run against an in-process demo server")
    parser.add_argument(
        "--demo-user",
        default="officer1",
        choices=["desk1", "officer1", "supervisor1", "officer2"],
        help="demo user to log in as (with --demo)",
    )
    parser.add_argument(
        "--lapor",
        action="store_true",
        help="with --demo: also an SP4N-LAPOR! emulator and the hub's bridge to it",
    )
    parser.add_argument("--server", help="central server URL for this run")
    parser.add_argument("--profile", help="profile folder name (default: the user name)")
    parser.add_argument("--lang", choices=["id", "en"], help="UI language for this run")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    composition.hold_collections()  # until the workspace's modules are in (desktop/app.py)
    try:
        return _run(parse_args(sys.argv[1:] if argv is None else argv))
    finally:
        composition.release_collections()


def _run(args: argparse.Namespace) -> int:
    if args.version:
        from sync.version import app_version

        if sys.stdout is not None:  # the windowed build has no console
            print(f"Simpul {app_version()}")
        return 0
    if args.demo:
        return run_demo(args)
    return run_office(args)


def run_demo(args: argparse.Namespace) -> int:
    from desktop.demo import DemoSession

    app = composition.ensure_app(sys.argv[:1])
    probe = smoke.from_environment()
    session = DemoSession(language=args.lang or "id", lapor=args.lapor)
    if session.lapor is not None:
        print(f"SP4N-LAPOR! emulator: {session.lapor.base_url}/_emulator/stats", flush=True)
    configure_logging(session.paths.logs_dir)
    crash = CrashHandler(session.paths.logs_dir, _crash_dialog(probe)).install()
    composition.install_translator(app, session.settings.language)
    session.login(args.demo_user)
    try:
        return app.exec()
    finally:
        session.close()
        crash.uninstall()


def run_office(args: argparse.Namespace) -> int:
    paths = AppPaths.default().ensure()
    configure_logging(paths.logs_dir)
    app = composition.ensure_app(sys.argv[:1])
    probe = smoke.from_environment()
    crash = CrashHandler(paths.logs_dir, _crash_dialog(probe)).install()
    settings = _load_settings(paths)
    if args.lang:
        settings = settings.replace(language=args.lang)
    composition.install_translator(app, settings.language)
    composition.apply_font_size(app, settings.font_size)
    if args.server:
        if problem := server_url_problem(args.server):
            _refuse_server(problem)
            return 2
        settings = settings.replace(server_url=args.server)
    if not settings.server_url:
        settings = composition.edit_settings(None, paths, settings)
        if not settings.server_url:
            return 1
    try:
        return _login_and_run(app, paths, settings, args.profile)
    finally:
        crash.uninstall()


def server_url_problem(url: str) -> str | None:
    """Why `--server URL` cannot be used (plain http to another computer), or None."""
    problems = [
        p for p in settings_mod.validate(Settings(server_url=url)) if p.field == "server_url"
    ]
    return problems[0].message if problems else None


def _refuse_server(message: str) -> None:
    print(f"simpul: --server: {message}", file=sys.stderr, flush=True)
    QMessageBox.critical(None, QApplication.translate("Settings", "Alamat server ditolak"), message)


def _crash_dialog(probe: smoke.SmokeProbe | None) -> ShowDialog:
    return qt_crash_dialog if probe is None else probe.crashed


def _load_settings(paths: AppPaths) -> Settings:
    try:
        return settings_mod.load(paths.settings_file)
    except SettingsError as exc:
        QMessageBox.warning(
            None,
            QApplication.translate("Settings", "Pengaturan tidak valid"),
            QApplication.translate("Settings", "Pengaturan tersimpan tidak dapat dipakai:")
            + "\n"
            + "\n".join(p.message for p in exc.problems),
        )
        return composition.edit_settings(None, paths, Settings())


def _login_and_run(
    app: QApplication, paths: AppPaths, settings: Settings, profile: str | None
) -> int:
    from desktop.office import OfficeSession

    session = OfficeSession(paths, settings, profile_name=profile)
    session.show_login()
    try:
        return app.exec()
    finally:
        session.close()


if __name__ == "__main__":
    sys.exit(main())
