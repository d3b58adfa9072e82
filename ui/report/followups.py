"""The follow-ups of one report, each as a card: state, author, text, the supervisor's note."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.report.fields import field, format_when, plain
from ui.widgets.labels import followup_state_label
from ui.widgets.lapor import as_lapor, lapor_label

# (background, text) per state: dark text on amber and orange, white on the dark ones; every
# pair reaches WCAG AA (tests/ui/test_contrast.py).
STATE_COLOURS: dict[str, tuple[str, str]] = {
    "pending_approval": ("#f9a825", "#212121"),
    "returned": ("#ef6c00", "#212121"),
    "published": ("#2e7d32", "#ffffff"),
    "withdrawn": ("#616161", "#ffffff"),
    "": ("#616161", "#ffffff"),  # not sent yet
}


def delivery_label(w: QWidget, followup: Any) -> str:
    """Where this PC's copy stands: waiting in the outbox, or acknowledged by the server."""
    local = field(followup, "local_state")
    if local in ("conflict",):
        return w.tr("Konflik dengan versi server")
    if local in ("rejected", "quarantined"):
        return w.tr("Ditolak server")
    if local:
        return w.tr("Menunggu dikirim")
    if int(field(followup, "version", 0) or 0) > 0:
        return w.tr("Terkirim ke pusat")
    return ""


class FollowupCard(QFrame):
    """One follow-up. Signals carry (followup_id, version read) for the buttons shown."""

    reviseRequested = Signal(str)
    approveRequested = Signal(str, int)
    returnRequested = Signal(str, int, str)

    def __init__(self, followup: Any, *, supervisor: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.followup = followup
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("followupCard")
        fid = str(field(followup, "id"))
        state = field(followup, "state") or ""
        version = int(field(followup, "version", 0) or 0)
        column = QVBoxLayout(self)
        top = QHBoxLayout()
        delivery = delivery_label(self, followup)
        # Never reached the server: the badge says where it stands, once ("Menunggu dikirim").
        badge = plain(followup_state_label(state) or delivery or self.tr("Belum dikirim"), self)
        colour, text = STATE_COLOURS.get(state, STATE_COLOURS[""])
        badge.setStyleSheet(
            f"background: {colour}; color: {text}; border-radius: 8px; padding: 1px 8px;"
        )
        badge.setObjectName("followupState")
        badge.setWordWrap(False)  # a pill, never a block of wrapped words
        top.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
        self.delivery = plain(delivery if state else "", self)
        self.delivery.setObjectName("deliveryLabel")
        self.delivery.setStyleSheet("color: #1565c0;")
        top.addWidget(self.delivery, 1)
        column.addLayout(top)
        # Who and when on a line of their own: beside the badge they squeezed it at 125 %.
        author = field(followup, "author_name") or field(field(followup, "author"), "full_name")
        when = format_when(field(followup, "updated_at") or field(followup, "created_at"))
        byline = plain(" · ".join(x for x in (str(author or ""), when) if x), self)
        byline.setObjectName("followupByline")
        byline.setStyleSheet("color: #616161;")
        column.addWidget(byline)
        # Where the hub relays to SP4N-LAPOR!: whether this follow-up has reached it.
        lapor = as_lapor(field(followup, "lapor"))
        self.lapor = lapor_label(lapor, followup=True, parent=self)
        column.addWidget(self.lapor)
        column.addWidget(plain(str(field(followup, "content") or ""), self))
        files = list(field(followup, "attachments", ()) or ())
        if files:
            names = ", ".join(str(field(a, "filename")) for a in files)
            self.files = plain(self.tr("Lampiran: ") + names, self)
            self.files.setObjectName("followupFiles")
            self.files.setStyleSheet("color: #424242;")
            column.addWidget(self.files)
        note = field(followup, "review_note") or field(field(followup, "review"), "note")
        if note and state == "returned":
            note_label = plain(self.tr("Catatan atasan: ") + str(note), self)
            note_label.setStyleSheet("background: #fff3e0; padding: 4px;")
            column.addWidget(note_label)
        self._buttons(column, fid, state, version, supervisor, bool(field(followup, "local_state")))

    def _buttons(
        self, column: QVBoxLayout, fid: str, state: str, version: int, supervisor: bool, busy: bool
    ) -> None:
        row = QHBoxLayout()
        row.addStretch(1)
        if busy:
            column.addLayout(row)
            return
        if state == "returned":
            revise = QPushButton(self.tr("Perbaiki dan kirim ulang"), self)
            revise.clicked.connect(lambda: self.reviseRequested.emit(fid))
            row.addWidget(revise)
        if supervisor and state == "pending_approval":
            approve = QPushButton(self.tr("Setujui"), self)
            approve.setObjectName("approveButton")
            approve.clicked.connect(lambda: self.approveRequested.emit(fid, version))
            back = QPushButton(self.tr("Kembalikan…"), self)
            back.setObjectName("returnButton")
            back.clicked.connect(lambda: self._ask_note(fid, version))
            row.addWidget(approve)
            row.addWidget(back)
        column.addLayout(row)

    def _ask_note(self, fid: str, version: int) -> None:
        note, ok = QInputDialog.getMultiLineText(
            self,
            self.tr("Kembalikan tindak lanjut"),
            self.tr("Catatan untuk petugas (apa yang perlu diperbaiki):"),
        )
        if ok and note.strip():
            self.returnRequested.emit(fid, version, note.strip())


class FollowupList(QWidget):
    reviseRequested = Signal(str)
    approveRequested = Signal(str, int)
    returnRequested = Signal(str, int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.cards: list[FollowupCard] = []

    def set_followups(self, followups: list[Any], *, supervisor: bool) -> None:
        while (item := self._layout.takeAt(0)) is not None:
            if (old := item.widget()) is not None:
                old.deleteLater()
        self.cards = []
        if not followups:
            empty = QLabel(self.tr("Belum ada tindak lanjut."), self)
            self._layout.addWidget(empty)
            return
        for f in followups:
            card = FollowupCard(f, supervisor=supervisor, parent=self)
            card.reviseRequested.connect(self.reviseRequested)
            card.approveRequested.connect(self.approveRequested)
            card.returnRequested.connect(self.returnRequested)
            self._layout.addWidget(card)
            self.cards.append(card)
