"""`crmdesk export ratings`: every touchpoint rating to a file a person opens (through exporting.write_file).

NPS answers are not touchpoint ratings and are not in it. An anonymous rating says so in the customer column."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy.orm import aliased
from sqlmodel import col, select

from crmdesk.errors import CrmError
from crmdesk.models import Customer, Moment, Rating, Staff
from crmdesk.services.exporting import Sheet, exported, write_file
from crmdesk.store import Store

# (field, English header, Korean header)
RATING_COLUMNS = (
    ("rated_at", "When", "일시"), ("touchpoint", "Touchpoint", "접점"), ("score", "Score", "점수"),
    ("customer", "Customer", "고객"), ("staff", "Staff", "직원"), ("source", "Source", "출처"),
    ("note", "Note", "메모"),
)
_SOURCES = {"staff": ("staff", "직원 입력"), "survey": ("survey", "고객 설문")}
_ANONYMOUS = ("anonymous", "익명")


def _rows(store: Store, lo: datetime | None, hi: datetime | None, ko: bool) -> Iterator[list[object]]:
    staff = aliased(Staff)
    stmt = (select(Rating.rated_at, Moment.name_en, Moment.name_ko, Rating.score, Customer.name, staff.name,
                   Rating.source, Rating.note)
            .join(Moment, col(Moment.id) == Rating.moment_id)
            .outerjoin(Customer, col(Customer.id) == Rating.customer_id)
            .outerjoin(staff, col(staff.id) == Rating.staff_id)
            .order_by(col(Rating.rated_at), col(Rating.id)))
    if lo is not None:
        stmt = stmt.where(Rating.rated_at >= lo)
    if hi is not None:
        stmt = stmt.where(Rating.rated_at < hi)
    with store.session() as session:
        for at, en, kor, score, customer, staff_name, source, note in session.execute(stmt):
            yield [at.isoformat(sep=" ", timespec="minutes"), kor if ko else en, score,
                   customer or _ANONYMOUS[ko], _staff_column(staff_name, source),
                   _SOURCES.get(source, (source, source))[ko], note or ""]


def _staff_column(staff_name: str | None, source: str) -> str:
    """The staff member who rated (source "staff"); a customer's survey answer names nobody, even one stored by an
    older version with whoever was signed in at the survey's terminal."""
    return staff_name or "" if source == "staff" else ""


@exported("ratings")
def export_ratings(store: Store, path: Path, *, start: date | None = None, end: date | None = None,
                   headers: str = "en") -> int:
    """Write every touchpoint rating (on ``start`` .. ``end``, both included, when given), oldest first."""
    if start and end and start > end:
        raise CrmError(f"Nothing to export: the period starts ({start}) after it ends ({end}).",
                       ko=f"내보낼 것이 없습니다: 기간의 시작({start})이 끝({end})보다 늦습니다.")
    lo = datetime.combine(start, time.min) if start else None
    hi = datetime.combine(end + timedelta(days=1), time.min) if end else None
    ko = headers == "ko"
    header = [k if ko else e for _, e, k in RATING_COLUMNS]
    return write_file(path, [Sheet("평가" if ko else "Ratings", _rows(store, lo, hi, ko), header)], live=store.path)
