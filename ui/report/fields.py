"""Small helpers for showing values that came from outside: plain text, dates, field access."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def field(obj: Any, name: str, default: Any = None) -> Any:
    """`obj.name` or `obj[name]` (query rows are dataclasses, nested server data are dicts)."""
    if obj is None:
        return default
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def plain(text: str, parent: QWidget | None = None) -> QLabel:
    """A label that never interprets its text as rich text (it may be a citizen's words)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setText(text)
    return label


def to_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def format_when(value: Any) -> str:
    """Local date and time as an Indonesian office writes it: 02-02-2026 10.42."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return str(value)
    if isinstance(value, dt.datetime):
        local = value.astimezone() if value.tzinfo is not None else value
        return local.strftime("%d-%m-%Y %H.%M")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value)
