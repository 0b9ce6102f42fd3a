"""The .xlsx writer behind :func:`crmdesk.services.exporting.write_file`: a workbook of plain tables (text, numbers,
true/false, dates; a bold header row; column widths), streamed in constant memory.

Why by hand, not through a library: a table file is five fixed XML parts and one sheet part per table, and the sheet
part is one short line of XML per cell. XlsxWriter (which wrote these files before, in constant-memory mode) spends
about 4 µs of Python per cell on checks and bookkeeping this writer has no use for; on the 100,000-customer export
that was three quarters of the time (issue 18: the .xlsx at most 3 times the CSV of the same rows). openpyxl's
write-only mode, with or without lxml, and PyExcelerate were measured no faster. Here a cell is one f-string.

The cells are XlsxWriter's own, byte for byte: inline strings with its escapes (``_xHHHH_`` for control
characters, ``xml:space="preserve"`` for leading or trailing white space, strings cut at Excel's 32,767 UTF-16
units), numbers as ``%.16G``, dates as Excel serial numbers with openpyxl's number formats, so every file reads back
as it did (tests/services/test_exports_pinned.py, tests/services/test_xlsx_writer.py). Formula safety is
:func:`crmdesk.services.tablefiles.safe_text`, as for CSV.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from math import isfinite
from pathlib import Path
from typing import IO, Any

from crmdesk.errors import CrmError
from crmdesk.services.tablefiles import FORMULA_STARTS, SheetLike, clean_row, safe_text

_FIRST = frozenset(FORMULA_STARTS)
MAX_ROWS = 1_048_576  # Excel's rows per sheet
_MAX_TEXT = 32_767  # Excel's UTF-16 units per cell
_PIXELS_PER_CHARACTER = 7  # Calibri 11's digit width, which Excel counts column widths in
_DEFAULT_PIXELS = 64  # a column of Excel's default width carries no customWidth flag

# Cell styles, the index of each in styles.xml's cellXfs: plain, the bold header, and the number formats openpyxl
# gives dates (what the files looked like before; Excel shows them as dates).
_BOLD, _DATE, _DATETIME, _TIME = 1, 2, 3, 4

# Anything a string needs done before it goes into XML: escaping (& < >, XlsxWriter's _xHHHH_ for control
# characters and for text that looks like such an escape, the two non-characters) or the preserve flag (white
# space first or last). Searched once per string; the rare match takes the slow path, _xml_text.
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s\Z")
_ESCAPE_LIKE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")

_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def write_xlsx(tmp: Path, sheets: Sequence[SheetLike]) -> int:
    """Every sheet to ``tmp`` as .xlsx; returns the data rows written (header rows not counted)."""
    titles = _titles(sheets)
    count = 0
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in _package_parts(titles).items():
            book.writestr(_entry(name), text)
        for number, sheet in enumerate(sheets, 1):
            count += _write_sheet(book, number, sheet)
    return count


def _entry(name: str) -> zipfile.ZipInfo:
    """A part of the package, stamped 1980-01-01 as XlsxWriter does (the same rows make the same file)."""
    info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _titles(sheets: Sequence[SheetLike]) -> list[str]:
    """The sheets' names as Excel takes them: at most 31 characters, none of []:*?/\\, no two alike."""
    titles: list[str] = []
    for sheet in sheets:
        title = sheet.title[:31]
        if not title or re.search(r"[\[\]:*?/\\]", title) or title.startswith("'") or title.endswith("'"):
            raise CrmError(f"{title!r} cannot name a sheet in Excel.",
                           ko=f"시트 이름으로 {title!r}은(는) Excel에서 쓸 수 없습니다.")
        if title.lower() in (seen.lower() for seen in titles):
            raise CrmError(f"Two sheets would both be named {title!r}.",
                           ko=f"두 시트의 이름이 모두 {title!r}이(가) 됩니다.")
        titles.append(title)
    return titles


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def _package_parts(titles: list[str]) -> dict[str, str]:
    """Every part but the sheets: what a workbook of plain tables needs (the parts XlsxWriter wrote, less its
    theme and document properties, which no reader of these files looks at)."""
    sheets = range(1, len(titles) + 1)
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_TYPE}.worksheet+xml"/>'
                        for n in sheets)
    sheet_rels = "".join(f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                         for n in sheets)
    entries = "".join(f'<sheet name="{_attribute(title)}" sheetId="{n}" r:id="rId{n}"/>'
                      for n, title in zip(sheets, titles, strict=True))
    styles_id = len(titles) + 1
    return {
        "[Content_Types].xml": (
            f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>{overrides}</Types>'),
        "_rels/.rels": (
            f'{_XML}<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/_rels/workbook.xml.rels": (
            f'{_XML}<Relationships xmlns="{_PKG_REL}">{sheet_rels}'
            f'<Relationship Id="rId{styles_id}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews>'
            f'<sheets>{entries}</sheets><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'),
        "xl/styles.xml": _STYLES,
    }


_FONT = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
_STYLES = (
    f'{_XML}<styleSheet xmlns="{_MAIN}"><numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd h:mm:ss"/><numFmt numFmtId="166" formatCode="h:mm:ss"/></numFmts>'
    f'<fonts count="2"><font>{_FONT}</font><font><b/>{_FONT}</font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="5">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/>'
    '<tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/>'
    '</styleSheet>')


class _Extent:
    """The cells written so far, for the sheet's <dimension> (rows and columns from 0; -1 before the first)."""

    def __init__(self) -> None:
        self.first_row = self.last_row = self.first_col = self.last_col = -1
        self.names: list[str] = []  # the columns' letters, worked out once per sheet (every cell names its column)

    def names_for(self, width: int) -> list[str]:
        while len(self.names) < width:
            self.names.append(_column(len(self.names)))
        return self.names

    def add(self, row: int, first_col: int, last_col: int) -> None:
        if first_col < 0:
            return  # a row without cells
        if self.first_row < 0:
            self.first_row, self.first_col, self.last_col = row, first_col, last_col
        self.last_row = row
        self.first_col, self.last_col = min(self.first_col, first_col), max(self.last_col, last_col)

    def ref(self) -> str:
        if self.first_row < 0:
            return "A1"
        first = f"{_column(self.first_col)}{self.first_row + 1}"
        last = f"{_column(self.last_col)}{self.last_row + 1}"
        return first if first == last else f"{first}:{last}"


def _write_sheet(book: zipfile.ZipFile, number: int, sheet: SheetLike) -> int:
    """One sheet: its rows go to a temporary file first, since the <dimension> before them needs their extent."""
    extent = _Extent()
    count = 0
    with tempfile.TemporaryFile() as body:
        text = _Body(body)
        if sheet.header is not None:
            text.write(_row_xml(0, clean_row(sheet.header), _BOLD, True, extent))
        start = 0 if sheet.header is None else 1
        clean = getattr(sheet, "clean", False)
        for count, row in enumerate(sheet.rows, 1):
            if start + count > MAX_ROWS:
                raise CrmError(f"Excel holds at most {MAX_ROWS:,} rows in a sheet; export as CSV instead.",
                               ko=f"Excel 시트 하나에는 최대 {MAX_ROWS:,}행이 들어갑니다. CSV로 내보내세요.")
            text.write(_row_xml(start + count - 1, row, 0, clean, extent))
        text.flush()
        body.seek(0)
        with book.open(_entry(f"xl/worksheets/sheet{number}.xml"), "w") as part:
            part.write(_sheet_head(sheet, number, extent).encode())
            shutil.copyfileobj(body, part, 1 << 20)
            part.write(_sheet_tail(extent).encode())
    return count


class _Body:
    """Rows of XML gathered and written to the body file as UTF-8 a block at a time (fewer, larger writes)."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.pending: list[str] = []

    def write(self, text: str) -> None:
        self.pending.append(text)
        if len(self.pending) >= 1024:
            self.flush()

    def flush(self) -> None:
        self.file.write("".join(self.pending).encode())
        self.pending.clear()


def _sheet_head(sheet: SheetLike, number: int, extent: _Extent) -> str:
    selected = ' tabSelected="1"' if number == 1 else ""
    cols = ""
    for i, width in enumerate(sheet.widths or ()):
        pixels = round(width * _PIXELS_PER_CHARACTER)
        custom = "" if pixels == _DEFAULT_PIXELS else ' customWidth="1"'
        cols += f'<col min="{i + 1}" max="{i + 1}" width="{(pixels * 256 // 7) / 256:.16g}"{custom}/>'
    return (f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><dimension ref="{extent.ref()}"/>'
            f'<sheetViews><sheetView{selected} workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
            f'{f"<cols>{cols}</cols>" if cols else ""}{"<sheetData>" if extent.first_row >= 0 else ""}')


def _sheet_tail(extent: _Extent) -> str:
    return (f'{"</sheetData>" if extent.first_row >= 0 else "<sheetData/>"}'
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>')


def _column(index: int) -> str:
    """A column's letters (0 -> A, 26 -> AA)."""
    n, name = index + 1, ""
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(65 + rest) + name
    return name


def _row_xml(index: int, row: Sequence[Any], style: int, clean: bool, extent: _Extent) -> str:
    """One row's <row> element (empty cells left out), its cells by type; ``clean``: text already formula-safe.
    The common cells (text, whole and decimal numbers) are written inline: this runs once per cell."""
    number = index + 1
    s = f' s="{style}"' if style else ""
    names = extent.names_for(len(row))
    cells = []
    first = last = -1
    for col, value in enumerate(row):
        kind = type(value)
        if kind is str:
            if not value:
                continue
            if not clean and (not value.isprintable() or value[0] in _FIRST):
                value = safe_text(value)
                if not value:
                    continue
            text = _xml_text(value) if _SPECIAL.search(value) or len(value) > _MAX_TEXT // 2 else f"<t>{value}</t>"
            cells.append(f'<c r="{names[col]}{number}"{s} t="inlineStr"><is>{text}</is></c>')
        elif kind is int or (kind is float and isfinite(value)):
            cells.append(f'<c r="{names[col]}{number}"{s}><v>{value:.16G}</v></c>')
        elif value is None:
            continue
        else:
            cell = _other_cell(value, style)
            if cell is None:
                continue
            cells.append(f'<c r="{names[col]}{number}"{cell}</c>')
        if first < 0:
            first = col
        last = col
    extent.add(index, first, last)
    return f'<row r="{number}">{"".join(cells)}</row>' if cells else ""


def _number(value: float | Decimal) -> str:
    if not value.is_finite() if isinstance(value, Decimal) else not isfinite(value):
        raise CrmError(f"A spreadsheet cell cannot hold {value}: the table has a missing or infinite number.",
                       ko=f"스프레드시트 칸에 {value}을(를) 넣을 수 없습니다: 표에 빠졌거나 무한한 숫자가 있습니다.")
    return f"{value:.16G}"


def _xml_text(text: str) -> str:
    """A string's <t> element as XlsxWriter writes it: cut to Excel's length, the escape-like text and control
    characters written as _xHHHH_ escapes, white space kept when it leads or trails, & < > escaped."""
    if len(text) > _MAX_TEXT // 2 and len(text.encode("utf-16-le")) > 2 * _MAX_TEXT:
        text = text.encode("utf-16-le")[:2 * _MAX_TEXT].decode("utf-16-le", errors="ignore")
    text = _ESCAPE_LIKE.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda match: f"_x{ord(match.group()):04X}_", text)
    text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    preserve = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<t{preserve}>{text}</t>"


