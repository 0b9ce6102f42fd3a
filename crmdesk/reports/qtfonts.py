"""The bundled Korean font (Nanum Gothic, OFL) registered with Qt, so Hangul renders on machines without a CJK
font and PDFs embed a font that has Hangul.

Both the reports (PDFs drawn with QtGui) and the window (its application font) use it; it needs QtGui only, so
the reports do not import the window's package or QtWidgets.
"""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase

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
