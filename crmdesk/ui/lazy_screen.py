"""A navigation page whose real screen is built the first time it is shown.

The dashboard needs pandas and pyqtgraph (about a second of imports): the counter staff who never open it
should not wait for them at start-up.
"""

from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from crmdesk.store import Store


class DashboardPage(QWidget):
    """Holds :class:`crmdesk.ui.dashboard_screen.DashboardScreen` once shown; forwards its signals."""

    status_message = Signal(str)
    open_customers = Signal(str, object)
    open_card = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardPage")
        self._store = store
        self.screen: Any = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def build(self) -> Any:
        if self.screen is None:
            module = importlib.import_module("crmdesk.ui.dashboard_screen")
            self.screen = module.DashboardScreen(self._store, self)
            self.screen.status_message.connect(self.status_message)
            self.screen.open_customers.connect(self.open_customers)
            self.screen.open_card.connect(self.open_card)
            self._layout.addWidget(self.screen)
            self.screen.show()
        return self.screen

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        self.build()
        super().showEvent(event)
