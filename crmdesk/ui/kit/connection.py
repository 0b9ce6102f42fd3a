"""When the database server cannot be reached (stopped, network down) while the window saves: say so plainly,
keep what was typed, offer to try again. Every save is one transaction, so nothing was half-written.

- ``retrying``: a save (or the read it needs first) asks to try again until it works or the user stops;
- ``or_else``: a lookup while typing (the matches under a search box, "this phone is taken") answers nothing
  instead of failing, and the dialog tells the user once; the save then asks as above.
Only a server out of reach is caught: an SQLite file's errors go on as before."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget
from sqlalchemy.exc import OperationalError

from crmdesk.store import Store
from crmdesk.ui.kit import dialogs

T = TypeVar("T")


CTX = "connection"
# Marked with their context for lupdate (a plain ``tr("...")`` here would be catalogued under no context, and
# QCoreApplication.translate(CTX, ...) would never find the Korean).
NOT_SAVED = QT_TRANSLATE_NOOP("connection", "Not saved: the database server cannot be reached.")
TITLE = QT_TRANSLATE_NOOP("connection", "Database server not reachable")
QUESTION = QT_TRANSLATE_NOOP("connection", "The database server cannot be reached (%1): %2\n\nNothing of this was "
                             "saved, and what you typed is still here. Try again?")
LOOKUP = QT_TRANSLATE_NOOP("connection", "The database server cannot be reached: nothing can be looked up or saved "
                           "until it is back. What you type stays here.")


def tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


def unreachable(store: Store, exc: BaseException) -> bool:
    """Whether ``exc`` says the server of ``store`` cannot be reached (an SQLite file is never "unreachable")."""
    return isinstance(exc, OperationalError) and store.path is None


def not_saved_text() -> str:
    """The line a dialog shows when the user stopped trying: nothing was saved, and why."""
    return tr(NOT_SAVED)


def retrying(parent: QWidget, store: Store, attempt: Callable[[], T]) -> tuple[bool, T | None]:
    """``attempt()`` until it succeeds or the user stops trying: (True, its result) or (False, None). Only a server
    that cannot be reached is caught (an SQLite file's errors go on as before)."""
    while True:
        try:
            return True, attempt()
        except OperationalError as exc:
            if not unreachable(store, exc):
                raise
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            question = tr(QUESTION).replace("%1", store.shown).replace("%2", reason)
            if not dialogs.confirm(parent, tr(TITLE), question):
                return False, None


def or_else(store: Store, read: Callable[[], T], fallback: T, notice: QLabel | None = None) -> T:
    """``read()``, or ``fallback`` when the server cannot be reached; ``notice`` (a dialog's message line) then
    says so, without a box that would interrupt the typing."""
    try:
        return read()
    except OperationalError as exc:
        if not unreachable(store, exc):
            raise
        if notice is not None:
            notice.setText(tr(LOOKUP))
            notice.show()
        return fallback
