"""Every badge's text reaches WCAG AA contrast (4.5:1) against its background, computed."""

from __future__ import annotations

import pytest

from ui.inbox.news import NEWS_COLOURS
from ui.report.followups import STATE_COLOURS
from ui.widgets.contrast import AA_NORMAL_TEXT, contrast_ratio
from ui.widgets.deadline import COLOURS
from ui.widgets.lapor import LAPOR_COLOURS
from ui.widgets.sidebar import PILL_COLOURS, SIDEBAR_BACKGROUND

# Where a badge with no background of its own is drawn: table rows (plain and alternate).
ROW_BACKGROUNDS = ("#ffffff", "#f7f7f7", SIDEBAR_BACKGROUND)
SECRET_BADGE = ("#6a1b9a", "#ffffff")  # ui/report/pane.py


def _pairs() -> list[tuple[str, str, str]]:
    pairs = []
    for level, (bg, fg) in COLOURS.items():
        if bg.startswith("#00"):  # transparent: the row shows through
            pairs += [(f"deadline:{level}@{row}", row, fg) for row in ROW_BACKGROUNDS]
        else:
            pairs.append((f"deadline:{level}", bg, fg))
    pairs += [(f"followup:{s or 'unsent'}", bg, fg) for s, (bg, fg) in STATE_COLOURS.items()]
    pairs += [(f"pill:{level}", bg, fg) for level, (bg, fg) in PILL_COLOURS.items()]
    pairs += [(f"lapor:{state}", bg, fg) for state, (bg, fg) in LAPOR_COLOURS.items()]
    pairs += [(f"news:{kind}", bg, fg) for kind, (bg, fg) in NEWS_COLOURS.items()]
    pairs.append(("secret", *SECRET_BADGE))
    return pairs


@pytest.mark.parametrize(("name", "background", "foreground"), _pairs())
def test_badge_text_meets_wcag_aa(name: str, background: str, foreground: str) -> None:
    ratio = contrast_ratio(foreground, background)
    assert ratio >= AA_NORMAL_TEXT, f"{name}: {ratio:.2f}:1"


def test_the_ratio_is_the_wcag_formula() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#ffffff", "#f9a825") == pytest.approx(1.97, abs=0.01)  # the old amber


def test_a_badge_without_a_pill_on_a_selected_row_takes_the_rows_text_colour(qtbot) -> None:
    """ "Sudah dijawab" is written without a pill in grey; on the selection's blue that grey was
    hard to read, so on a selected row the deadline column writes it in the row's own
    selected-text colour."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QTableView

    from ui.widgets.deadline import Badge, DeadlineDelegate

    role = Qt.ItemDataRole.UserRole + 7
    model = QStandardItemModel(1, 1)
    item = QStandardItem()
    item.setData(Badge("none", "Sudah dijawab"), role)
    model.setItem(0, 0, item)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    delegate = DeadlineDelegate(role, view)
    option = QStyleOptionViewItem()
    option.initFrom(view.viewport())
    option.rect = QRect(0, 0, 160, 30)
    option.state |= QStyle.StateFlag.State_Selected
    highlight = option.palette.highlight().color()
    selected_text = option.palette.highlightedText().color()
    image = QImage(160, 30, QImage.Format.Format_RGB32)
    image.fill(highlight)
    painter = QPainter(image)
    delegate.paint(painter, option, model.index(0, 0))
    painter.end()

    def distance(colour: QColor, other: QColor) -> int:
        return sum(abs(a - b) for a, b in zip(colour.getRgb()[:3], other.getRgb()[:3], strict=True))

    inked = [image.pixelColor(x, y) for x in range(160) for y in range(30)]
    background = image.pixelColor(159, 0)
    furthest = max(inked, key=lambda c: distance(c, background))
    assert distance(furthest, selected_text) < 60, (furthest.name(), selected_text.name())
