"""Settings → "RFM segments…": the owner chooses the segment of each of the 125 RFM codes.

The same storage and validation as ``crmdesk rfm --set-segments`` (crmdesk.analytics.rfm); this module is
imported only when the dialog is opened (rfm.py needs pandas, which the window does not load at start-up).
Every code has exactly one segment by construction (one choice per row), so a saved mapping is always complete.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.access import Permission, require
from crmdesk.analytics import rfm
from crmdesk.errors import CrmError
from crmdesk.services import segments
from crmdesk.store import Store
from crmdesk.ui.kit import accessibility, theme
from crmdesk.ui.kit.i18n import error_text
from crmdesk.ui.kit.lists import Selection, read_only_list


def _segment_text(name: str) -> str:
    korean = QLocale().language() == QLocale.Language.Korean
    return rfm.KOREAN_NAMES[name] if korean else name


class SegmentEditor(QDialog):
    saved = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("segmentEditor")
        self.setWindowTitle(self.tr("RFM segments"))
        self.resize(520, 640)
        self._store = store
        intro = QLabel(self.tr(
            "Each customer who bought gets three scores from 1 to 5 (5 best): R recency, F frequency, M money. "
            "Choose the segment of each of the 125 codes; the dashboard, the card and `crmdesk rfm` use it."))
        intro.setWordWrap(True)
        self.filter = QLineEdit(objectName="segmentFilter")
        self.filter.setPlaceholderText(self.tr("Show codes starting with… (e.g. 5 or 54)"))
        self.filter.textChanged.connect(self._filter)
        self.table = QTableWidget(len(rfm.ALL_CODES), 2, objectName="segmentTable")
        self.table.setHorizontalHeaderLabels([self.tr("Code (R F M)"), self.tr("Segment")])
        read_only_list(self.table, rows=False, selection=Selection.NoSelection, stretch=[1])
        self.combos: dict[str, QComboBox] = {}
        for row, code in enumerate(rfm.ALL_CODES):
            item = QTableWidgetItem(f"{code}  ({code[0]} {code[1]} {code[2]})")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, 0, item)
            combo = QComboBox(objectName=f"segment_{code}")
            for name in rfm.SEGMENT_NAMES:
                combo.addItem(_segment_text(name), name)
            self.table.setCellWidget(row, 1, combo)
            self.combos[code] = combo
        self.error = QLabel(objectName="segmentError")
        self.error.setStyleSheet(theme.text_style("error"))
        self.error.setWordWrap(True)
        self.default_button = QPushButton(self.tr("Default mapping"), objectName="segmentDefaults")
        self.default_button.setToolTip(self.tr("Put every code back in its default segment (saved when you press "
                                               "Save)"))
        self.default_button.clicked.connect(lambda: self.show_mapping(rfm.default_segment_map()))
        self.save_button = QPushButton(self.tr("Save"), objectName="segmentSave")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton(self.tr("Cancel"), objectName="segmentCancel")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.default_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        try:
            with store.session() as session:
                mapping = segments.load_segment_map(session)
        except CrmError as exc:  # a damaged saved mapping: say so, start from the default
            self.error.setText(error_text(exc))
            mapping = rfm.default_segment_map()
        self.show_mapping(mapping)
        accessibility.name_controls(self)

    def show_mapping(self, mapping: dict[str, str]) -> None:
        for code, combo in self.combos.items():
            combo.setCurrentIndex(combo.findData(mapping[code]))

    def mapping(self) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for code, combo in self.combos.items():
            grouped.setdefault(combo.currentData(), []).append(code)
        return grouped

    def _filter(self, text: str) -> None:
        prefix = "".join(ch for ch in text if ch.isdigit())
        for row, code in enumerate(rfm.ALL_CODES):
            self.table.setRowHidden(row, not code.startswith(prefix))

    def save(self) -> None:
        try:
            require(self._store, Permission.SETTINGS)
            with self._store.session() as session:
                segments.save_segment_map(session, self.mapping())
        except CrmError as exc:
            self.error.setText(error_text(exc))
            return
        self.saved.emit()
        self.accept()
