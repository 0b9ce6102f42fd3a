"""The bundled Korean font (Nanum Gothic, OFL): registered at start-up so Hangul renders on machines
without a CJK font, and so PDFs embed a font that has Hangul."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from crmdesk.config import RESOURCES_DIR

FONT_DIR = RESOURCES_DIR / "fonts"
KOREAN_FAMILY = "NanumGothic"
_registered: list[str] = []


def register_fonts() -> list[str]:
    """Add the bundled fonts to Qt's database once; returns the families they provide."""
    if _registered:
        return _registered
    for path in sorted(FONT_DIR.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            _registered.extend(f for f in QFontDatabase.applicationFontFamilies(font_id) if f not in _registered)
    return _registered


def apply_app_font(app: QApplication) -> None:
    """Use the Korean font for the whole window; it carries Latin letters too, so English looks right."""
    families = register_fonts()
    if KOREAN_FAMILY in families:
        font = QFont(app.font())
        font.setFamilies([KOREAN_FAMILY])
        app.setFont(font)
