"""The composition root: the only place that builds objects and hands them on.

Start-up: settings -> logging and crash handler -> translator -> login (profile opened and
locked, password checked online or offline) -> Workspace (runner, calendar, sync, context,
main window). Switching the demo user closes one Workspace and opens another.

The window comes first: the profile opens without its quick check and daily backup, and those
run on a thread of their own once the inbox's first page is read (`start_deferred_checks`);
reads go on beside them, a write waits for the quick check, and the sync engine starts only
when they pass. Modules that only some paths need (the sync engine,
the login service, the settings dialog) are imported where they are used, and so is everything
only a workspace needs: the login window, the first window a user sees, is up before them.
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QSettings, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop import settings as settings_mod
from desktop.instance import InstanceLock
from desktop.paths import AppPaths
from desktop.settings import Settings
from domain.clock import local_today
from domain.clock import now as clock_now
from ui.resources import translation_file
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from localdb.actor import Actor
    from localdb.profile import Profile
    from ui.context import AppContext, UiEvents
    from ui.login.service import LoginResult, LoginService, OpenedProfile, OpenProfile, Stage
    from ui.shell.main_window import MainWindow
    from ui.sync.adapter import SyncController

log = logging.getLogger(__name__)


# The translator installed by `install_translator`, so a new language can replace it.
_TRANSLATOR: list[QTranslator] = []


def install_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    """Indonesian is the source language; any other language loads its compiled .qm."""
    if language == "id":
        return None
    translator = QTranslator(app)
    path = translation_file(language)
    if not translator.load(str(path)):
        log.warning("translation %s not found; staying in Indonesian", path.name)
        return None
    app.installTranslator(translator)
    _TRANSLATOR.append(translator)  # `switch_translator` removes it again
    return translator


_SYSTEM_POINT_SIZE: list[float] = []


def apply_font_size(app: QApplication, size: int) -> None:
    """The whole window's text size: `size` points, or the system's own size for 0. Applied at
    start and at once when the setting changes (widgets follow the application font)."""
    font = app.font()
    if not _SYSTEM_POINT_SIZE:
        _SYSTEM_POINT_SIZE.append(font.pointSizeF())
    font.setPointSizeF(float(size) if size else _SYSTEM_POINT_SIZE[0])
    app.setFont(font)


# What a login and the workspace after it import (the pages' modules come from the registry).
WORKSPACE_MODULES = (
    "localdb.profile",
    "localdb.syncstore",
    "sync.credentials",
    "sync.transport",
    "sync.runner",
    "ui.login.service",
    "ui.sync.adapter",
    "ui.context",
    "desktop.calendar_setup",
    "ui.shell.main_window",
)
# What the login needs first, imported first: with them in, the password unwraps the profile's
# key while the rest loads (scrypt lets go of the GIL, so the two share the machine's cores).
KEY_MODULES = ("localdb.folders", "localdb.keybox")
_preload: list[threading.Thread] = []
_preload_lock = threading.Lock()
_key_modules_in = threading.Event()


def hold_collections() -> None:
    """Called first by the entry point: no garbage collection while start-up imports and builds.

    Nearly everything made before the first window is done lives as long as the app (modules,
    classes, the ORM's mappers, widgets); collections in that time walk it all over and over
    for almost nothing (about 15 % of a start from the process to the first inbox page,
    `bench/ui.py`). `release_collections` ends the hold: when the login window's preload has
    imported the workspace's modules, or when the first page is shown (`settle`), whichever
    comes first."""
    gc.disable()


def release_collections() -> None:
    """End `hold_collections`: what was made so far is frozen (never walked again), then the
    collector runs as usual on what comes after. Nothing happens if nothing was held."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def preload_workspace_modules() -> threading.Thread:
    """Import what the login and the workspace need on a thread of its own, once: called when
    the login window is on screen, so the imports run while the user types. The login waits
    for its first few (`wait_for_key_modules`) to unwrap the profile's key, and for all of it
    (`wait_for_preload`) before importing anything else itself, so the two never import the
    same modules at once. A module that fails here is only logged: the real import after it
    raises, where that error is handled."""
    with _preload_lock:
        if not _preload:
            thread = threading.Thread(target=_import_all, name="simpul-preload", daemon=True)
            thread.start()  # started before it is listed: a waiter never joins an unstarted one
            _preload.append(thread)
        return _preload[0]


def wait_for_preload() -> None:
    thread = _other_preload()
    if thread is not None:
        thread.join()


def wait_for_key_modules() -> None:
    """Until the preload has imported `KEY_MODULES` (at once when there is no preload)."""
    if _other_preload() is not None:
        _key_modules_in.wait()


def _other_preload() -> threading.Thread | None:
    """The preload's thread, unless there is none or it is the caller's own."""
    with _preload_lock:
        thread = _preload[0] if _preload else None
    return None if thread is threading.current_thread() else thread


def _import_all() -> None:
    try:
        _import_each(KEY_MODULES)
    finally:
        _key_modules_in.set()
    from ui.shell.registry import page_modules

    _import_each((*WORKSPACE_MODULES, *page_modules()))
    try:  # the first query would otherwise configure the ORM's mappers on the UI thread
        from sqlalchemy.orm import configure_mappers

        configure_mappers()
    except Exception as exc:
        log.warning("configuring the mappers failed: %s", type(exc).__name__)
    release_collections()


def _import_each(names: Sequence[str]) -> None:
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:
            log.warning("preloading %s failed: %s", name, type(exc).__name__)


def profile_opener(
    paths: AppPaths,
    settings: Settings,
    *,
    profile_name: str | None = None,
    keyring_backend: Any = None,
    clock: Callable[[], dt.datetime] = clock_now,
) -> OpenProfile:
    """Opens (and locks) the profile of a user with the key the password unwraps: its folder is
    named after the user, or after `profile_name` when one was given on the command line."""

    def open_profile(username: str, password: str, stage: Stage | None = None) -> OpenedProfile:
        # Runs on the login's background thread. The key is unwrapped first, beside the
        # preload's imports; the heavy imports happen here after them, or on the preload's
        # thread before it.
        wait_for_key_modules()
        from localdb import keybox
        from localdb.folders import profile_folder
        from ui.login.service import OpenedProfile, ProfileBusy

        folder = profile_folder(profile_name or username, paths.profiles_dir)
        lock = InstanceLock(folder)
        if not lock.acquire():
            raise ProfileBusy(str(lock.holder_pid()))
        try:
            key = keybox.unlock_existing(folder, password)  # a wrong password stops here
            wait_for_preload()
            from localdb.profile import open_with_password

            profile, provisional = open_with_password(
                folder,
                password,
                unwrapped=key,
                defer_checks=True,
                on_upgrade=_told(stage, "upgrading"),
            )
        except BaseException:
            lock.release()
            raise
        from localdb.profile import discard_provisional
        from sync.credentials import Credentials
        from sync.transport import Transport

        transport = Transport(
            settings.server_url,
            ca_bundle=settings.ca_bundle or None,
            proxy_url=settings.proxy or None,
            system_proxy=settings.use_system_proxy,
        )
        creds = Credentials(
            profile,
            transport,
            profile_key=folder.name,
            clock=clock,
            backend=keyring_backend,
            username=username,
        )

        def release() -> None:
            transport.close()
            profile.close()
            lock.release()

        discard = (lambda: discard_provisional(folder)) if provisional else None
        return OpenedProfile(profile, creds, release, discard)

    return open_profile


def _told(stage: Stage | None, what: str) -> Callable[[], None] | None:
    return None if stage is None else lambda: stage(what)


def profile_recoverer(
    paths: AppPaths, *, profile_name: str | None = None
) -> Callable[[str, str], list[str]]:
    """ "Pulihkan profil" for a user's profile (run off the UI thread): holds the profile's lock
    while it rebuilds the database, returns the report's lines. The password unwraps the
    profile's key, so an encrypted profile is read and rebuilt encrypted (a wrong password
    changes nothing: WrongPasswordError)."""

    def recover(username: str, password: str) -> list[str]:
        wait_for_preload()  # as the opener: never import beside the preload's thread
        from localdb import keybox
        from localdb.folders import profile_folder
        from localdb.salvage import recover_profile
        from ui.login.service import ProfileBusy

        folder = profile_folder(profile_name or username, paths.profiles_dir)
        lock = InstanceLock(folder)
        if not lock.acquire():
            raise ProfileBusy(str(lock.holder_pid()))
        try:
            return recover_profile(folder, key=keybox.unlock_existing(folder, password)).lines()
        finally:
            lock.release()

    return recover


def make_actor(result: LoginResult) -> Actor:
    from localdb.actor import Actor

    user = result.user
    return Actor(
        user_id=str(user["id"]),
        username=str(user["username"]),
        roles=frozenset(str(r) for r in user.get("roles", ())),
        agency_id=str(user["agency"]["id"]),
        device_id=result.device_id,
    )


def load_reference(profile: Profile) -> dict[str, Any] | None:
    """Read before the first window opens (a few KB); later reads go through the runner."""
    from localdb import syncstore

    with profile.read_session() as s, s.begin():
        data, _etag = syncstore.load_reference(s)
    return data


@dataclass
class Workspace:
    """Everything that lives while one user is logged in."""

    result: LoginResult
    runner: TaskRunner
    ctx: AppContext
    window: MainWindow
    sync: SyncController | None
    extras: list[Any] = field(default_factory=list)

    def close(self) -> None:
        self.result.opened.profile.stop_checks()  # a check still reading need not finish
        if self.sync is not None:
            self.sync.stop()  # bounded: a request in flight is abandoned after a few seconds
        self.window.save_state()
        # Destroyed now, not later: its timers must not queue work on a stopped runner.
        shiboken6.delete(self.window)
        self.runner.shutdown(wait=True)  # drafts queued for saving reach the disk
        self.result.opened.release()
        gc.unfreeze()  # what this workspace kept alive may be collected again (see settle)


def build_sync(
    result: LoginResult, settings: Settings, events: UiEvents, runner: TaskRunner
) -> SyncController | None:
    """The sync engine on a dedicated lane of the runner, behind its Qt adapter. A missing
    module is a broken install and raises (the crash handler reports it), never a quiet
    offline app."""
    from sync.runner import SyncEngine
    from ui.sync.adapter import SyncController

    opened = result.opened
    engine = SyncEngine(
        opened.profile,
        opened.credentials.transport,
        opened.credentials,
        clock=clock_now,
    )
    controller = SyncController(
        engine, runner=runner, interval_s=settings.sync_interval_minutes * 60
    )
    controller.changedReports.connect(events.reportsChanged)
    controller.finished.connect(
        lambda summary: (
            events.referenceChanged.emit() if getattr(summary, "reference_changed", False) else None
        )
    )
    events.localChange.connect(controller.notifyLocalChange)
    return controller


def open_workspace(
    result: LoginResult,
    settings: Settings,
    paths: AppPaths,
    *,
    demo_users: Sequence[str] = (),
    today: dt.date | None = None,
    start_sync: bool = True,
    can_log_out: bool = False,
) -> Workspace:
    wait_for_preload()
    from desktop.calendar_setup import build_calendar
    from ui.context import AppContext, UiEvents
    from ui.print_settings import PrintSettings
    from ui.shell.main_window import MainWindow

    profile = result.opened.profile
    actor = make_actor(result)
    calendar = build_calendar(
        load_reference(profile),
        agency_id=actor.agency_id,
        cuti_setting=settings.cuti_bersama_is_holiday,
        today=today or local_today(),
    )
    runner = TaskRunner(profile.session)
    events = UiEvents()
    sync = build_sync(result, settings, events, runner)
    ctx = AppContext(
        runner=runner,
        events=events,
        actor=actor,
        calendar=calendar,
        profile=profile,
        sync=sync,
        printing=PrintSettings(settings.letterhead, settings.letter_number_format),
    )
    ui_state = QSettings(str(paths.ui_state_file), QSettings.Format.IniFormat)
    suffix = f" – {result.user.get('full_name', actor.username)}"
    if not result.online:
        suffix += QCoreApplication.translate("MainWindow", " (luring)")
    window = MainWindow(
        ctx, ui_state, demo_users=demo_users, title_suffix=suffix, can_log_out=can_log_out
    )
    if sync is not None:
        sync.setParent(window)
    # After the inbox's first page, beside what follows; a write waits for the quick check.
    start_deferred_checks(
        runner, profile, window, on_ok=sync.start if sync is not None and start_sync else None
    )
    return Workspace(result, runner, ctx, window, sync)


def start_deferred_checks(
    runner: TaskRunner, profile: Profile, window: QWidget, *, on_ok: Callable[[], None] | None
) -> None:
    """The profile's quick check and daily backup, on a thread of their own; `on_ok` after.

    They read the whole file (2-3 s at 100,000 reports encrypted): on the database thread they
    held up every list and report the user asked for meanwhile. Beside it, reads go on and
    only a write waits for the quick check (`Profile.run_deferred_checks`). When the check
    fails the profile refuses further writes and the window says so; the sync engine never
    starts on a damaged file.
    """

    def done(_result: object) -> None:
        if profile.checks_pending:
            return  # stopped by a logout or a quit before they finished (`stop_checks`)
        settle()
        if on_ok is not None:
            on_ok()

    def failed(error: BaseException) -> None:
        release_collections()
        log.error("deferred profile check failed: %s", type(error).__name__)
        message = getattr(error, "message", None) or repr(error)
        QMessageBox.critical(
            window, QCoreApplication.translate("MainWindow", "Profil rusak"), message
        )

    lane = runner.dedicated("simpul-checks")

    def begin(_result: object) -> None:
        lane.submit(
            lambda _cancel: profile.run_deferred_checks(),
            on_done=done,
            on_error=failed,
            owner=window,
        )

    # Begun once the database thread has read the first page (it keeps order): the check's
    # reading of the whole file never competes with it.
    runner.run(lambda _s: None, on_done=begin, owner=window)


def settle() -> None:
    """Hide what start-up built from the garbage collector, once the first page is shown.

    The modules, classes, widgets and mappers live as long as the workspace: a full
    collection would walk all of them (about 100,000 objects, 100-200 ms) and, whichever
    thread runs it, hold the GIL meanwhile, so the window stalls in the middle of a sync.
    Frozen, they are never walked; collections look at what was made since. The workspace's
    close unfreezes them. It ends `hold_collections` too, if the preload did not."""
    gc.freeze()
    gc.enable()


def edit_settings(
    parent: QWidget | None,
    paths: AppPaths,
    current: Settings,
    workspace: Workspace | None = None,
    relogin: Callable[[], None] | None = None,
) -> Settings:
    """Show the settings dialog; save the new settings and apply them at once (see
    desktop/live_settings.py). Returns the new settings (or the old ones). Opened from the
    login window, it waits for the preload first: two threads importing at once can deadlock."""
    wait_for_preload()
    from ui.settings.dialog import SettingsDialog

    dialog = SettingsDialog(current, settings_mod.validate, parent)
    if not dialog.exec():
        return current
    new: Settings = dialog.value()
    return save_and_apply(parent, paths, current, new, workspace, relogin)


def save_and_apply(
    parent: QWidget | None,
    paths: AppPaths,
    current: Settings,
    new: Settings,
    workspace: Workspace | None = None,
    relogin: Callable[[], None] | None = None,
    *,
    ask: Callable[[QWidget | None], bool] | None = None,
) -> Settings:
    """Save `new`, apply it to the running app, and for a new language offer to log in again
    now (`ask` is the question; the default is a message box)."""
    from desktop.live_settings import apply_settings

    settings_mod.save(paths.settings_file, new)
    applied = apply_settings(current, new, workspace)
    if applied.language_pending and (ask or ask_relogin_for_language)(parent):
        app = QApplication.instance()
        if isinstance(app, QApplication):
            switch_translator(app, new.language)
        if relogin is not None:
            relogin()
    return new


def ask_relogin_for_language(parent: QWidget | None) -> bool:
    """The window's texts were made in the old language: log in again now, or at next start."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("Settings", "Bahasa"))
    box.setText(
        QCoreApplication.translate(
            "Settings",
            "Bahasa baru dipakai setelah Anda masuk ulang. Pengaturan lain sudah berlaku. "
            "Pekerjaan yang belum terkirim tetap aman.",
        )
    )
    now = box.addButton(
        QCoreApplication.translate("Settings", "Masuk ulang sekarang"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    box.addButton(
        QCoreApplication.translate("Settings", "Nanti"), QMessageBox.ButtonRole.RejectRole
    )
    box.exec()
    return box.clickedButton() is now


def switch_translator(app: QCoreApplication, language: str) -> None:
    """Windows made from now on speak `language` (the open ones keep theirs)."""
    while _TRANSLATOR:
        app.removeTranslator(_TRANSLATOR.pop())
    translator = install_translator(app, language)
    if translator is not None:
        _TRANSLATOR.append(translator)


def login_service(opener: OpenProfile) -> LoginService:
    from ui.login.service import LoginService

    return LoginService(opener)


def ensure_app(argv: Sequence[str]) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(list(argv))
    app.setApplicationName("Simpul")
    app.setOrganizationName("Simpul")
    return app
