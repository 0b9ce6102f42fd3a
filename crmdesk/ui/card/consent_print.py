"""Saving the printable consent form (issue 17) from the card and from Settings."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from crmdesk.errors import CrmError
from crmdesk.store import Store
from crmdesk.ui.kit import dialogs
from crmdesk.ui.kit.i18n import error_text


def save_consent_form(parent: QWidget, store: Store, customer_id: int | None, suggested: str) -> str | None:
    """Ask where, write the A4 consent form in the window's language; returns the path written (None: cancelled)."""
    from crmdesk.ui.kit import i18n

    title = QCoreApplication.translate("ConsentPrint", "Save the consent form")
    path = dialogs.choose_pdf_file(parent, title, suggested)
    if not path:
        return None
    from crmdesk.reports.consent_form import form_for
    from crmdesk.reports.render import write_pdf

    lang = i18n.effective_language()
    try:
        write_pdf(form_for(store, customer_id, lang), path)
    except (CrmError, OSError) as exc:
        dialogs.warn(parent, QCoreApplication.translate("ConsentPrint", "Consent form not saved"), error_text(exc))
        return None
    return path
