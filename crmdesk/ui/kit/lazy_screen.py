"""Navigation pages whose real screen is built the first time they are shown (or used).

The dashboard needs pandas and pyqtgraph (about a second of imports), the reports Qt's print support, and
every other screen costs its imports and widgets too: the window opens on the customer list alone, and the
counter staff who never open the other screens do not wait for them at start-up.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from crmdesk.store import Store
from crmdesk.ui.kit import accessibility


class LazyPage(QWidget):
    """Holds the screen ``SCREEN`` ("module:Class", built with the store) once shown; forwards its
    status messages, and what ``_connect`` and ``on_build`` add.

    ``screen`` and ``on_build`` (called with the new screen) let one class serve every page: the window
    wires each screen's signals in ``on_build``, so nothing needs the screen before it exists."""

    SCREEN = ""
    status_message = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None, *, screen: str = "",
                 on_build: Callable[[Any], None] | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._spec = screen or self.SCREEN
        self._on_build = on_build
        self.screen: Any = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self.screen is not None

    def build(self) -> Any:
        if self.screen is None:
            module, name = self._spec.split(":")
            self.screen = getattr(importlib.import_module(module), name)(self._store, self)
            self.screen.status_message.connect(self.status_message)
            self._connect(self.screen)
            if self._on_build is not None:
                self._on_build(self.screen)
            self._layout.addWidget(self.screen)
            self.screen.show()
            accessibility.name_controls(self.screen)
            self._layout.activate()  # laid out now, not at the next event: a click may follow at once
        return self.screen

    def _connect(self, screen: Any) -> None:
        """Forward the screen's own signals (none beyond status messages by default)."""

    def showEvent(self, event) -> None:  # noqa: N802
        self.build()
        super().showEvent(event)


class DashboardPage(LazyPage):
    """Holds :class:`crmdesk.ui.dashboard.dashboard_screen.DashboardScreen` once shown; forwards its signals."""

    SCREEN = "crmdesk.ui.dashboard.dashboard_screen:DashboardScreen"
    open_customers = Signal(str, object)
    open_card = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.setObjectName("dashboardPage")

    def _connect(self, screen: Any) -> None:
        screen.open_customers.connect(self.open_customers)
        screen.open_card.connect(self.open_card)
