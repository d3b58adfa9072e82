"""Settings take effect the moment they are saved, in the open window.

| setting | what happens at once |
|---|---|
| text size | the application font (every widget follows it) |
| sync interval | the sync controller's timer, a wait already running included |
| server, CA file, proxy, system proxy | the sync transport is rebuilt on the sync thread after the cycle in progress, then a cycle runs with it; the next login uses them too |
| cuti bersama | the working calendar is rebuilt from the cached reference data; deadlines, badges and counts are drawn again |
| letterhead, letter number | the next letter printed or saved as PDF |
| language | not live: the open window's texts were made in the old language. The officer is asked to log in again now (the login window and the new window come up in the new language) or at the next start |
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication

from desktop.calendar_setup import build_calendar
from desktop.settings import Settings
from domain.clock import local_today
from ui.printing import PrintSettings

if TYPE_CHECKING:
    from desktop.app import Workspace

log = logging.getLogger(__name__)

NETWORK_FIELDS = ("server_url", "ca_bundle", "proxy", "use_system_proxy")


@dataclass(frozen=True)
class Applied:
    """What changed, by setting name, and whether the language waits for a new login."""

    changed: frozenset[str]
    language_pending: bool


def changed_fields(old: Settings, new: Settings) -> frozenset[str]:
    return frozenset(
        name for name in old.__dataclass_fields__ if getattr(old, name) != getattr(new, name)
    )


def apply_settings(old: Settings, new: Settings, workspace: Workspace | None) -> Applied:
    """Apply every setting that changed from `old` to `new` to the running app."""
    from desktop.app import apply_font_size

    changed = changed_fields(old, new)
    app = QApplication.instance()
    if "font_size" in changed and isinstance(app, QApplication):
        apply_font_size(app, new.font_size)
    if workspace is not None:
        _apply_to_workspace(changed, new, workspace)
    return Applied(changed, language_pending="language" in changed)


def _apply_to_workspace(changed: frozenset[str], new: Settings, ws: Workspace) -> None:
    sync = ws.sync
    if sync is not None and "sync_interval_minutes" in changed:
        sync.set_interval(new.sync_interval_minutes * 60)
    if sync is not None and changed & set(NETWORK_FIELDS):
        transport = ws.result.opened.credentials.transport

        def reconnect() -> None:
            transport.reconfigure(
                new.server_url,
                ca_bundle=new.ca_bundle or None,
                proxy_url=new.proxy or None,
                system_proxy=new.use_system_proxy,
            )

        sync.reconfigure(reconnect)
    if changed & {"letterhead", "letter_number_format"}:
        ws.ctx.apply_settings(printing=PrintSettings(new.letterhead, new.letter_number_format))
    if "cuti_bersama_is_holiday" in changed:
        _rebuild_calendar(ws, new.cuti_bersama_is_holiday)


def _rebuild_calendar(ws: Workspace, cuti: bool | None) -> None:
    """The cached reference data is read on the database thread; the new calendar is handed to
    the window when it is in."""
    from localdb import syncstore

    ctx = ws.ctx

    def read(s: Any) -> dict[str, Any] | None:
        data, _etag = syncstore.load_reference(s)
        return data

    def done(reference: dict[str, Any] | None) -> None:
        calendar = build_calendar(
            reference, agency_id=ctx.actor.agency_id, cuti_setting=cuti, today=local_today()
        )
        ctx.apply_settings(calendar=calendar)

    ws.runner.run(read, on_done=done, owner=ws.window)
