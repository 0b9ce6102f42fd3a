"""The one way to set up a read-only list: a QTableView (or QTableWidget) that shows rows and is never edited in
place.

Every screen's list looks and behaves the same: no row numbers, no editing in the cell, whole rows selected,
and a double-click (or Enter) that opens the row. The few differences a list needs (one row at a time,
alternating colours, which column stretches, fixed widths) are arguments, so a reader sees them at a glance.
Columns that should fit their texts are sized with :meth:`RowsModel.fit_columns`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

from PySide6.QtCore import QAbstractItemModel, QModelIndex
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

View = TypeVar("View", bound=QTableView)

Selection = QAbstractItemView.SelectionMode


def read_only_list(view: View, model: QAbstractItemModel | None = None, *, rows: bool = True,
                   selection: QAbstractItemView.SelectionMode | None = None, alternating: bool = False,
                   wrap: bool = True, stretch: Iterable[int] | bool = (), stretch_last: bool = False,
                   widths: Mapping[int, int] | Sequence[int] = (), row_height: int | None = None,
                   on_open: Callable[[int], object] | None = None) -> View:
    """Set ``view`` up as a read-only list of ``model`` and return it.

    ``rows``: a click selects the whole row; ``selection``: e.g. ``Selection.SingleSelection`` (default: Qt's
    extended selection); ``stretch``: the columns that share the spare width (``True``: all of them);
    ``stretch_last``: columns keep their width (the user may drag them) and the last one takes the rest;
    ``widths``: starting widths by column; ``on_open(row)``: called on a double-click."""
    if model is not None:
        view.setModel(model)
    view.verticalHeader().hide()
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if rows:
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if selection is not None:
        view.setSelectionMode(selection)
    if alternating:
        view.setAlternatingRowColors(True)
    if not wrap:
        view.setWordWrap(False)
    if row_height is not None:
        view.verticalHeader().setDefaultSectionSize(row_height)
    header = view.horizontalHeader()
    if stretch is True:
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    elif stretch is not False:
        for col in stretch:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
    if stretch_last:
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
    for col, width in (widths.items() if isinstance(widths, Mapping) else enumerate(widths)):
        view.setColumnWidth(col, width)
    if on_open is not None:
        view.doubleClicked.connect(lambda index: _open(on_open, index))
    return view


def _open(on_open: Callable[[int], object], index: QModelIndex) -> None:
    on_open(index.row())
