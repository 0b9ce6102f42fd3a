"""The window's font: the bundled Korean font (registered by :mod:`crmdesk.reports.qtfonts`, which the reports
use too) for the whole application."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from crmdesk.reports.qtfonts import FONT_DIR, KOREAN_FAMILY, register_fonts

__all__ = ["FONT_DIR", "KOREAN_FAMILY", "apply_app_font", "register_fonts"]


def apply_app_font(app: QApplication) -> None:
    """Use the Korean font for the whole window; it carries Latin letters too, so English looks right."""
    families = register_fonts()
    if KOREAN_FAMILY in families:
        font = QFont(app.font())
        font.setFamilies([KOREAN_FAMILY])
        app.setFont(font)
