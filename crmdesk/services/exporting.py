"""Exports to files a shop opens in Excel: CSV as UTF-8 with BOM (Excel reads Hangul right), or .xlsx.

Every file crmdesk writes for a person to open (these exports, analysis tables with --out, a customer's own
data, campaign recipient lists) goes through ONE writer here, :func:`write_file`: it refuses to write over a
database (store/overwrite.py), makes every text cell formula-safe, and writes to a temporary name moved into
place at the end, so a failed export never leaves a half-written file where the user expects a good one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import aliased

from crmdesk.access import Permission, require
from crmdesk.errors import CrmError
from crmdesk.models import Contact, Customer, Feedback, Staff
from crmdesk.models.base import now
from crmdesk.normalise import format_phone
from crmdesk.services import consent
from crmdesk.services import feedback as feedback_svc
from crmdesk.services.files_out import Sheet, audit_export, check_target, write_file
from crmdesk.services.files_out import write_columns as write_columns
from crmdesk.services.files_out import write_frame as write_frame
from crmdesk.services.files_out import write_table as write_table
from crmdesk.services.tablefiles import safe_text
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
# Each customer's current consent per marketing channel, from services/consent.py (so an audit sees what a
# campaign would see): (purpose, English header, Korean header), after the card's columns.
CONSENT_COLUMNS = (
    ("sms", "Consent SMS", "문자 수신 동의"),
    ("kakao", "Consent KakaoTalk", "카카오톡 수신 동의"),
    ("email", "Consent e-mail", "이메일 수신 동의"),
    ("phone", "Consent phone call", "전화 수신 동의"),
)


def exported(what: str) -> Callable[[Callable[..., int]], Callable[..., int]]:
    """Every export: refused unless the acting person may export (staff may not, by any path), and
    audited with the file and the row count once it is written."""
    def wrap(func: Callable[..., int]) -> Callable[..., int]:
        @functools.wraps(func)
        def run(store: Store, path: Path, *args: object, **kwargs: object) -> int:
            require(store, Permission.EXPORT)
            count = func(store, path, *args, **kwargs)
            audit_export(store, path, what, count)
            return count
        return run
    return wrap


def _safe_text(text: str) -> str:
    """No control characters and no formulas (see :func:`crmdesk.services.tablefiles.safe_text`)."""
    return safe_text(text)


def safe_cell(value: object) -> object:
    """Any cell as a file may hold it: text made formula-safe, everything else unchanged."""
    return safe_text(value) if isinstance(value, str) else value


def _cell(field: str, value: object) -> object:
    if value is None:
        return ""
    if field == "phone":
        return _safe_text(format_phone(value))
    if isinstance(value, str):
        return _safe_text(value)
    if isinstance(value, bool):
        return "Y" if value else "N"
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    return value


def _customer_rows(store: Store, include_archived: bool) -> Iterator[list[object]]:
    columns = [getattr(Customer, field) for field, _, _ in CUSTOMER_COLUMNS]
    stmt = select(*columns).order_by(Customer.id)
    if not include_archived:
        stmt = stmt.where(Customer.archived.is_(False))
    with store.session() as session:
        states = [consent.consent_states(session, purpose) for purpose, _, _ in CONSENT_COLUMNS]
        for row in session.execute(stmt.execution_options(yield_per=5000)):
            cells = [_cell(field, value) for (field, _, _), value in zip(CUSTOMER_COLUMNS, row, strict=True)]
            cid = row[0]
            cells += ["Y" if (s := state.get(cid)) is not None and s.granted else "N" for state in states]
            yield cells


@exported("customers")
def export_customers(store: Store, path: Path, *, include_archived: bool = False, headers: str = "en") -> int:
    """Write every (non-archived) customer card to ``path``; returns the number of customers written."""
    check_target(path, store.path)
    header = [ko if headers == "ko" else en for _, en, ko in (*CUSTOMER_COLUMNS, *CONSENT_COLUMNS)]
    return write_file(path, [Sheet("Customers" if headers == "en" else "고객",
                                   _customer_rows(store, include_archived), header)], live=store.path)


# --- Contact points and feedback ---------------------------------------------------------------------------
# Codes become words in the header language: (English, Korean). An unknown code is written as it is.
_CHANNEL_LABELS = {
    "visit": ("Store visit", "매장 방문"), "phone_in": ("Phone (in)", "전화 수신"),
    "phone_out": ("Phone (out)", "전화 발신"), "message": ("KakaoTalk/SMS", "카카오톡/문자"),
    "email": ("E-mail", "이메일"), "home_visit": ("Home/after-sales visit", "출장·A/S 방문"),
    "online": ("Online", "온라인"),
}
_PURPOSE_LABELS = {
    "purchase": ("Purchase", "구매"), "inquiry": ("Inquiry", "문의"), "after_sales": ("After-sales", "A/S"),
    "complaint": ("Complaint", "불만"), "follow_up": ("Follow-up", "후속 연락"), "promotion": ("Promotion", "홍보"),
}
_FOLLOW_UP_LABELS = {"done": ("Done", "완료"), "due": ("Due", "예정"), "overdue": ("Overdue", "기한 지남")}
_KIND_LABELS = {"complaint": ("Complaint", "불만"), "compliment": ("Compliment", "칭찬"),
                "suggestion": ("Suggestion", "제안"), "inquiry": ("Inquiry", "문의")}
_STATUS_LABELS = {"received": ("Received", "접수"), "in_progress": ("In progress", "처리 중"),
                  "resolved": ("Resolved", "해결"), "closed": ("Closed", "종결")}
_SEVERITY_LABELS = {"low": ("Low", "낮음"), "medium": ("Medium", "보통"), "high": ("High", "높음"),
                    "critical": ("Critical", "긴급")}
_RECOVERY_LABELS = {"apology": ("Apology", "사과"), "refund": ("Refund", "환불"), "coupon": ("Coupon", "쿠폰"),
                    "replacement": ("Replacement", "교환"), "repair": ("Repair", "수리"), "other": ("Other", "기타")}
_ANONYMOUS = ("(anonymous)", "(익명)")

# (field, English header, Korean header)
TOUCHPOINT_COLUMNS = (
    ("id", "ID", "번호"),
    ("occurred_at", "When", "일시"),
    ("customer_name", "Customer", "고객"),
    ("customer_phone", "Phone", "전화번호"),
    ("channel", "Channel", "채널"),
    ("purpose", "Purpose", "목적"),
    ("staff_name", "Staff", "직원"),
    ("note", "Note", "내용"),
    ("outcome", "Outcome", "결과"),
    ("follow_up_on", "Follow-up due", "후속 조치 예정일"),
    ("follow_up_state", "Follow-up", "후속 조치"),
    ("follow_up_done_at", "Follow-up done", "후속 조치 완료일시"),
    ("follow_up_staff", "Follow-up by", "후속 조치 직원"),
)
FEEDBACK_COLUMNS = (
    ("id", "ID", "번호"),
    ("received_at", "Received", "접수일시"),
    ("kind", "Kind", "유형"),
    ("channel", "Channel", "채널"),
    ("category", "Category", "분류"),
    ("severity", "Severity", "심각도"),
    ("status", "Status", "상태"),
    ("customer_name", "Customer", "고객"),
    ("customer_phone", "Phone", "전화번호"),
    ("description", "Description", "내용"),
    ("received_by", "Received by", "접수 직원"),
    ("assigned_to", "Assigned to", "담당 직원"),
    ("first_response_at", "First response", "첫 응대일시"),
    ("first_response_hours", "Hours to first response", "첫 응대까지(시간)"),
    ("resolved_at", "Resolved", "해결일시"),
    ("resolution_hours", "Hours to resolution", "해결까지(시간)"),
    ("closed_at", "Closed", "종결일시"),
    ("overdue", "Overdue", "기한 초과"),
    ("recovery_action", "Recovery", "회복 조치"),
    ("resolution_note", "Resolution", "처리 내용"),
)


def _label(labels: dict[str, tuple[str, str]], code: str | None, headers: str) -> str | None:
    if code is None or code not in labels:
        return code
    return labels[code][1 if headers == "ko" else 0]


def _day_range(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    """[start's midnight, the midnight after end): both days included."""
    if start and end and start > end:
        raise CrmError(f"Nothing to export: the period starts ({start}) after it ends ({end}).",
                       ko=f"내보낼 것이 없습니다: 기간의 시작({start})이 끝({end})보다 늦습니다.")
    return (datetime.combine(start, time.min) if start else None,
            datetime.combine(end + timedelta(days=1), time.min) if end else None)


def _write_export(path: Path, columns: tuple[tuple[str, str, str], ...], rows: Iterator[list[object]],
                  headers: str, sheet: tuple[str, str], live: Path | None) -> int:
    """Write a header and ``rows`` (cells in the order of ``columns``) to ``path`` through write_file."""
    header = [ko if headers == "ko" else en for _, en, ko in columns]
    return write_file(path, [Sheet(sheet[1] if headers == "ko" else sheet[0], rows, header)], live=live)


def _touchpoint_rows(store: Store, lo: datetime | None, hi: datetime | None, headers: str,
                     today: date) -> Iterator[list[object]]:
    staff, done, done_staff = aliased(Staff), aliased(Contact), aliased(Staff)
    stmt = (
        select(Contact.id, Contact.occurred_at, Customer.name, Customer.phone, Contact.channel, Contact.purpose,
               staff.name, Contact.note, Contact.outcome, Contact.follow_up_on, Contact.follow_up_done_at,
               done_staff.name)
        .join(Customer, Customer.id == Contact.customer_id)
        .outerjoin(staff, staff.id == Contact.staff_id)
        .outerjoin(done, done.id == Contact.follow_up_contact_id)
        .outerjoin(done_staff, done_staff.id == done.staff_id)
        .order_by(Contact.occurred_at, Contact.id)
    )
    if lo is not None:
        stmt = stmt.where(Contact.occurred_at >= lo)
    if hi is not None:
        stmt = stmt.where(Contact.occurred_at < hi)
    with store.session() as session:
        for (id_, at, name, phone, channel, purpose, staff_name, note, outcome, due, done_at,
             done_by) in session.execute(stmt.execution_options(yield_per=5000)):
            state = None
            if due is not None:
                state = "done" if done_at is not None else "overdue" if due < today else "due"
            values = {
                "id": id_, "occurred_at": at, "customer_name": name, "customer_phone": phone and format_phone(phone),
                "channel": _label(_CHANNEL_LABELS, channel, headers),
                "purpose": _label(_PURPOSE_LABELS, purpose, headers), "staff_name": staff_name, "note": note,
                "outcome": outcome, "follow_up_on": due, "follow_up_state": _label(_FOLLOW_UP_LABELS, state, headers),
                "follow_up_done_at": done_at, "follow_up_staff": done_by,
            }
            yield [_cell(field, values[field]) for field, _, _ in TOUCHPOINT_COLUMNS]


@exported("touchpoints")
def export_touchpoints(store: Store, path: Path, *, start: date | None = None, end: date | None = None,
                       headers: str = "en", today: date | None = None) -> int:
    """Write every contact (those on ``start`` .. ``end``, both included, when given) to ``path``, oldest
    first, with customer, staff and the follow-up's state on ``today`` (default: today). Returns the count."""
    check_target(path, store.path)
    lo, hi = _day_range(start, end)
    return _write_export(path, TOUCHPOINT_COLUMNS, _touchpoint_rows(store, lo, hi, headers, today or date.today()),
                         headers, ("Contacts", "고객 접점"), store.path)


def _feedback_rows(store: Store, lo: datetime | None, hi: datetime | None, headers: str,
                   clock: datetime) -> Iterator[list[object]]:
    assignee, taker = aliased(Staff), aliased(Staff)
    with store.session() as session:
        # The feedback list's own overdue rules and derived times, so the file says what the screen says.
        first_late, resolution_late = feedback_svc._late_clauses(feedback_svc.targets(session), clock)
        # Typed as a tuple of anything: select()'s overloads stop at ten columns, and matching these (many typed
        # ``X | None`` on the models) against them is more than mypy will try.
        columns: tuple[Any, ...] = (
            Feedback.id, Feedback.received_at, Feedback.kind, Feedback.channel, Feedback.category,
            Feedback.severity, Feedback.status, Feedback.description, Feedback.customer_id, Customer.name,
            Feedback.assigned_staff_id, assignee.name, Feedback.first_response_at, Feedback.resolved_at,
            Feedback.closed_at, Feedback.recovery_action, first_late, resolution_late, Customer.phone,
            taker.name, Feedback.resolution_note)
        stmt = (
            select(*columns)
            .outerjoin(Customer, Customer.id == Feedback.customer_id)
            .outerjoin(assignee, assignee.id == Feedback.assigned_staff_id)
            .outerjoin(taker, taker.id == Feedback.received_by_staff_id)
            .order_by(Feedback.received_at, Feedback.id)
        )
        if lo is not None:
            stmt = stmt.where(Feedback.received_at >= lo)
        if hi is not None:
            stmt = stmt.where(Feedback.received_at < hi)
        for row in session.execute(stmt.execution_options(yield_per=5000)):
            item = feedback_svc.FeedbackRow.from_row(row[:18])
            phone, received_by, resolution_note = row[18:]
            anonymous = item.customer_id is None
            values = {
                "id": item.id, "received_at": item.received_at, "kind": _label(_KIND_LABELS, item.kind, headers),
                "channel": _label(_CHANNEL_LABELS, item.channel, headers), "category": item.category,
                "severity": _label(_SEVERITY_LABELS, item.severity, headers),
                "status": _label(_STATUS_LABELS, item.status, headers),
                "customer_name": _ANONYMOUS[headers == "ko"] if anonymous else item.customer_name,
                "customer_phone": phone and format_phone(phone), "description": item.description,
                "received_by": received_by,
                "assigned_to": item.assigned_name, "first_response_at": item.first_response_at,
                "first_response_hours": item.first_response_hours, "resolved_at": item.resolved_at,
                "resolution_hours": item.resolution_hours, "closed_at": item.closed_at, "overdue": item.overdue,
                "recovery_action": _label(_RECOVERY_LABELS, item.recovery_action, headers),
                "resolution_note": resolution_note,
            }
            yield [_cell(field, values[field]) for field, _, _ in FEEDBACK_COLUMNS]


@exported("feedback")
def export_feedback(store: Store, path: Path, *, start: date | None = None, end: date | None = None,
                    headers: str = "en", at: datetime | None = None) -> int:
    """Write every feedback item (received on ``start`` .. ``end``, both included, when given) to ``path``,
    oldest first, with the first-response and resolution hours derived from its stamps and the overdue flag
    judged at ``at`` (default: now) against the shop's targets. Returns the count."""
    check_target(path, store.path)
    lo, hi = _day_range(start, end)
    return _write_export(path, FEEDBACK_COLUMNS, _feedback_rows(store, lo, hi, headers, at or now()), headers,
                         ("Feedback", "고객의 소리"), store.path)


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


def _stamp(value: str | datetime | None) -> str | datetime:
    """Date-time to the second; SQLite hands back its stored text, other databases a datetime."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value[:19]
    return value.replace(microsecond=0)


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
                stamp = stamp.isoformat(sep=" ")
            yield [
                _safe_text(receipt or ""), stamp, _safe_text(code or ""), _safe_text(name or ""),
                _safe_text(format_phone(phone)) if phone else "", _safe_text(email or ""),
                _safe_text(product or ""), _safe_text(category or ""),
                qty if line is not None else 1, amount if line is not None else total, _safe_text(staff or ""),
            ]


@exported("sales")
def export_sales(store: Store, path: Path | str, *, headers: str = "en", encoding: str = "utf-8-sig") -> int:
    """Write every purchase line (voided purchases left out) to ``path`` (.csv or .xlsx) in the columns the
    import reads; returns the number of rows. CSV is UTF-8 with BOM, or CP949 for older Korean software."""
    path = Path(path)
    check_target(path, store.path)
    encoding = {"utf-8": "utf-8-sig", "utf8": "utf-8-sig", "euc-kr": "cp949"}.get(encoding.lower(), encoding.lower())
    if encoding not in SALES_ENCODINGS:
        raise CrmError(f"Cannot write {encoding}: choose utf-8 (the default) or cp949.",
                       ko=f"인코딩 {encoding}(으)로는 쓸 수 없습니다: utf-8(기본값) 또는 cp949를 고르세요.")
    header = [ko if headers == "ko" else en for _, en, ko in SALES_COLUMNS]
    excel = path.suffix.lower() == ".xlsx"
    rows = _sales_rows(store, for_excel=excel)
    return write_file(path, [Sheet("Sales" if headers == "en" else "판매", rows, header)], live=store.path,
                      encoding=encoding)
