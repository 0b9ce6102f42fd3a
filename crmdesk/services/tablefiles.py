"""The two fast writers behind :func:`crmdesk.services.exporting.write_file`: CSV through the csv module over
cleaned rows, and .xlsx through XlsxWriter in constant-memory mode (one row in memory at a time, cells written
by type rather than guessed). What they write is what the earlier per-cell writers wrote (csv.writer cell by
cell; openpyxl's write-only workbook), pinned by tests/services/test_exports_pinned.py.

Formula safety lives here, once: a text cell that starts with = + - @ gets a leading apostrophe (after control
characters are dropped), so it shows as typed and never runs. The check costs one ``isprintable`` and one
first-character look per text cell; only the rare cell that needs a change goes through the regular expression.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

from crmdesk.errors import CrmError
from crmdesk.normalise import strip_control

FORMULA_STARTS = ("=", "+", "-", "@")
_FIRST = frozenset(FORMULA_STARTS)


def safe_text(text: str) -> str:
    """No control characters (they show as boxes; some readers refuse them) and no formulas: a cell typed as
    =HYPERLINK(...) in a memo must not become a live formula in the owner's Excel."""
    if text.isprintable() and text[:1] not in _FIRST:
        return text  # the common case: nothing to drop, nothing to guard
    text = strip_control(text)
    return "'" + text if text[:1] in _FIRST else text


def clean_row(row: Iterable[object]) -> list[object]:
    """A row as a file holds it: None -> empty, text made safe, anything else unchanged."""
    out = list(row)
    for i, value in enumerate(out):
        if type(value) is str:
            if not value.isprintable() or value[:1] in _FIRST:
                out[i] = safe_text(value)
        elif value is None:
            out[i] = ""
        elif isinstance(value, str):
            out[i] = safe_text(value)
    return out


def clean_column(values: list) -> list:
    """:func:`clean_row` for one whole column (a list of cells): the same cells, one comprehension instead of
    a call per row. Rows zipped from such columns need no further cleaning (a sheet marked ``clean``).
    A column of text with nothing to guard (the usual names and codes) is checked in C and handed back as it is:
    one ``isprintable`` over all of it joined, and the set of first characters."""
    if _all_plain_text(values):
        return values
    return [value if type(value) is str and value.isprintable() and value[:1] not in _FIRST
            else "" if value is None
            else safe_text(value) if isinstance(value, str)
            else value
            for value in values]


def _all_plain_text(values: list) -> bool:
    """Every cell is text, printable, and none starts a formula (an empty cell counts as text: "" is plain)."""
    try:
        joined = "".join(values)
    except TypeError:  # None, numbers, dates: the cell-by-cell path
        return False
    return joined.isprintable() and _FIRST.isdisjoint({value[:1] for value in values})


class _Sheet(Protocol):
    title: str
    rows: Iterable[Sequence[object]]
    header: Sequence[object] | None
    widths: Sequence[float] | None
    clean: bool


def write_csv(tmp: Path, sheet: _Sheet, encoding: str) -> int:
    """One sheet to ``tmp`` as CSV; returns the data rows written. A character the encoding cannot hold (CP949
    and an emoji) is refused with the row's number, as the spreadsheet shows it (the header is row 1). A sheet
    marked ``clean`` (rows zipped from :func:`clean_column`) is written in blocks of rows, uncleaned again."""
    count = 0
    bom = encoding.lower().replace("_", "-") == "utf-8-sig"
    # UTF-8 with BOM written as the BOM, then plain UTF-8: Python's utf-8-sig codec encodes in Python, row by row,
    # where plain UTF-8 is encoded in C (the same bytes, a tenth of the writing time on 100,000 rows).
    with tmp.open("w", encoding="utf-8" if bom else encoding, newline="") as fh:
        if bom:
            fh.write("\ufeff")
        writer = csv.writer(fh)
        if sheet.header is not None:
            writer.writerow(clean_row(sheet.header))
        if getattr(sheet, "clean", False):
            rows = iter(sheet.rows)
            while block := list(islice(rows, _BLOCK)):
                try:
                    writer.writerows(block)
                except UnicodeEncodeError as exc:
                    raise _unwritable(exc, count + _first_unwritable(block, encoding), encoding) from exc
                count += len(block)
            return count
        write = writer.writerow
        for row in sheet.rows:
            try:
                write(clean_row(row))
            except UnicodeEncodeError as exc:
                raise _unwritable(exc, count, encoding) from exc
            count += 1
    return count


