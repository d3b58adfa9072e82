"""The banner above the pages that says what the last sync brought.

Non-modal: it never takes the focus from what the officer is typing; a tracking number or
"Buka laporan" opens that report, × hides the banner. The next sync with news replaces it.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from ui.notify.text import NewsDigest, sentence, tracking_numbers

_STYLE = (
    "#newsBanner { background: #e3f2fd; border: 1px solid #90caf9; border-radius: 4px; }"
    "#newsBanner QLabel { color: #0d47a1; }"
)


class NewsBanner(QFrame):
    openRequested = Signal(str)  # a report id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newsBanner")
        self.setStyleSheet(_STYLE)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._first: str | None = None
        self.text = QLabel(self)
        self.text.setObjectName("newsText")
        self.text.setTextFormat(Qt.TextFormat.RichText)  # numbers are links; all else escaped
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.text.linkActivated.connect(self._on_link)
        self.open_button = QPushButton(self.tr("Buka laporan"), self)
        self.open_button.setObjectName("newsOpen")
        self.open_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.open_button.clicked.connect(self._open_first)
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("newsClose")
        self.close_button.setText("×")
        self.close_button.setToolTip(self.tr("Tutup pemberitahuan ini"))
        self.close_button.setAccessibleName(self.tr("Tutup pemberitahuan"))
        self.close_button.setAutoRaise(True)
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.open_button)
        row.addWidget(self.close_button)
        self.hide()

    def show_news(self, news: NewsDigest) -> None:
        """Say what one sync brought (nothing shown for empty news)."""
        if news.empty:
            return
        self._first = news.first_report
        self.text.setText(self._html(news))
        self.open_button.setVisible(self._first is not None)
        self.show()

    def plain_text(self) -> str:
        """What the banner says, without the markup (for tests and screen readers)."""
        from PySide6.QtGui import QTextDocument

        doc = QTextDocument()
        doc.setHtml(self.text.text())
        return doc.toPlainText()

    def _html(self, news: NewsDigest) -> str:
        shown, more = tracking_numbers(news)
        links = ", ".join(
            f'<a href="report:{html.escape(rid, quote=True)}">{html.escape(number)}</a>'
            for rid, number in shown
        )
        if more:
            links += html.escape(self.tr(" dan %n lainnya", "", more))
        head = html.escape(self.tr("Sinkronisasi membawa: %1").replace("%1", sentence(news)))
        return f"<b>{head}</b>" + (f" &nbsp;{links}" if links else "")

    @Slot(str)
    def _on_link(self, link: str) -> None:
        if link.startswith("report:"):
            self.openRequested.emit(link.removeprefix("report:"))

    @Slot()
    def _open_first(self) -> None:
        if self._first is not None:
            self.openRequested.emit(self._first)
