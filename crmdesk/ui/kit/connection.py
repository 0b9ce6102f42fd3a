"""When the database server cannot be reached (stopped, network down) while the window saves: say so plainly,
keep what was typed, offer to try again. Every save is one transaction, so nothing was half-written."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget
from sqlalchemy.exc import OperationalError

from crmdesk.store import Store
from crmdesk.ui.kit import dialogs

T = TypeVar("T")


def tr(text: str) -> str:
    return QCoreApplication.translate("connection", text)


def retrying(parent: QWidget, store: Store, attempt: Callable[[], T]) -> tuple[bool, T | None]:
    """``attempt()`` until it succeeds or the user stops trying: (True, its result) or (False, None). Only a server
    that cannot be reached is caught (an SQLite file's errors go on as before)."""
    while True:
        try:
            return True, attempt()
        except OperationalError as exc:
            if store.path is not None:
                raise
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            question = tr("The database server cannot be reached (%1): %2\n\nNothing of this was saved, and what you "
                          "typed is still here. Try again?").replace("%1", store.shown).replace("%2", reason)
            if not dialogs.confirm(parent, tr("Database server not reachable"), question):
                return False, None
