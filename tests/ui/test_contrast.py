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
