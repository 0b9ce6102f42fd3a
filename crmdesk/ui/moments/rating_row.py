"""The shop's touchpoints in the contact dialog (Ctrl+L), each rated with one key: 1 to 5.

Typing a digit rates the touchpoint and moves to the next one, so a counter visit rated on every touchpoint is
six keys; a box left empty is not rated. Backspace clears one. The touchpoints sit in a grid of three columns
(label, box), so six of them take two short rows and every name is shown whole at the dialog's opening size."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from crmdesk.services import moments as moments_svc
from crmdesk.store import Store

COLUMNS = 3  # touchpoints per row: six defaults in two rows, long Korean names included


class RatingRow(QWidget):
    def __init__(self, store: Store, korean: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ratingRow")
        with store.session() as session:
            moments = [(m.id, moments_svc.moment_name(m, "ko" if korean else "en"))
                       for m in moments_svc.list_moments(session)]
        self.boxes: dict[int, QLineEdit] = {}
        self.labels: list[QLabel] = []
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(6)
        validator = QRegularExpressionValidator(QRegularExpression("[1-5]"), self)
        order: list[QLineEdit] = []
        for n, (moment_id, name) in enumerate(moments):
            box = QLineEdit(objectName=f"rating{moment_id}", maxLength=1)
            box.setValidator(validator)
            box.setFixedWidth(28)
            box.setToolTip(self.tr("{name}: 1 (very poor) to 5 (excellent); empty = not rated").format(name=name))
            label = QLabel(name, objectName=f"ratingLabel{moment_id}")
            label.setBuddy(box)
            row, column = divmod(n, COLUMNS)
            if column:  # a little air between one touchpoint's box and the next name
                label.setContentsMargins(10, 0, 0, 0)
            layout.addWidget(label, row, 2 * column)
            layout.addWidget(box, row, 2 * column + 1)
            self.boxes[moment_id] = box
            self.labels.append(label)
            order.append(box)
        layout.setColumnStretch(2 * COLUMNS, 1)
        for box, following in zip(order, order[1:], strict=False):
            box.textEdited.connect(lambda text, nxt=following: nxt.setFocus() if text else None)

    def scores(self) -> dict[int, int]:
        return {moment_id: int(box.text()) for moment_id, box in self.boxes.items() if box.text()}
