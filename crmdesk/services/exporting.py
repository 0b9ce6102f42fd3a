"""Exports to files a shop opens in Excel: CSV as UTF-8 with BOM (Excel reads Hangul right), or .xlsx.

The file is written to a temporary name and moved into place at the end, so a failed export never
leaves a half-written file where the user expects a good one.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select

from crmdesk.errors import CrmError
from crmdesk.models import Customer
from crmdesk.normalise import format_phone, strip_control
from crmdesk.store import Store

# (field, English header, Korean header)
CUSTOMER_COLUMNS = (
    ("id", "ID", "번호"),
    ("customer_code", "Customer code", "고객코드"),
    ("name", "Name", "이름"),
    ("phone", "Phone", "전화번호"),
    ("email", "E-mail", "이메일"),
    ("birthday", "Birthday", "생일"),
    ("birthday_lunar", "Lunar birthday", "음력"),
    ("gender", "Gender", "성별"),
    ("address", "Address", "주소"),
    ("tags", "Tags", "태그"),
    ("first_seen", "First seen", "첫 방문일"),
    ("acquired_via", "Came via", "유입 경로"),
    ("marketing_consent", "Marketing consent", "마케팅 수신 동의"),
    ("marketing_consent_at", "Consent changed", "동의 변경일시"),
    ("visit_count", "Visits", "방문 횟수"),
    ("total_spent", "Total spent", "총 구매액"),
    ("last_purchase_at", "Last purchase", "최근 구매일시"),
    ("archived", "Archived", "보관됨"),
    ("memo", "Memo", "메모"),
)
SUPPORTED = (".csv", ".xlsx")


def _safe_text(text: str) -> str:
    """No control characters (openpyxl refuses them) and no formulas: a cell typed as =HYPERLINK(...)
    in a memo must not become a live formula in the owner's Excel."""
    text = strip_control(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _cell(field: str, value: object) -> object:
    if value is None:
        return ""
    if field == "phone":
        return _safe_text(format_phone(value))  # type: ignore[arg-type]
    if isinstance(value, str):
        return _safe_text(value)
    if isinstance(value, bool):
        return "Y" if value else "N"
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()  # type: ignore[call-arg]
    return value


def _customer_rows(store: Store, include_archived: bool) -> Iterator[list[object]]:
    columns = [getattr(Customer, field) for field, _, _ in CUSTOMER_COLUMNS]
    stmt = select(*columns).order_by(Customer.id)
    if not include_archived:
        stmt = stmt.where(Customer.archived.is_(False))
    with store.session() as session:
        for row in session.execute(stmt.execution_options(yield_per=5000)):
            yield [_cell(field, value) for (field, _, _), value in zip(CUSTOMER_COLUMNS, row, strict=True)]


def export_customers(store: Store, path: Path, *, include_archived: bool = False, headers: str = "en") -> int:
    """Write every (non-archived) customer card to ``path``; returns the number of customers written."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise CrmError(f"Cannot export to {path.name}: choose a file ending in .csv or .xlsx.")
    if not path.parent.exists():
        raise CrmError(f"Cannot export to {path}: the folder {path.parent} does not exist.")
    header = [ko if headers == "ko" else en for _, en, ko in CUSTOMER_COLUMNS]
    tmp = path.with_name(f".{path.name}.part")
    count = 0
    try:
        if suffix == ".csv":
            with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(header)
                for row in _customer_rows(store, include_archived):
                    writer.writerow(row)
                    count += 1
        else:
            from openpyxl import Workbook

            book = Workbook(write_only=True)
            sheet = book.create_sheet("Customers" if headers == "en" else "고객")
            sheet.append(header)
            for row in _customer_rows(store, include_archived):
                sheet.append(row)
                count += 1
            book.save(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return count
