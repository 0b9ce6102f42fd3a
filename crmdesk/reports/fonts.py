"""The report font: the bundled Nanum Gothic with its character map cleaned, so a PDF's text copies and
searches right.

WORKAROUND: Nanum Gothic maps the control characters U+0000-U+001F to its space glyph as well as U+0020. When
Qt embeds a font in a PDF it writes the ToUnicode map from the lowest code point of each glyph, so every
space of a report came out as U+0001: a reader could not search "At Risk" in the PDF, and copied text had
control characters instead of spaces. The derived copy maps only real characters. The font's licence (SIL
OFL 1.1, beside it in resources/fonts) allows modified versions but reserves the name "NanumGothic", so the
copy is named ``crmdesk Report Gothic``; it is written once per machine into the temp folder and registered
only for reports.

No Qt here; :mod:`crmdesk.reports.render` registers the files. fontTools (a well-kept library for exactly
this) does the font surgery.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from crmdesk.config import RESOURCES_DIR

SOURCE_FONTS = ("NanumGothic.ttf", "NanumGothicBold.ttf")
REPORT_FAMILY = "crmdesk Report Gothic"
_POSTSCRIPT = "crmdeskReportGothic"
_VERSION = "1"  # bump when the derivation changes


def _cache_dir() -> Path:
    return Path(tempfile.gettempdir()) / "crmdesk-report-fonts"


def _derive(source: Path, target: Path) -> None:
    from fontTools.ttLib import TTFont

    font = TTFont(str(source))
    for table in font["cmap"].tables:
        for code in [c for c in table.cmap if c < 0x20 or 0x7F <= c < 0xA0]:
            del table.cmap[code]
    bold = font["OS/2"].usWeightClass >= 600
    style = "Bold" if bold else "Regular"
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 16):
            names.setName(REPORT_FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 4:
            names.setName(f"{REPORT_FAMILY} {style}", 4, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:
            names.setName(f"{_POSTSCRIPT}-{style}", 6, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 3:
            names.setName(f"{_POSTSCRIPT}-{style};{_VERSION}", 3, record.platformID, record.platEncID,
                          record.langID)
    partial = target.with_suffix(".part")
    font.save(str(partial))
    partial.replace(target)  # atomic: another process never reads half a font


def report_font_files() -> list[Path]:
    """The derived font files (regular and bold), made on first use; [] when they cannot be made (then reports
    use the bundled font as it is)."""
    folder = _cache_dir()
    out = []
    for name in SOURCE_FONTS:
        source = RESOURCES_DIR / "fonts" / name
        if not source.exists():
            continue
        stat = source.stat()
        key = hashlib.sha1(f"{name}:{stat.st_size}:{stat.st_mtime_ns}:{_VERSION}".encode()).hexdigest()[:12]
        target = folder / f"{Path(name).stem}-report-{key}.ttf"
        if not target.exists():
            try:
                folder.mkdir(parents=True, exist_ok=True)
                _derive(source, target)
            except (ImportError, OSError, KeyError, ValueError):
                return []
        out.append(target)
    return out
