"""Indonesian words for coded values (status, classification, channel, history actions).

The texts are the domain's own labels (`domain.states`); they go through the translator here
so the English interface shows English. `_SOURCE_TEXTS` lists them as literals because the
translation tools only find literal strings (a test keeps the list equal to the domain's).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from domain.states import (
    CHANNEL_LABELS,
    CLASSIFICATION_LABELS,
    FOLLOWUP_STATE_LABELS,
    REPORT_STATUS_LABELS,
)

CONTEXT = "Labels"

_SOURCE_TEXTS = (
    QT_TRANSLATE_NOOP("Labels", "Belum Terverifikasi"),
    QT_TRANSLATE_NOOP("Labels", "Terverifikasi"),
    QT_TRANSLATE_NOOP("Labels", "Dalam Proses"),
    QT_TRANSLATE_NOOP("Labels", "Selesai"),
    QT_TRANSLATE_NOOP("Labels", "Diarsipkan"),
    QT_TRANSLATE_NOOP("Labels", "Ditolak"),
    QT_TRANSLATE_NOOP("Labels", "Menunggu persetujuan"),
    QT_TRANSLATE_NOOP("Labels", "Dikembalikan untuk diperbaiki"),
    QT_TRANSLATE_NOOP("Labels", "Diterbitkan"),
    QT_TRANSLATE_NOOP("Labels", "Ditarik"),
    QT_TRANSLATE_NOOP("Labels", "Pengaduan"),
    QT_TRANSLATE_NOOP("Labels", "Aspirasi"),
    QT_TRANSLATE_NOOP("Labels", "Permintaan Informasi"),
    QT_TRANSLATE_NOOP("Labels", "Situs web"),
    QT_TRANSLATE_NOOP("Labels", "SMS 1708"),
    QT_TRANSLATE_NOOP("Labels", "Twitter @lapor1708"),
    QT_TRANSLATE_NOOP("Labels", "Aplikasi seluler"),
    QT_TRANSLATE_NOOP("Labels", "Aplikasi daerah terintegrasi"),
    QT_TRANSLATE_NOOP("Labels", "Datang langsung"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Labels", text)


def _label(labels: Mapping[Any, str], code: str | None) -> str:
    if not code:
        return ""
    # StrEnum keys compare equal to their plain strings; an unknown code shows as it came.
    text = labels.get(code)
    return _tr(text) if text else str(code)


def status_label(code: str | None) -> str:
    return _label(REPORT_STATUS_LABELS, code)


def followup_state_label(code: str | None) -> str:
    return _label(FOLLOWUP_STATE_LABELS, code)


def classification_label(code: str | None) -> str:
    return _label(CLASSIFICATION_LABELS, code)


def channel_label(code: str | None) -> str:
    return _label(CHANNEL_LABELS, code)


def history_sentence(action: str, old: str | None, new: str | None) -> str:
    """One line of the report's history as a sentence (server action codes in, words out)."""
    if action == "created":
        return _tr("Laporan dibuat")
    if action == "status":
        if old:
            return (
                _tr("Status: %1 → %2")
                .replace("%1", status_label(old))
                .replace("%2", status_label(new))
            )
        return _tr("Status menjadi %1").replace("%1", status_label(new))
    if action in ("disposed", "redisposed"):
        text = _tr("Didisposisikan ke %1") if action == "disposed" else _tr("Dialihkan ke %1")
        return text.replace("%1", new or _tr("instansi lain"))
    if action == "followup_published":
        return _tr("Tindak lanjut diterbitkan")
    if action == "reporter_reply":
        return _tr("Pelapor menanggapi")
    if action == "handoff_requested":
        return _tr("Diminta dialihkan ke %1").replace("%1", new or _tr("instansi lain"))
    if action == "assigned":
        if new:
            return _tr("Ditugaskan kepada %1").replace("%1", new)
        return _tr("Penugasan dicabut")
    if action == "handoff_refused":
        return _tr("Permintaan pengalihan ditolak")
    if action == "verified":
        return _tr("Laporan diverifikasi")
    if action == "lapor_log":
        return _tr("Catatan dari SP4N-LAPOR!")
    # An action this version does not know yet: still say what changed, in plain words.
    change = " → ".join(status_label(x) for x in (old, new) if x)
    return f"{action}: {change}" if change else action
