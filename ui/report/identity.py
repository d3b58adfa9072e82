"""Which parts of a reporter's identity this user may see, and how they are shown.

The server already leaves the reporter out for roles that may not see it; this is the client's
second line, so a row stored before a role change or a server slip still shows nothing it must
not: an anonymous reporter is never named, a secret report's reporter is shown in full only to
the assigned officer and supervisors, and the desk sees names and NIKs masked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication

from domain.identity import mask_name, mask_nik


@dataclass(frozen=True)
class IdentityView:
    """What the report pane shows: a headline and (label, value) lines, all plain text."""

    headline: str
    lines: tuple[tuple[str, str], ...] = ()
    masked: bool = False


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReporterIdentity", text)


def _get(reporter: Any, name: str) -> str | None:
    if reporter is None:
        return None
    value = reporter.get(name) if isinstance(reporter, Mapping) else getattr(reporter, name, None)
    return str(value) if value else None


def _roles(actor: Any) -> set[str]:
    return {str(r) for r in getattr(actor, "roles", ())}


def sees_full_identity(actor: Any, *, is_secret: bool, assignee_id: str | None) -> bool:
    roles = _roles(actor)
    if "supervisor" in roles:
        return True
    if "officer" not in roles:
        return False
    if is_secret:
        return assignee_id is not None and assignee_id == getattr(actor, "user_id", None)
    return True


def identity_shown(
    actor: Any,
    reporter: Any,
    *,
    is_anonymous: bool,
    is_secret: bool,
    assignee_id: str | None = None,
) -> bool:
    """`reporter_view` shows the reporter's identity unmasked (no Qt: safe off the UI thread)."""
    if is_anonymous or not _get(reporter, "name"):
        return False
    return sees_full_identity(actor, is_secret=is_secret, assignee_id=assignee_id)


def reporter_view(
    actor: Any,
    reporter: Any,
    *,
    is_anonymous: bool,
    is_secret: bool,
    assignee_id: str | None = None,
) -> IdentityView:
    """The identity block for `actor` (an `Actor`); `reporter` is a dict, an object or None."""
    if is_anonymous:
        return IdentityView(_tr("Pelapor anonim"), masked=True)
    if reporter is None or not _get(reporter, "name"):
        return IdentityView(
            _tr("Identitas pelapor tidak ditampilkan untuk peran Anda"), masked=True
        )
    name = _get(reporter, "name") or ""
    nik = _get(reporter, "nik")
    if not sees_full_identity(actor, is_secret=is_secret, assignee_id=assignee_id):
        lines = [(_tr("NIK"), mask_nik(nik))] if nik else []
        return IdentityView(mask_name(name), tuple(lines), masked=True)
    lines = []
    for field, label in (
        ("nik", _tr("NIK")),
        ("phone", _tr("Telepon")),
        ("email", _tr("Email")),
        ("address", _tr("Alamat")),
    ):
        value = _get(reporter, field)
        if value:
            lines.append((label, value))
    return IdentityView(name, tuple(lines))
