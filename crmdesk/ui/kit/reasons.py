"""The window's line for the reason of an export of personal data (issue 17): asked on every export, kept in the
export's audit entry (services/export_reason.py). Once sign-in is on a reason is required (as the command line's
--reason); while it is off an empty answer is allowed. Cancel cancels the export either way."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

from crmdesk.services import access_log
from crmdesk.store import Store
from crmdesk.ui.kit import dialogs

T = TypeVar("T")
TITLE = QT_TRANSLATE_NOOP("ExportReason", "Reason for the export")
ASK = QT_TRANSLATE_NOOP("ExportReason", "Why does this personal data leave the shop? One line, kept in the audit log.")
ASK_OPTIONAL = QT_TRANSLATE_NOOP("ExportReason", "Why does this personal data leave the shop? One line, kept in the "
                                                 "audit log (may stay empty while sign-in is off).")
NONE_GIVEN = QT_TRANSLATE_NOOP("ExportReason", "Nothing was exported: give a reason.")
TOO_LONG = QT_TRANSLATE_NOOP("ExportReason", "Nothing was exported: the reason has at most {n} characters (one "
                                             "line).")


def _t(text: str) -> str:
    return QCoreApplication.translate("ExportReason", text)


def ask_export_reason(parent: QWidget | None, store: Store) -> str | None:
    """The reason typed ("" allowed while sign-in is off), or None when the user cancels (nothing is exported
    then) or gives none although sign-in is on."""
    with store.session() as session:
        required = access_log.reason_required(session)
    text = dialogs.ask_text(parent, _t(TITLE), _t(ASK if required else ASK_OPTIONAL))
    if text is None:
        return None
    reason = " ".join(text.split())
    if len(reason) > access_log.MAX_REASON:
        dialogs.inform(parent, _t(TITLE), _t(TOO_LONG).format(n=access_log.MAX_REASON))
        return None
    if required and not reason:
        dialogs.inform(parent, _t(TITLE), _t(NONE_GIVEN))
        return None
    return reason


def with_reason(reason: str, work: Callable[[], T]) -> T:
    """Run ``work`` with the reason set (also inside a background job's thread, which starts a fresh context)."""
    with access_log.export_reason(reason):
        return work()
