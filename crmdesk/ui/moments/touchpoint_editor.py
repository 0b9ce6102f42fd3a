"""The shop's touchpoint list, edited by the owner: names in English and Korean, on or off, in order.

A touchpoint switched off keeps its ratings (the figures still show it) and leaves the survey and Ctrl+L."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.errors import CrmError, ValidationError
from crmdesk.services import moments as moments_svc
from crmdesk.store import Store
from crmdesk.ui.kit import messages
from crmdesk.ui.kit.i18n import error_text


class TouchpointEditor(QDialog):
    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("touchpointEditor")
        self.setWindowTitle(self.tr("Touchpoints"))
        self._store = store
        self.table = QTableWidget(0, 3, objectName="touchpointTable")
        self.table.setHorizontalHeaderLabels([self.tr("English"), self.tr("Korean"), self.tr("In use")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.error = QLabel(objectName="touchpointError", wordWrap=True)
        self.error.setStyleSheet("color: #c0392b;")
        buttons = QHBoxLayout()
        for text, name, slot in ((self.tr("Add"), "touchpointAdd", self.add),
                                 (self.tr("Up"), "touchpointUp", lambda: self.move(-1)),
                                 (self.tr("Down"), "touchpointDown", lambda: self.move(1)),
                                 (self.tr("Save"), "touchpointSave", self.save),
                                 (self.tr("Close"), "touchpointClose", self.accept)):
            button = QPushButton(text, objectName=name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Each touchpoint is rated 1 to 5 in Ctrl+L and on the counter survey, in "
                                        "this order. One switched off keeps its ratings."), wordWrap=True))
        layout.addWidget(self.table)
        self.ask_nps = QCheckBox(self.tr("The counter survey ends with \"Would you recommend us?\" (0 to 10)"),
                                 objectName="touchpointAskNps")
        with store.session() as session:
            self.ask_nps.setChecked(moments_svc.survey_asks_nps(session))
        self.ask_nps.toggled.connect(self._set_ask_nps)
        layout.addWidget(self.ask_nps)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.resize(520, 360)
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        with self._store.session() as session:
            moments = moments_svc.list_moments(session, include_inactive=True)
        self.table.setRowCount(len(moments))
        for row, moment in enumerate(moments):
            for col, text in enumerate((moment.name_en, moment.name_ko)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, moment.id)
                self.table.setItem(row, col, item)
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Checked if moment.active else Qt.CheckState.Unchecked)
            self.table.setItem(row, 2, check)
            if moment.id == select_id:
                self.table.selectRow(row)

    def _set_ask_nps(self, ask: bool) -> None:
        try:
            with self._store.session() as session:
                moments_svc.set_survey_asks_nps(session, ask)
        except CrmError as exc:
            self.error.setText(error_text(exc))
            return
        self.changed.emit()

    def _id(self, row: int) -> int | None:
        item = self.table.item(row, 0)
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def add(self) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(""))
        self.table.setItem(row, 1, QTableWidgetItem(""))
        check = QTableWidgetItem()
        check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        check.setCheckState(Qt.CheckState.Checked)
        self.table.setItem(row, 2, check)
        self.table.setCurrentCell(row, 0)

    def save(self) -> bool:
        """Every row as shown; nothing is stored when a row is refused (its number is named)."""
        rows = [(self._id(r), self.table.item(r, 0).text(), self.table.item(r, 1).text(),
                 self.table.item(r, 2).checkState() == Qt.CheckState.Checked) for r in range(self.table.rowCount())]
        try:
            with self._store.session() as session:
                for number, (moment_id, en, ko, active) in enumerate(rows, start=1):
                    try:
                        moments_svc.save_moment(session, moment_id, en, ko, active=active)
                    except ValidationError as exc:
                        self.error.setText(self.tr("Row {n}: {problem}").format(
                            n=number, problem=messages.problems_text(exc.problems)))
                        raise
        except CrmError as exc:
            if not self.error.text():
                self.error.setText(error_text(exc))
            return False
        self.error.clear()
        self.reload()
        self.changed.emit()
        return True

    def move(self, step: int) -> None:
        moment_id = self._id(self.table.currentRow())
        if moment_id is None:
            return
        with self._store.session() as session:
            moments_svc.move_moment(session, moment_id, step)
        self.reload(moment_id)
        self.changed.emit()
