"""Writing one table to a file for a person to open, and logging it in the audit log: the half of
exporting.py that needs none of the models, so a command that writes one analysis table (``rfm --out``) starts
without loading the ORM. :func:`write_file` is THE writer of such files (see exporting.py's docstring)."""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crmdesk.access import Permission, actor_of, require
from crmdesk.errors import CrmError
from crmdesk.services.export_reason import with_reason
from crmdesk.services.tablefiles import clean_column, safe_text, write_csv
from crmdesk.store import Store, audit_chain
from crmdesk.store.overwrite import refuse_database_target

SUPPORTED = (".csv", ".xlsx")


def check_target(path: Path, live: Path | None = None, suffixes: tuple[str, ...] = SUPPORTED) -> None:
    """Before anything is read: a file type the writer knows, a folder that exists, and not a database."""
    if path.suffix.lower() not in suffixes:
        kinds = " or ".join(suffixes)
        raise CrmError(f"Cannot export to {path.name}: choose a file ending in {kinds}.",
                       ko=f"파일 {path.name}(으)로는 내보낼 수 없습니다: 이름이 {' 또는 '.join(suffixes)}(으)로 끝나는 "
                          "파일을 고르세요.")
    if not path.parent.exists():
        raise CrmError(f"Cannot export to {path}: the folder {path.parent} does not exist.",
                       ko=f"파일 {path}(으)로 내보낼 수 없습니다: {path.parent} 폴더가 없습니다.")
    refuse_database_target(path, live=live)


@dataclass
class Sheet:
    """One table of a file: its title (the xlsx sheet's name), its rows, an optional header row (bold in xlsx)
    and optional column widths (xlsx)."""

    title: str
    rows: Iterable[Sequence[object]]
    header: Sequence[object] | None = None
    widths: Sequence[float] | None = None
    clean: bool = False  # rows already hold file cells (zipped from tablefiles.clean_column)


def write_file(path: Path, sheets: Sequence[Sheet], *, live: Path | None = None, encoding: str = "utf-8-sig",
               suffixes: tuple[str, ...] = SUPPORTED) -> int:
    """THE writer of files for a person to open: .csv (one sheet; UTF-8 with BOM unless ``encoding`` says
    cp949) or .xlsx (a sheet each). Refuses a database as the target (``live``: the open one), makes every
    text cell formula-safe, writes through a temporary file moved into place at the end. Returns the number
    of data rows written (header rows not counted)."""
    check_target(path, live, suffixes)
    tmp = path.with_name(f".{path.name}.part")
    try:
        if path.suffix.lower() == ".csv":
            if len(sheets) != 1:
                raise CrmError(f"{path.name}: a CSV file holds one table; choose .xlsx.",
                               ko=f"파일 {path.name}: CSV 파일에는 표 하나만 들어갑니다. .xlsx를 고르세요.")
            count = write_csv(tmp, sheets[0], encoding)
        else:  # imported here: zipfile and tempfile would add ~10 ms to every command that writes a CSV
            from crmdesk.services.xlsx_writer import write_xlsx

            count = write_xlsx(tmp, sheets)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return count


def audit_export(store: Store, path: Path, what: str, count: int) -> None:
    """Log a written export; a file that cannot be logged (say the database is locked by a long import in
    another process) is removed, so no export exists that the audit log does not show. Core only (one chained
    entry through store/audit_chain.py), with the reason stated for the export."""
    actor = actor_of(store)
    try:
        with store.engine.begin() as conn:
            audit_chain.append_core(conn, staff_id=actor.staff_id, actor=actor.name, action="export",
                                    customer_id=None,
                                    details=with_reason("export", {"what": what, "file": str(path), "rows": count}))
    except BaseException:
        Path(path).unlink(missing_ok=True)
        raise


def _plain(value: object) -> object:
    """A DataFrame cell as a file cell: missing -> empty, numpy numbers -> Python numbers, text made safe."""
    # pandas.NA and NaN without importing pandas here (NaN is the one value not equal to itself).
    if value is None or type(value).__name__ == "NAType" or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, str):
        return safe_text(value)
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def write_table(store: Store, path: Path, header: list[str], rows: Iterator[tuple], sheet: str) -> int:
    """Write ``header`` and ``rows`` (e.g. a DataFrame's ``itertuples(index=False)``) to ``path``, .csv (UTF-8
    with BOM) or .xlsx, through a temporary file; empty and missing cells stay empty, text cannot become a
    formula. Returns the number of rows written. An export like any other (an analysis table or a churn call
    list with names and phones): owner only, audited as ``sheet``. A whole DataFrame goes faster through
    :func:`write_frame`."""
    return _write_rows(store, path, header, ([_plain(value) for value in row] for row in rows), sheet)


def write_frame(store: Store, path: Path, frame: Any, sheet: str, header: Sequence[str] | None = None) -> int:
    """:func:`write_table` for a whole DataFrame (``header``: its column titles, default the column names), with
    the same cells: each column is turned into file cells at once (missing -> empty, numpy numbers -> Python
    numbers) and the rows are zipped from the prepared columns, instead of one Python call per cell."""
    prepared = [_frame_column(frame[name]) for name in frame.columns]
    titles = list(header) if header is not None else [str(name) for name in frame.columns]
    return write_columns(store, path, titles, prepared, sheet)


def write_columns(store: Store, path: Path, header: Sequence[str], columns: Sequence[list], sheet: str, *,
                  text: Collection[int] = ()) -> int:
    """:func:`write_table` for a table held as columns of file cells (Python numbers, text, "" for empty): the
    columns at the positions in ``text`` are made formula-safe here (tablefiles.clean_column), the others must
    hold no text a person typed. The rows are zipped from the columns; no pandas needed."""
    cells = [clean_column(column) if i in text else column for i, column in enumerate(columns)]
    return _write_rows(store, path, list(header), zip(*cells, strict=True), sheet, clean=True)


def _frame_column(column: Any) -> list:
    """One DataFrame column as file cells (what _plain gives cell by cell), made safe by clean_column. numpy
    integers and booleans (never missing, never text) become Python values in one tolist; floats only lose NaN."""
    import numpy as np  # loaded already: the frame is pandas'

    if isinstance(column.dtype, np.dtype):  # numpy's own dtype, not one of pandas' (Int64 may hold NA)
        if column.dtype.kind in "iub":
            return column.tolist()
        if column.dtype.kind == "f":
            return ["" if value != value else value for value in column.tolist()]
    elif column.dtype.name == "Int64":  # pandas' nullable integers: Python ints, empty where missing
        missing = column.isna().to_numpy()
        values = column.to_numpy(dtype="int64", na_value=0).tolist()
        for i in np.flatnonzero(missing).tolist():
            values[i] = ""
        return values
    elif column.dtype.name == "category":  # each category made a file cell once, then picked by code
        labels = [*_frame_column(column.cat.categories.to_series()), ""]  # code -1 (missing) picks the last
        return [labels[code] for code in column.cat.codes.tolist()]
    cells = column.astype(object)
    return clean_column(cells.where(cells.notna(), None).tolist())


def _write_rows(store: Store, path: Path, header: list[str], cells: Iterator[Sequence[object]], sheet: str, *,
                clean: bool = False) -> int:
    require(store, Permission.EXPORT)
    count = write_file(path, [Sheet(sheet, cells, header, clean=clean)], live=store.path)
    audit_export(store, path, sheet.lower(), count)
    return count