_BLOCK = 4096  # rows handed to csv.writer.writerows at once


def _first_unwritable(block: list, encoding: str) -> int:
    """The index in ``block`` of the first row holding a character ``encoding`` cannot write."""
    for i, row in enumerate(block):
        try:
            "".join(str(value) for value in row).encode(encoding)
        except UnicodeEncodeError:
            return i
    return 0


def _unwritable(exc: UnicodeEncodeError, index: int, encoding: str) -> CrmError:
    """``index``: the data row's position (0 for the first data row, which the spreadsheet shows as row 2)."""
    return CrmError(f"Row {index + 2} holds {exc.object[exc.start:exc.end]!r}, which {encoding} "
                    "cannot write; export as UTF-8 (the default) or .xlsx instead.")


# Number formats openpyxl gives these types (what the files looked like before; Excel shows them as dates).
_FORMATS = {datetime: "yyyy-mm-dd h:mm:ss", date: "yyyy-mm-dd", time: "h:mm:ss"}
_PIXELS_PER_CHARACTER = 7  # Calibri 11's digit width, which both XlsxWriter and Excel count widths in


def write_xlsx(tmp: Path, sheets: Sequence[_Sheet]) -> int:
    """Every sheet to ``tmp`` as .xlsx; returns the data rows written (header rows not counted)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(tmp), {
        "constant_memory": True,  # rows go to disk as they are written
        # Written by type below; these make sure no text is ever turned into a formula, a link or a number.
        "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False})
    try:
        formats = {kind: book.add_format({"num_format": fmt}) for kind, fmt in _FORMATS.items()}
        bold = book.add_format({"bold": True})
        count = 0
        for sheet in sheets:
            out = book.add_worksheet(sheet.title[:31])
            for i, width in enumerate(sheet.widths or ()):
                out.set_column_pixels(i, i, round(width * _PIXELS_PER_CHARACTER))
            row_no = 0
            if sheet.header is not None:
                for col, value in enumerate(clean_row(sheet.header)):
                    _write_cell(out, 0, col, value, formats, bold)
                row_no = 1
            for row in sheet.rows:
                for col, value in enumerate(row):
                    _write_cell(out, row_no, col, value, formats, None)
                row_no += 1
                count += 1
    finally:
        book.close()
    return count


def _write_cell(out: Any, row: int, col: int, value: object, formats: dict, style: Any) -> None:
    """One cell by its type; what openpyxl wrote for it: text (made safe), number, true/false, date-time with the
    number format of its kind, nothing for an empty value."""
    kind = type(value)
    if isinstance(value, str) and kind is str:
        text = value if value.isprintable() and value[:1] not in _FIRST else safe_text(value)
        if text:
            out.write_string(row, col, text, style)
    elif kind is int or kind is float:
        out.write_number(row, col, value, style)
    elif kind is bool:
        out.write_boolean(row, col, value, style)
    elif value is None:
        return
    elif isinstance(value, str):
        text = safe_text(value)
        if text:
            out.write_string(row, col, text, style)
    elif isinstance(value, bool):
        out.write_boolean(row, col, bool(value), style)
    elif isinstance(value, int | float | Decimal):
        out.write_number(row, col, value, style)
    elif isinstance(value, datetime):
        out.write_datetime(row, col, value, formats[datetime] if style is None else style)
    elif isinstance(value, date):
        out.write_datetime(row, col, value, formats[date] if style is None else style)
    elif isinstance(value, time):
        out.write_datetime(row, col, value, formats[time] if style is None else style)
    else:
        text = safe_text(str(value))
        if text:
            out.write_string(row, col, text, style)
