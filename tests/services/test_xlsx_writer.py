"""The .xlsx writer (services/xlsx_writer.py) as a person and the programs that read these files see it: opened
back with openpyxl (what the tests and Python users read) and with calamine (what crmdesk's own import reads), every
cell keeps its value, type and number format; the header is bold; text can never become a formula or markup; big
tables stream. tests/services/test_exports_pinned.py holds every real export to what it wrote before.
"""

from __future__ import annotations

import tracemalloc
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from crmdesk.errors import CrmError
from crmdesk.services import xlsx_writer
from crmdesk.services.files_out import Sheet, write_file
from crmdesk.services.xlsx_writer import write_xlsx


def _cells(path: Path, sheet: int = 0) -> list[list[object]]:
    book = load_workbook(path)
    return [[cell.value for cell in row] for row in book.worksheets[sheet].iter_rows()]


def test_every_kind_of_cell_reads_back_with_its_type_and_format(tmp_path):
    path = tmp_path / "t.xlsx"
    row = ["김하늘", 42, 2.5, True, False, date(2025, 1, 2), datetime(2025, 1, 2, 3, 4, 5), time(13, 30),
           Decimal("12.50"), "", None, "끝"]
    assert write_xlsx(path, [Sheet("고객", [row], ["이름", "나이"], widths=(18, 40))]) == 1
    book = load_workbook(path)
    sheet = book.worksheets[0]
    assert sheet.title == "고객"
    assert [c.font.b for c in sheet[1][:2]] == [True, True]
    cells = list(sheet[2])
    assert [c.value for c in cells] == ["김하늘", 42, 2.5, True, False, datetime(2025, 1, 2),
                                        datetime(2025, 1, 2, 3, 4, 5), time(13, 30), 12.5, None, None, "끝"]
    assert [c.data_type for c in cells[:5]] == ["s", "n", "n", "b", "b"]
    assert [c.number_format for c in cells[5:8]] == ["yyyy-mm-dd", "yyyy-mm-dd h:mm:ss", "h:mm:ss"]
    assert not any(c.font.b for c in cells)
    assert {k: round(v.width) for k, v in sheet.column_dimensions.items() if v.customWidth} == {"A": 18, "B": 40}
    calamine = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("고객").to_python()
    assert calamine[1][:4] == ["김하늘", 42, 2.5, True]


def test_text_stays_text_as_typed(tmp_path):
    """No formula, no markup, no lost character: a memo that starts like a formula is guarded, control characters
    are dropped, and text that looks like XML or like Excel's own escapes comes back exactly as typed."""
    path = tmp_path / "t.xlsx"
    typed = ["=HYPERLINK(\"http://x.example\",\"click\")", "+1+2", "-2+3", "@SUM(1)", "bell\x07 and tab\there",
             "<r><t>spoof</t></r>", "a & b < c > d", "_x0041_", " leading and trailing ", "줄\n바꿈"]
    write_file(path, [Sheet("Memo", [typed], None)])
    book = load_workbook(path)
    assert all(cell.data_type == "s" for cell in book.active[1])
    read = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()[0]
    assert read == ["'=HYPERLINK(\"http://x.example\",\"click\")", "'+1+2", "'-2+3", "'@SUM(1)", "bell and tab\there",
                    "<r><t>spoof</t></r>", "a & b < c > d", "_x0041_", " leading and trailing ", "줄\n바꿈"]


def test_empty_cells_and_rows_stay_empty(tmp_path):
    path = tmp_path / "t.xlsx"
    write_xlsx(path, [Sheet("A", [[None, "", 1], [], ["x"]], ["h"]), Sheet("Empty", [], None)])
    assert _cells(path) == [["h", None, None], [None, None, 1], [None, None, None], ["x", None, None]]
    assert _cells(path, 1) == []
    assert load_workbook(path).sheetnames == ["A", "Empty"]


def test_a_cell_is_cut_at_excels_length(tmp_path):
    """Excel holds 32,767 UTF-16 units in a cell (an emoji takes two); longer text is cut, as before."""
    path = tmp_path / "t.xlsx"
    write_xlsx(path, [Sheet("A", [["x" * 40_000, "😀" * 17_000]], None)])
    long_text, emoji = _cells(path)[0]
    assert long_text == "x" * 32_767 and emoji == "😀" * 16_383


@pytest.mark.parametrize("value", [float("nan"), float("inf"), Decimal("-Infinity"),
                                   datetime(2025, 1, 1, tzinfo=UTC)])
def test_a_value_excel_cannot_hold_is_refused(tmp_path, value):
    with pytest.raises(CrmError):
        write_xlsx(tmp_path / "t.xlsx", [Sheet("A", [[value]], None)])


def test_sheet_names_excel_refuses_are_refused(tmp_path):
    with pytest.raises(CrmError, match="both"):
        write_xlsx(tmp_path / "t.xlsx", [Sheet("Data", [], None), Sheet("data", [], None)])
    with pytest.raises(CrmError, match="name a sheet"):
        write_xlsx(tmp_path / "t.xlsx", [Sheet("a/b", [], None)])


def test_more_rows_than_a_sheet_holds_is_refused_not_cut(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_writer, "MAX_ROWS", 10)
    write_xlsx(tmp_path / "ok.xlsx", [Sheet("A", ([i] for i in range(9)), ["n"])])
    with pytest.raises(CrmError, match="at most 10 rows"):
        write_xlsx(tmp_path / "t.xlsx", [Sheet("A", ([i] for i in range(10)), ["n"])])


def test_100000_rows_stream_in_constant_memory(tmp_path):
    """The rows are read once, as they come; the writer keeps a block of them, not the table."""
    path = tmp_path / "big.xlsx"
    rows = ([i, f"고객 {i}", i * 1.5, date(2025, 1, 1)] for i in range(100_000))
    tracemalloc.start()
    try:
        assert write_xlsx(path, [Sheet("Big", rows, ["id", "name", "spent", "day"])]) == 100_000
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000
    read = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert len(read) == 100_001 and read[-1] == [99_999, "고객 99999", 149_998.5, date(2025, 1, 1)]
    assert load_workbook(path, read_only=True).active.calculate_dimension() == "A1:D100001"


def test_a_wide_row_keeps_every_cell_in_its_column(tmp_path):
    """Past Z the columns are AA, AB, …: a cell written at column 30 reads back at column 30."""
    path = tmp_path / "t.xlsx"
    write_xlsx(path, [Sheet("A", [list(range(30))], None)])
    sheet = load_workbook(path).active
    assert [cell.value for cell in sheet[1]] == list(range(30))
    assert sheet["Z1"].value == 25 and sheet["AD1"].value == 29
