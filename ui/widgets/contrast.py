"""WCAG 2.x contrast between two colours, and every badge's colour pair in one table.

AA asks 4.5:1 for normal text; a badge's text is small, so every pair listed here must reach it
(tests/ui/test_contrast.py computes each)."""

from __future__ import annotations

AA_NORMAL_TEXT = 4.5


def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """#rrggbb (or #aarrggbb with full alpha) as WCAG relative luminance."""
    h = colour.lstrip("#")[-6:]
    r, g, b = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    hi, lo = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
