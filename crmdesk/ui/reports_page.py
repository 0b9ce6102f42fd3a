"""The Reports navigation page: the real screen (Qt print support, pandas through the analytics) is built the
first time the page is shown, so the window starts without them, as the dashboard's page does."""

from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from crmdesk.store import Store


class ReportsPage(QWidget):
    """Holds :class:`crmdesk.ui.reports_screen.ReportsScreen` once shown; forwards its status messages."""

    status_message = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsPage")
        self._store = store
        self.screen: Any = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def build(self) -> Any:
        if self.screen is None:
            module = importlib.import_module("crmdesk.ui.reports_screen")
            self.screen = module.ReportsScreen(self._store, self)
            self.screen.status_message.connect(self.status_message)
            self._layout.addWidget(self.screen)
            self.screen.show()
        return self.screen

    @property
    def panel(self) -> Any:
        return self.build().panel

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        self.build()
        super().showEvent(event)
