"""Short lists size their columns to their texts without asking Qt to measure every cell."""

from PySide6.QtWidgets import QTableView

from crmdesk.ui.kit.rows_model import Column, RowsModel


def test_columns_fit_the_longest_text_and_never_cut_the_header(app, qtbot):
    model = RowsModel([Column("When", lambda r: r[0]), Column("A very long header title", lambda r: r[1])])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    model.set_rows([("26-11-23 15:24", "x"), ("짧음", "y"), ("2026년 11월 23일 오후 3시 24분", "z")] * 100)
    model.fit_columns(view)
    metrics = view.fontMetrics()
    assert view.columnWidth(0) > metrics.horizontalAdvance("2026년 11월 23일 오후 3시 24분")
    assert view.columnWidth(1) >= view.horizontalHeader().sectionSizeHint(1)  # the header stays readable
    model.set_rows([])
    model.fit_columns(view)  # nothing to show: the headers decide
    assert view.columnWidth(0) == view.horizontalHeader().sectionSizeHint(0)
