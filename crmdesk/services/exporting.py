"""Exports to files a shop opens in Excel: CSV as UTF-8 with BOM (Excel reads Hangul right), or .xlsx.

The file is written to a temporary name and moved into place at the end, so a failed export never
leaves a half-written file where the user expects a good one.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from sqlalchemy import select, text

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


# (field, English header, Korean header): the import's own field names and Korean headers, so an export of
# sales imports back unchanged (crmdesk.importing.mapping suggests both).
SALES_COLUMNS = (
    ("receipt_id", "receipt_id", "영수증번호"),
    ("date", "date", "거래일시"),
    ("customer_code", "customer_code", "고객번호"),
    ("name", "name", "이름"),
    ("phone", "phone", "전화번호"),
    ("email", "email", "이메일"),
    ("product", "product", "상품명"),
    ("category", "category", "분류"),
    ("quantity", "quantity", "수량"),
    ("amount", "amount", "금액"),
    ("staff", "staff", "담당자"),
)
SALES_ENCODINGS = ("utf-8-sig", "cp949")

_SALES_QUERY = text(
    "SELECT p.receipt_no, p.purchased_at, c.customer_code, c.name, c.phone, c.email, l.product, l.category, "
    "l.quantity, l.amount, p.total, s.name, l.id "
    "FROM purchase p LEFT JOIN purchase_line l ON l.purchase_id = p.id "
    "LEFT JOIN customer c ON c.id = p.customer_id LEFT JOIN staff s ON s.id = p.staff_id "
    "WHERE p.voided_at IS NULL ORDER BY p.purchased_at, p.id, l.id")


def _stamp(value: object) -> object:
    """Date-time to the second; SQLite hands back its stored text, other databases a datetime."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value[:19]
    return value.replace(microsecond=0)  # type: ignore[attr-defined]


def _sales_rows(store: Store, for_excel: bool) -> Iterator[list[object]]:
    """One row per purchase line (a purchase without lines: one row with its total), oldest first; voided
    purchases are left out, as they count nowhere."""
    with store.engine.connect() as conn:
        result = conn.execution_options(yield_per=10_000).execute(_SALES_QUERY)
        for receipt, when, code, name, phone, email, product, category, qty, amount, total, staff, line in result:
            stamp = _stamp(when)
            if for_excel and isinstance(stamp, str) and stamp:
                stamp = datetime.fromisoformat(stamp)
            elif not for_excel and not isinstance(stamp, str):
                stamp = stamp.isoformat(sep=" ")  # type: ignore[attr-defined]
            yield [
                _safe_text(receipt or ""), stamp, _safe_text(code or ""), _safe_text(name or ""),
                _safe_text(format_phone(phone)) if phone else "", _safe_text(email or ""),
                _safe_text(product or ""), _safe_text(category or ""),
                qty if line is not None else 1, amount if line is not None else total, _safe_text(staff or ""),
            ]


def export_sales(store: Store, path: Path, *, headers: str = "en", encoding: str = "utf-8-sig") -> int:
    """Write every purchase line (voided purchases left out) to ``path`` (.csv or .xlsx) in the columns the
    import reads; returns the number of rows. CSV is UTF-8 with BOM, or CP949 for older Korean software."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise CrmError(f"Cannot export to {path.name}: choose a file ending in .csv or .xlsx.")
    if not path.parent.exists():
        raise CrmError(f"Cannot export to {path}: the folder {path.parent} does not exist.")
    encoding = {"utf-8": "utf-8-sig", "utf8": "utf-8-sig", "euc-kr": "cp949"}.get(encoding.lower(), encoding.lower())
    if encoding not in SALES_ENCODINGS:
        raise CrmError(f"Cannot write {encoding}: choose utf-8 (the default) or cp949.")
    header = [ko if headers == "ko" else en for _, en, ko in SALES_COLUMNS]
    tmp = path.with_name(f".{path.name}.part")
    count = 0
    try:
        if suffix == ".csv":
            with tmp.open("w", encoding=encoding, newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(header)
                for row in _sales_rows(store, for_excel=False):
                    try:
                        writer.writerow(row)
                    except UnicodeEncodeError as exc:
                        raise CrmError(
                            f"Row {count + 2} holds {exc.object[exc.start:exc.end]!r}, which {encoding} cannot "
                            "write; export as UTF-8 (the default) or .xlsx instead.") from exc
                    count += 1
        else:
            from openpyxl import Workbook

            book = Workbook(write_only=True)
            sheet = book.create_sheet("Sales" if headers == "en" else "판매")
            sheet.append(header)
            for row in _sales_rows(store, for_excel=True):
                sheet.append(row)
                count += 1
            book.save(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return count
