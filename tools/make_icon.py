"""Draws crmdesk's application icon into resources/icons: PNGs for Linux and the window, an .ico for Windows.

    python tools/make_icon.py

A rounded blue card with 고객 ("customer") in the bundled Nanum Gothic Bold, legible from 16 to 256 pixels.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def draw(size: int, family: str) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    margin = size * 0.04
    box = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0x1F, 0x5F, 0xA8))
    painter.drawRoundedRect(box, size * 0.2, size * 0.2)
    font = QFont(family)
    font.setBold(True)
    font.setPixelSize(max(6, round(size * (0.5 if size < 32 else 0.36))))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "고" if size < 32 else "고객")
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - fonts need an application
    font_id = QFontDatabase.addApplicationFont(str(ROOT / "resources" / "fonts" / "NanumGothicBold.ttf"))
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    OUT.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        draw(size, family).save(str(OUT / f"crmdesk-{size}.png"))
    draw(256, family).save(str(OUT / "crmdesk.ico"))
    print(f"icons written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