def _other_cell(value: object, style: int) -> str | None:
    """The rest of a <c> element after its reference (attributes, '>', value) for the rarer kinds of cell, by
    the same rules as the writer before: subclasses of text and numbers, true/false, dates and times (with their
    number format unless the header's bold), anything else as its text; None for a cell left empty."""
    s = f' s="{style}"' if style else ""
    if isinstance(value, str):
        text = safe_text(value)
        return f'{s} t="inlineStr"><is>{_xml_text(text)}</is>' if text else None
    if isinstance(value, bool):
        return f'{s} t="b"><v>{int(value)}</v>'
    if isinstance(value, int | float | Decimal):
        return f"{s}><v>{_number(value)}</v>"
    if isinstance(value, datetime | date | time):
        kind = _DATETIME if isinstance(value, datetime) else _DATE if isinstance(value, date) else _TIME
        return f' s="{style or kind}"><v>{_serial(value):.16G}</v>'
    text = safe_text(str(value))
    return f'{s} t="inlineStr"><is>{_xml_text(text)}</is>' if text else None


_EPOCH = datetime(1899, 12, 31)


def _serial(value: datetime | date | time) -> float:
    """Excel's serial number of a date and time (days since 1899-12-31, with Excel's 29 February 1900), as
    XlsxWriter computed it; a time of day is the fraction alone. Excel keeps no time zones: an aware value is
    refused."""
    if isinstance(value, datetime | time) and value.tzinfo is not None:
        raise CrmError("Excel keeps no time zones: the table has a date or time with one.",
                       ko="Excel은 시간대를 저장하지 않습니다: 표에 시간대가 붙은 날짜나 시각이 있습니다.")
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.fromordinal(value.toordinal())
    else:
        moment = datetime.combine(_EPOCH, value)
    delta = moment - _EPOCH
    serial = delta.days + (delta.seconds + delta.microseconds / 1e6) / 86_400
    if isinstance(value, datetime) and (value.year, value.month, value.day) == (1900, 1, 1):
        serial -= 1  # XlsxWriter's: a datetime on 1900-01-01 counts from day 0
    return serial + 1 if serial > 59 else serial
