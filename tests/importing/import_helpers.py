"""Small factories for import tests: files as POS systems and Excel write them, and table snapshots."""

import csv
from pathlib import Path

# A copy of the shared, real-shaped Korean POS export (CP949, ￦ and 원 amounts, walk-ins); see data/README.md.
SAMPLE = Path(__file__).parent / "data" / "pos_export_cp949.csv"


def write_csv(path: Path, rows: list[list[object]], *, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def table_contents(store) -> dict[str, list[tuple]]:
    """Every row of every table (and the search index), to compare a database before and after."""
    from sqlalchemy import inspect

    with store.engine.connect() as conn:
        names = sorted(n for n in inspect(conn).get_table_names() if not n.startswith("customer_search_"))
        return {n: sorted(map(tuple, conn.exec_driver_sql(f'SELECT * FROM "{n}"').all()), key=repr) for n in names}
