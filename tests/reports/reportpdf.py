"""Reading a report PDF back in tests: its text per page and the fonts it embeds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader

AS_OF = date(2025, 6, 30)  # the demo café's today
PRINTED = date(2025, 7, 1)


def pdf_pages(path: Path) -> list[str]:
    """Each page's text with the white space removed: Qt's PDFs place words apart without space characters,
    so extracted text runs words together or splits them over lines."""
    return ["".join(page.extract_text().split()) for page in PdfReader(str(path)).pages]


def squeeze(text: str) -> str:
    return "".join(text.split())


def embedded_fonts(path: Path) -> set[str]:
    """Base names of the fonts embedded (with a font file) in any page's resources."""
    names = set()
    for page in PdfReader(str(path)).pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is not None and any(k in descriptor.get_object()
                                                  for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    names.add(str(font["/BaseFont"]).lstrip("/").split("+")[-1])
    return names
