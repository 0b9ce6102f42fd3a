"""The fast CSV writer behind :func:`crmdesk.services.exporting.write_file` (the csv module over cleaned rows) and
the cleaning both it and the .xlsx writer (services/xlsx_writer.py) use. What they write is what the earlier
per-cell writers wrote (csv.writer cell by cell; openpyxl's write-only workbook), pinned by
tests/services/test_exports_pinned.py.

Formula safety lives here, once: a text cell that starts with = + - @ gets a leading apostrophe (after control
characters are dropped), so it shows as typed and never runs. The check costs one ``isprintable`` and one
first-character look per text cell; only the rare cell that needs a change goes through the regular expression.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from itertools import islice
from pathlib import Path
from typing import Protocol

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


class SheetLike(Protocol):
    """What the CSV and .xlsx writers read of a sheet (files_out.Sheet)."""

    title: str
    rows: Iterable[Sequence[object]]
    header: Sequence[object] | None
    widths: Sequence[float] | None
    clean: bool


def write_csv(tmp: Path, sheet: SheetLike, encoding: str) -> int:
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
                    "cannot write; export as UTF-8 (the default) or .xlsx instead.",
                    ko=f"인코딩 {encoding}(으)로 쓸 수 없는 글자가 있습니다: {index + 2}행의 "
                       f"{exc.object[exc.start:exc.end]!r}. UTF-8(기본값)이나 .xlsx로 내보내세요.")
