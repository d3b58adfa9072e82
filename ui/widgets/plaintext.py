"""Outside text (titles, names, server messages) shown exactly as written, never as HTML.

Qt renders a tooltip, and a QLabel or QMessageBox in its default AutoText format, as rich text
whenever the text looks like HTML, so a report titled `<img src=x>` would become markup. Labels
get `Qt.PlainText`; tooltips have no such switch, so their text is escaped and wrapped in a
paragraph that keeps line breaks: Qt then draws the characters themselves.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox


def plain_tooltip(text: object) -> str | None:
    """A tooltip string that shows `text` literally (None and "" give no tooltip)."""
    if text is None or text == "":
        return None
    return f"<p style='white-space:pre-wrap'>{html.escape(str(text), quote=False)}</p>"


def plain_label(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_message_box(box: QMessageBox) -> QMessageBox:
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box
