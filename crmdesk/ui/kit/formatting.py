"""How values look in the window, following the window's language."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QLocale

from crmdesk.access import OWNER, actor_of
from crmdesk.normalise import format_phone, mask_phone


def money(amount: int | float | None) -> str:
    """Whole won: a float sum (numpy's) prints ₩27,825,900, never ₩27,825,900.0."""
    if amount is None:
        return ""
    amount = round(amount)
    if QLocale().language() == QLocale.Language.Korean:
        return f"{amount:,}원"
    return f"₩{amount:,}"


def day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return value.isoformat()[:10]  # as strftime("%Y-%m-%d"), several times faster for list cells


def moment(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def masks_phones(store: object) -> bool:
    """Staff see 010-****-5678 in lists; the full number only on the card they opened (issue 8)."""
    return actor_of(store).role != OWNER


def list_phone(store: object, digits: str | None) -> str:
    return mask_phone(digits) if masks_phones(store) else format_phone(digits)
