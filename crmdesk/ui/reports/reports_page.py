"""The Reports navigation page: the real screen (Qt print support, pandas through the analytics) is built the
first time the page is shown, so the window starts without them, as the dashboard's page does."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from crmdesk.store import Store
from crmdesk.ui.kit.lazy_screen import LazyPage


class ReportsPage(LazyPage):
    """Holds :class:`crmdesk.ui.reports.reports_screen.ReportsScreen` once shown; forwards its status messages."""

    SCREEN = "crmdesk.ui.reports.reports_screen:ReportsScreen"

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.setObjectName("reportsPage")

    @property
    def panel(self) -> Any:
        return self.build().panel
