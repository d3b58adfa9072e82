"""Where a follow-up or a walk-in complaint stands on SP4N-LAPOR!, in words and colours.

The hub relays published follow-ups and walk-in complaints to LAPOR! and tells every client
through the feed (`lapor`: pending, sent with its LAPOR! id, or failed with a reason). Nothing is
shown where the hub does not relay (no `lapor` at all).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget

from localdb.views import LaporView

# (background, text) per state; every pair reaches WCAG AA (tests/ui/test_contrast.py).
LAPOR_COLOURS: dict[str, tuple[str, str]] = {
    "sent": ("#e8f5e9", "#1b5e20"),
    "pending": ("#fff8e1", "#5d4037"),
    "failed": ("#ffebee", "#b71c1c"),
}


def as_lapor(value: object) -> LaporView | None:
    """A query's LaporView as it is; the wire's `lapor` dict read into one."""
    return value if isinstance(value, LaporView) else LaporView.of(value)


def _tr(text: str) -> str:
    return QCoreApplication.translate("LaporState", text)


def failure_reason(lapor: LaporView, *, followup: bool) -> str:
    """Why it was not sent, in words an officer can act on."""
    if lapor.reason == "refused":
        text = _tr("LAPOR! menolaknya")
        if lapor.message:
            text += _tr(" dengan pesan \u201c%1\u201d").replace("%1", lapor.message)
        return text
    if lapor.reason == "not_mapped":
        return _tr("kantor ini belum didaftarkan untuk LAPOR! di server pusat")
    if lapor.reason == "withdrawn":
        if followup:
            return _tr("tindak lanjut ini sudah tidak terbit saat gilirannya dikirim")
        return _tr("laporan ini sudah tidak ada di server pusat saat gilirannya dikirim")
    return _tr("administrator server pusat dapat melihat sebabnya")


def lapor_text(lapor: LaporView | None, *, followup: bool = True) -> str:
    """One sentence: "Terkirim ke LAPOR! (ID …)" (a report: "Ada di LAPOR! dengan nomor
    pelacakan …"), "Menunggu dikirim ke LAPOR!", or "Gagal dikirim ke LAPOR!: <why>"; empty
    where the hub does not relay it."""
    if lapor is None:
        return ""
    if lapor.state == "sent" and not followup:  # also a complaint that came from LAPOR!
        if lapor.tracking_id:
            return _tr("Ada di LAPOR! dengan nomor pelacakan %1").replace("%1", lapor.tracking_id)
        return _tr("Ada di LAPOR!")
    if lapor.state == "sent":
        if lapor.tracking_id:
            return _tr("Terkirim ke LAPOR! (ID %1)").replace("%1", lapor.tracking_id)
        return _tr("Terkirim ke LAPOR!")
    if lapor.state == "pending":
        return _tr("Menunggu dikirim ke LAPOR!")
    if lapor.state == "failed":
        return _tr("Gagal dikirim ke LAPOR!: %1").replace(
            "%1", failure_reason(lapor, followup=followup)
        )
    return ""  # a state a newer hub knows and this app does not


def lapor_short(lapor: LaporView | None) -> str:
    """For a table cell: the LAPOR! id once sent, else a word or two."""
    if lapor is None:
        return _tr("–")
    if lapor.state == "sent":
        return lapor.tracking_id or _tr("terkirim")
    if lapor.state == "pending":
        return _tr("menunggu dikirim")
    if lapor.state == "failed":
        return _tr("gagal dikirim")
    return _tr("–")


def lapor_style(lapor: LaporView | None) -> str:
    if lapor is None or lapor.state not in LAPOR_COLOURS:
        return ""
    background, text = LAPOR_COLOURS[lapor.state]
    return (
        f"QLabel {{ background: {background}; color: {text}; border-radius: 8px;"
        " padding: 2px 8px; }"
    )


def lapor_label(lapor: LaporView | None, *, followup: bool, parent: QWidget) -> QLabel:
    """A selectable, wrapped label, plain text (LAPOR!'s message is outside text: never rich
    text)."""
    label = QLabel(parent)
    label.setObjectName("laporLabel")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)  # a strip as wide as its place, wrapped when that is narrow
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setText(lapor_text(lapor, followup=followup))
    label.setStyleSheet(lapor_style(lapor))
    label.setVisible(bool(label.text()))
    return label
