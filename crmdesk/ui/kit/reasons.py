"""The window's line for the reason of an export of personal data (issue 17): asked once sign-in is on (then
required, as on the command line's --reason), kept in the export's audit entry (services/export_reason.py)."""

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
NONE_GIVEN = QT_TRANSLATE_NOOP("ExportReason", "Nothing was exported: give a reason.")


def _t(text: str) -> str:
    return QCoreApplication.translate("ExportReason", text)


def ask_export_reason(parent: QWidget | None, store: Store) -> str | None:
    """The reason typed ("" when none is asked: sign-in is off), or None when the user cancels or gives none."""
    with store.session() as session:
        if not access_log.reason_required(session):
            return ""
    text = dialogs.ask_text(parent, _t(TITLE), _t(ASK))
    if text is None or not text.strip():
        if text is not None:
            dialogs.inform(parent, _t(TITLE), _t(NONE_GIVEN))
        return None
    return text.strip()


def with_reason(reason: str, work: Callable[[], T]) -> T:
    """Run ``work`` with the reason set (also inside a background job's thread, which starts a fresh context)."""
    with access_log.export_reason(reason):
        return work()
