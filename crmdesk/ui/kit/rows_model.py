"""Table models over a short list of records (follow-ups, feedback, staff figures, a timeline).

RowsModel is the usual one: columns are declared once as (header, text of a record, right-aligned?); an
optional ``colour`` function marks whole rows (late complaints, overdue follow-ups). A list whose cells need
more than text and colour (voided purchases struck out, lines added one by one while the cashier types)
subclasses RecordsModel, the base both share, and gives only its headers and ``data``. For the 100,000-row
customer list see customers/customer_model.py: these lists are bounded and loaded whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QStyle, QTableView

T = TypeVar("T")
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


AIR = 8  # beyond the style's text margins and the grid line


def fit_column(view: QTableView, column: int, texts: Iterable[str]) -> None:
    """Width of ``column``: its longest text as the view's font draws it, at least its header's width.

    Qt's resizeColumnsToContents asks the delegate for every cell's size, seven model calls from C++ into
    Python each: about a millisecond a row, 0.3 s on a regular's timeline of 300 entries, every time the card
    opens. Measuring the formatted texts directly costs a few microseconds a row."""
    metrics = view.fontMetrics()
    widest = max((metrics.horizontalAdvance(text) for text in texts), default=0)
    # The item delegate's margin on each side (QStyledItemDelegate: the focus frame margin plus one): whatever
    # the platform's style, the text is never cut.
    margins = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1) + 1
    view.setColumnWidth(column, max(widest + margins + AIR, view.horizontalHeader().sectionSizeHint(column)))


@dataclass(frozen=True)
class Column(Generic[T]):
    header: str
    text: Callable[[T], str]
    right: bool = False
    tooltip: Callable[[T], str] | None = None


class RecordsModel(QAbstractTableModel, Generic[T]):
    """The records of a list, one per row, and one header per column; subclasses give ``headers`` and ``data``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[T] = []

    def headers(self) -> Sequence[str]:
        raise NotImplementedError

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def record(self, row: int) -> T | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None


class RowsModel(RecordsModel[T]):
    def __init__(self, columns: Sequence[Column[T]], parent: Any = None, *,
                 colour: Callable[[T], str | None] | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._colour = colour
        self._texts: list[tuple[str, ...]] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._texts = [tuple(c.text(r) for c in self.columns) for r in self.rows]
        self.endResetModel()

    def fit_columns(self, view: QTableView, columns: Iterable[int] | None = None) -> None:
        """Size the view's columns (all, or those given) to their texts: see :func:`fit_column`."""
        for col in range(len(self.columns)) if columns is None else columns:
            fit_column(view, col, (cells[col] for cells in self._texts))

    def headers(self) -> Sequence[str]:
        return [c.header for c in self.columns]

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)  # asked on every index(): no list built

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[row][col]
        if role == RECORD_ROLE:
            return self.rows[row]
        if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[col].right:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self.columns[col].tooltip
            return tip(self.rows[row]) if tip else None
        if role == Qt.ItemDataRole.ForegroundRole and self._colour is not None:
            colour = self._colour(self.rows[row])
            return QColor(colour) if colour else None
        return None
