"""What an import did: the report (counts, skipped rows with their reasons, a preview), the refusal of a whole
file, and the file of skipped rows saved beside the source, ready to fix and import again."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from crmdesk.errors import CrmError
from crmdesk.importing.readers import MAX_CELL, SourceTable
from crmdesk.importing.reasons import reason_text
from crmdesk.store import Store


class ImportRefused(CrmError):
    """The import was refused as a whole; ``report`` (when there is one) says what the rows held."""

    def __init__(self, message: str, report: ImportReport | None = None, *, reason: str = "", file: str = "",
                 count: int = 0, first: Rejection | None = None) -> None:
        super().__init__(message)
        self.report = report
        # For the command line to say it in its language: "no_rows", "bad_rows" (--strict, count of them),
        # "bad_row" (--strict), "none_importable", "busy"; the file's name and the first bad row where it matters.
        self.reason, self.file, self.count, self.first = reason, file, count, first


@dataclass(frozen=True)
class Rejection:
    """One skipped row: spreadsheet row number, the column (its header) and why; ``code`` is stable for
    translation, ``message`` is English."""

    row: int
    column: str | None
    code: str
    message: str
    value: str = ""
    context: tuple[tuple[str, object], ...] = ()  # what a translated sentence names besides the value (reasons.py)

    def describe(self) -> str:
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class PreviewRow:
    """A row as it will be stored: field -> stored value, the customer outcome, and its fate."""

    row: int
    values: dict[str, Any]
    customer: str  # "new" | "matched" | "walk-in" | ""
    status: str  # "import" | "present" | "rejected"
    reason: str = ""


@dataclass
class ImportReport:
    kind: str
    source_name: str
    encoding: str | None
    delimiter: str | None
    dry_run: bool
    rows_read: int = 0
    rows_imported: int = 0
    rows_present: int = 0  # already in the database from an earlier import
    rows_rejected: int = 0
    purchases_created: int = 0
    lines_created: int = 0
    customers_created: int = 0
    customers_matched: int = 0
    customers_updated: int = 0
    products_created: int = 0
    staff_created: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    preview: list[PreviewRow] = field(default_factory=list)
    rejected_file: Path | None = None
    rejected_file_error: str | None = None
    batch_id: int | None = None
    same_file_imported_at: datetime | None = None
    seconds: float = 0.0


def rejected_file_path(source_path: Path) -> Path:
    return source_path.with_name(f"{source_path.stem}.rejected.csv")


def write_rejected_file(store: Store, source: SourceTable, report: ImportReport, language: str = "en") -> None:
    """The skipped rows with row number, column and reason, then their original cells (read again from the
    source, so a million good rows are never held in memory for this): fix them and import again.

    A file for a person to open in Excel, holding cells straight from someone else's file: it goes through the
    exports' formula-safe writer (``=HYPERLINK(...)`` or ``=cmd|...`` arrive as text, defused with an apostrophe
    that the import removes again), and like any file of customers' data written by crmdesk it is audited. The
    reason never starts with the bad value (the value parsers name it after the problem). ``language``: the
    reasons and the three titles before the file's own, in Korean ("ko") or English (reasons.py)."""
    from crmdesk.services.files_out import write_table

    path = rejected_file_path(source.path)
    wanted = {r.row for r in report.rejections}
    cells: dict[int, list[object]] = {}
    try:
        for rownum, row in enumerate(source.rows(), start=source.first_row_number):
            if rownum in wanted:
                cells[rownum] = ["" if c is None else c[:MAX_CELL] if isinstance(c, str) else c for c in row]
                if len(cells) == len(wanted):
                    break
    except CrmError:
        pass  # the rows up to a broken line are written all the same
    rows = ((r.row, r.column or "", reason_text(r, language), *cells.get(r.row, ())) for r in report.rejections)
    titles = ["행", "열", "사유"] if language == "ko" else ["row", "column", "reason"]
    try:
        write_table(store, path, [*titles, *source.headers], rows, "Rejected rows")
        report.rejected_file = path
    except OSError as exc:
        report.rejected_file_error = f"{exc.strerror or exc}: {path}"
    except (CrmError, SQLAlchemyError) as exc:  # the import stands; only this file is missing (its log failed)
        report.rejected_file_error = f"{exc}: {path}"
