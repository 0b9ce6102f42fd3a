"""The block writer behind write_frame (issue 18): rows zipped from clean columns go to csv.writer in blocks of
thousands, and must still be safe and still name the row an encoding cannot hold."""

from __future__ import annotations

import csv

import pytest

from crmdesk.errors import CrmError
from crmdesk.services.exporting import Sheet, write_file
from crmdesk.services.tablefiles import clean_column


def test_clean_column_guards_formulas_drops_controls_and_empties_none():
    assert clean_column(["=1+1", "bell\x07", None, 3, 2.5, "김하늘", "-2"]) == \
        ["'=1+1", "bell", "", 3, 2.5, "김하늘", "'-2"]


def test_a_character_cp949_cannot_hold_in_a_later_block_is_refused_by_its_row(tmp_path):
    names = ["김하늘"] * 9000
    names[6000] = "김😀"  # in the second block of rows; the spreadsheet shows it as row 6002
    sheet = Sheet("t", zip(range(9000), clean_column(names), strict=True), ["id", "name"], clean=True)
    with pytest.raises(CrmError, match="Row 6002 .*cp949"):
        write_file(tmp_path / "t.csv", [sheet], encoding="cp949")
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_a_clean_sheet_writes_every_row_once(tmp_path):
    rows = list(zip(range(10_000), clean_column(["=x", None] * 5000), strict=True))
    assert write_file(tmp_path / "t.csv", [Sheet("t", iter(rows), ["id", "v"], clean=True)]) == 10_000
    with (tmp_path / "t.csv").open(encoding="utf-8-sig") as fh:
        read = list(csv.reader(fh))
    assert read[0] == ["id", "v"] and read[1:3] == [["0", "'=x"], ["1", ""]] and len(read) == 10_001
