"""Privacy rights: one customer's data as a readable file, erasure, and the retention review.

Export: an .xlsx workbook, one sheet per kind (card, purchases, contacts, feedback, consent history, and, from
services/privacy_more.py, ratings, recommend answers, points, coupons, family, referrals), because
it is what a customer or a shop owner opens without help (Excel, LibreOffice, Hancom) and Hangul is safe in
it; openpyxl is already crmdesk's spreadsheet library. A path ending in .json gets the same content as one
JSON document, for machines.

Erase: the card keeps its id and becomes anonymous and archived, so its purchases still count in the shop's
totals and analytics (as an anonymous customer); every personal field is cleared, free text written about the
customer (contact notes, feedback texts, merge snapshots, audit details) is blanked, and consent is withdrawn
in the ledger. Irreversible; audited without the erased values.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, event, func, select, text, update
from sqlmodel import Session

from crmdesk.access import Permission, require
from crmdesk.errors import CrmError, NotFound
from crmdesk.models import (
    BirthdayCoupon,
    Contact,
    Customer,
    CustomerMerge,
    Feedback,
    FeedbackEvent,
    Household,
    HouseholdMember,
    PointsEntry,
    Purchase,
    PurchaseLine,
    Rating,
    Staff,
)
from crmdesk.models.base import now
from crmdesk.models.customer import refresh_derived
from crmdesk.models.privacy import ConsentMethod
from crmdesk.normalise import format_phone
from crmdesk.services import audit, consent, privacy_more
from crmdesk.services import settings as settings_svc
from crmdesk.services.exporting import Sheet, write_file
from crmdesk.store.overwrite import refuse_database_target

RETENTION_KEY = "retention_years"
DEFAULT_RETENTION_YEARS = 3
MIN_YEARS, MAX_YEARS = 1, 50
ERASED_NAME = "(erased #{id})"
PERSONAL_FIELDS = ("phone", "phone_last4", "email", "birthday", "gender", "address", "memo", "customer_code",
                   "acquired_via")


# --- export -------------------------------------------------------------------------------------------------
def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _card(c: Customer) -> dict[str, Any]:
    return {
        "id": c.id, "name": c.name, "phone": format_phone(c.phone) if c.phone else None, "email": c.email,
        "birthday": c.birthday, "birthday_lunar": c.birthday_lunar, "gender": c.gender, "address": c.address,
        "tags": c.tags, "memo": c.memo, "customer_code": c.customer_code, "first_seen": c.first_seen,
        "acquired_via": c.acquired_via, "created_at": c.created_at, "updated_at": c.updated_at,
        "visits": c.visit_count, "total_spent": c.total_spent, "last_purchase_at": c.last_purchase_at,
        "archived": c.archived, "erased_at": c.erased_at,
    }


def customer_data(session: Session, customer_id: int) -> dict[str, list[dict[str, Any]]]:
    """Everything the shop holds about one customer, as tables (section -> rows of field -> value)."""
    c = session.get(Customer, customer_id)
    if c is None:
        raise NotFound.of("Customer", customer_id)
    # Cards merged into this one (directly or not) are the same person: their cards and their consent history
    # (which stays on the card it was given on) belong in the answer; their purchases and contacts moved here.
    merged = [session.get(Customer, cid) for cid in merged_tree(session, customer_id)]
    card = _card(c)
    purchases = []
    rows = session.execute(
        select(Purchase.id, Purchase.purchased_at, Purchase.receipt_no, Purchase.total, Purchase.voided_at,
               PurchaseLine.product, PurchaseLine.quantity, PurchaseLine.unit_price, PurchaseLine.amount)
        .join(PurchaseLine, PurchaseLine.purchase_id == Purchase.id, isouter=True)
        .where(Purchase.customer_id == customer_id).order_by(Purchase.purchased_at, Purchase.id, PurchaseLine.id))
    for r in rows:
        purchases.append({"purchase": r.id, "when": r.purchased_at, "receipt": r.receipt_no, "product": r.product,
                          "quantity": r.quantity, "unit_price": r.unit_price, "amount": r.amount,
                          "purchase_total": r.total, "voided": r.voided_at})
    contacts = [{"when": k.occurred_at, "channel": k.channel, "purpose": k.purpose, "note": k.note,
                 "outcome": k.outcome, "staff": name}
                for k, name in session.execute(
                    select(Contact, Staff.name).outerjoin(Staff, Staff.id == Contact.staff_id)
                    .where(Contact.customer_id == customer_id).order_by(Contact.occurred_at, Contact.id))]
    feedback = [{"received": f.received_at, "kind": f.kind, "channel": f.channel, "category": f.category,
                 "description": f.description, "status": f.status, "resolution": f.resolution_note}
                for f in session.execute(select(Feedback).where(Feedback.customer_id == customer_id)
                                         .order_by(Feedback.received_at, Feedback.id)).scalars()]
    history = [{"when": h.at, "purpose": h.purpose.value, "granted": h.granted, "method": h.method,
                "staff": h.staff_name, "recorded": h.recorded_at, "card": card_id}
               for card_id in [customer_id, *(m.id for m in merged)]
               for h in reversed(consent.consent_history(session, card_id))]
    sections = {"card": [card], "purchases": purchases, "contacts": contacts, "feedback": feedback,
                "consent": history, **privacy_more.more_sections(session, customer_id)}
    if merged:
        sections["merged"] = [{**_card(m), "merged_into": m.merged_into_id} for m in merged]
    return {name: [{k: _value(v) for k, v in row.items()} for row in rows] for name, rows in sections.items()}


SHEETS = {"card": ("Card", "고객 카드"), "purchases": ("Purchases", "구매"), "contacts": ("Contacts", "접점"),
          "feedback": ("Feedback", "피드백"), "consent": ("Consent history", "동의 이력"),
          "merged": ("Merged cards", "병합된 카드"), **privacy_more.SHEETS}


def export_customer(store: Any, customer_id: int, path: str | Path, *, language: str = "en") -> Path:
    """Write one customer's data to ``path`` (.xlsx, or .json); owner only; audited."""
    require(store, Permission.EXPORT)
    path = Path(path).expanduser()
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".json"):
        raise CrmError(f"Cannot write {path.name}: choose a file ending in .xlsx (readable) or .json.",
                       ko=f"파일 {path.name}에 쓸 수 없습니다: 이름이 .xlsx(읽기용) 또는 .json으로 끝나는 파일을 "
                          "고르세요.")
    if not path.parent.exists():
        raise CrmError(f"Cannot write {path}: the folder {path.parent} does not exist.",
                       ko=f"파일 {path}에 쓸 수 없습니다: {path.parent} 폴더가 없습니다.")
    refuse_database_target(path, live=getattr(store, "path", None))
    tmp = path.with_name(f".{path.name}.part")
    placed = False
    try:  # read, write, log and put in place in one unit of work: no file the audit log does not show
        with store.session() as session:
            data = customer_data(session, customer_id)
            if suffix == ".json":
                tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
                os.replace(tmp, path)
            else:  # the one formula-safe writer of files for a person to open
                write_file(path, _workbook_sheets(data, language), live=getattr(store, "path", None),
                           suffixes=(".xlsx",))
            placed = True
            audit.record(session, "export", customer_id, {"what": "customer data", "file": str(path)})
    except BaseException:
        if placed:
            path.unlink(missing_ok=True)
        raise
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _workbook_sheets(data: dict[str, list[dict[str, Any]]], language: str) -> list[Sheet]:
    sheets = []
    for key, rows in data.items():
        title = SHEETS[key][1 if language == "ko" else 0]
        if key == "card":  # one record: field / value down the page reads better than one wide row
            sheets.append(Sheet(title, [[field, value] for field, value in rows[0].items()], widths=(18, 40)))
            continue
        if not rows:
            sheets.append(Sheet(title, [["—"]]))
            continue
        header = list(rows[0])
        widths = [min(60, max(8, max([len(str(name))] + [len(str(r[name] or "")) for r in rows[:200]]) + 2))
                  for name in header]
        sheets.append(Sheet(title, [[row[h] for h in header] for row in rows], header, widths))
    return sheets


def merged_tree(session: Session, customer_id: int) -> list[int]:
    """Every card merged into this one, directly or through another merge (A into B, B into C): the same
    person. Erased cards are left out."""
    found: list[int] = []
    frontier = [customer_id]
    while frontier:
        frontier = [cid for cid in session.execute(select(Customer.id).where(
            Customer.merged_into_id.in_(frontier), Customer.erased_at.is_(None))).scalars() if cid not in found]
        found += frontier
    return found


# --- erasure ------------------------------------------------------------------------------------------------
def _erase_card(session: Session, customer: Customer, stamp: datetime) -> None:
    cid = customer.id
    assert cid is not None  # a stored card
    for purpose in consent.Purpose:
        state = consent.consent_states(session, purpose, [cid]).get(cid)
        if state is None or state.granted:
            consent.record_consent(session, cid, purpose, False, method=ConsentMethod.ERASURE)
    customer.name = ERASED_NAME.format(id=cid)
    for field in PERSONAL_FIELDS:
        setattr(customer, field, None)
    customer.tags, customer.birthday_lunar = "", False
    customer.marketing_consent = False
    customer.archived, customer.archived_at = True, customer.archived_at or stamp
    customer.erased_at = customer.updated_at = stamp
    refresh_derived(customer)  # an erased card: no phone digits, no search text
    session.add(customer)
    session.execute(update(Contact).where(Contact.customer_id == cid).values(note="", outcome="")
                    .execution_options(synchronize_session=False))
    session.execute(update(Rating).where(Rating.customer_id == cid).values(note="")  # their words about a visit
                    .execution_options(synchronize_session=False))
    feedback_ids = list(session.execute(select(Feedback.id).where(Feedback.customer_id == cid)).scalars())
    if feedback_ids:
        session.execute(update(Feedback).where(Feedback.id.in_(feedback_ids))
                        .values(description="", resolution_note="").execution_options(synchronize_session=False))
        session.execute(update(FeedbackEvent).where(FeedbackEvent.feedback_id.in_(feedback_ids)).values(note="")
                        .execution_options(synchronize_session=False))
    # Free text typed about the customer's purchases and points ("최유리 010-7777-4321 환불 요청"): blanked; the
    # void itself and the points stay, so totals and balances do not move. The birthday a coupon was for is the
    # erased birthday.
    session.execute(update(Purchase).where(Purchase.customer_id == cid, Purchase.void_reason.is_not(None))
                    .values(void_reason="").execution_options(synchronize_session=False))
    # The import's fingerprint of the rows these purchases came from was made of the customer's phone, name and
    # e-mail: it goes too (keyed or not, it is a trace of the person).
    session.execute(update(Purchase).where(Purchase.customer_id == cid, Purchase.source_key.is_not(None))
                    .values(source_key=None).execution_options(synchronize_session=False))
    session.execute(update(PointsEntry).where(PointsEntry.customer_id == cid, PointsEntry.kind == "adjust",
                                              PointsEntry.reason != "")
                    .values(reason="").execution_options(synchronize_session=False))
    session.execute(update(BirthdayCoupon).where(BirthdayCoupon.customer_id == cid).values(birthday_on="")
                    .execution_options(synchronize_session=False))
    # Family ties are personal data too: the card leaves its household; a household left empty loses its name.
    households = list(session.execute(select(HouseholdMember.household_id)
                                      .where(HouseholdMember.customer_id == cid)).scalars())
    if households:
        session.execute(delete(HouseholdMember).where(HouseholdMember.customer_id == cid)
                        .execution_options(synchronize_session=False))
        empty = select(HouseholdMember.id).where(HouseholdMember.household_id == Household.id).exists()
        session.execute(update(Household).where(Household.id.in_(households), ~empty).values(name="—")
                        .execution_options(synchronize_session=False))
    session.execute(update(CustomerMerge).where((CustomerMerge.survivor_id == cid) | (CustomerMerge.merged_id == cid))
                    .values(details=json.dumps({"erased": True})).execution_options(synchronize_session=False))
    audit.redact_customer(session, cid)


SCRUB_FLAG = "crmdesk_erased"


def _scrub_on_commit(session: Session) -> None:
    """An erase must leave nothing readable in the database file, not just in its rows. On SQLite:

    - ``secure_delete`` for this unit of work: the space the old values occupied (cells, index entries, the
      pages freed) is overwritten with zeros instead of being left as garbage a hex viewer can read;
    - just before the commit, the full-text index (customer_search) is optimised: its trigger only writes
      delete markers, and the old segments holding the erased name's, phone's, e-mail's and code's trigrams
      stay until merged; 'optimize' merges them into one and drops them;
    - after the commit, the write-ahead log is checkpointed and truncated (another connection, like an open
      window, otherwise keeps the pages from before the erase in the -wal file).
    Other databases: nothing to do here (their own VACUUM removes dead rows)."""
    if session.info.get(SCRUB_FLAG) or session.get_bind().dialect.name != "sqlite":
        return
    session.info[SCRUB_FLAG] = int(session.execute(text("PRAGMA secure_delete")).scalar() or 0) + 1
    session.execute(text("PRAGMA secure_delete = ON"))
    event.listen(session, "before_commit", _optimise_search_index, once=True)
    event.listen(session, "after_commit", _truncate_wal, once=True)


def _optimise_search_index(session: Session) -> None:
    if not session.info.get(SCRUB_FLAG):
        return
    session.flush()  # every erased value written (and its old bytes zeroed) before the index is merged
    if session.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'customer_search'")).first() is not None:
        session.execute(text("INSERT INTO customer_search(customer_search) VALUES ('optimize')"))
    before = "ON" if session.info[SCRUB_FLAG] == 2 else "OFF"
    session.execute(text(f"PRAGMA secure_delete = {before}"))  # the pooled connection goes back as it was


WAL_LEFT = "crmdesk_wal_left"  # session.info: the log could not be emptied after this unit of work's erase


def _truncate_wal(session: Session) -> None:
    if not session.info.pop(SCRUB_FLAG, False):
        return
    session.info[WAL_LEFT] = not checkpoint_wal(session.get_bind())


def wal_left_behind(session: Session) -> bool:
    """After a unit of work that erased: True when another program (a crmdesk window, a reader) held an old
    snapshot of the file, so the write-ahead log, which still holds the pages from before the erase, could not be
    emptied. Say so and try again with :func:`checkpoint_wal` (SQLite also empties it when the last program
    that has the file open closes it)."""
    return bool(session.info.get(WAL_LEFT))


def checkpoint_wal(bind: Any, *, seconds: float = 2.0) -> bool:
    """Copy the write-ahead log into the database file and truncate it to nothing; False when another
    connection holds an old snapshot open so the log could not be emptied (tried for about ``seconds``: each try
    waits a fifth of a second for readers, not the connection's whole busy timeout)."""
    engine = getattr(bind, "engine", bind)
    deadline = time.monotonic() + seconds
    with engine.connect() as conn:
        patience = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
        conn.exec_driver_sql("PRAGMA busy_timeout = 200")
        try:
            while True:
                busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
                if busy is None or not busy[0]:
                    return True
                if time.monotonic() >= deadline:
                    return False
                time.sleep(0.05)
        finally:
            conn.exec_driver_sql(f"PRAGMA busy_timeout = {int(patience or 0)}")


def erase_customer(session: Session, customer_id: int, *, confirm: bool) -> list[int]:
    """Erase one customer's personal data (and of cards merged into it: the same person). Owner only;
    ``confirm`` is the caller's explicit yes. Returns the ids erased. Purchases and totals are untouched."""
    require(session, Permission.ERASE)
    if not confirm:
        raise CrmError("Erasing cannot be undone; confirm it (--yes on the command line).",
                       ko="삭제는 되돌릴 수 없으므로 확인이 필요합니다(명령줄에서는 --yes).")
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound.of("Customer", customer_id)
    if customer.erased_at is not None:
        raise CrmError(f"Customer #{customer_id} was already erased on {customer.erased_at:%Y-%m-%d}.",
                       ko=f"고객 #{customer_id}은(는) 이미 {customer.erased_at:%Y-%m-%d}에 삭제되었습니다.")
    _scrub_on_commit(session)
    ids = [customer_id, *merged_tree(session, customer_id)]
    cards = [customer] + [session.get_one(Customer, cid) for cid in ids[1:]]
    stamp = now()
    for card in cards:
        _erase_card(session, card, stamp)
    session.flush()
    for card in cards:
        audit.record(session, "erase", card.id, {"cards": list(ids), "visits": card.visit_count,
                                                 "total_spent": card.total_spent})
    return ids


def erase_again_after_restore(session: Session, customer_ids: Iterable[int]) -> list[int]:
    """A restored backup brings back the customers erased since it was taken (backups.RestoreResult's
    erased_since): erase them again, as they were promised. Cards the backup does not hold, or already erased
    there, are skipped. Returns the ids erased."""
    require(session, Permission.ERASE)
    erased: list[int] = []
    for cid in customer_ids:
        card = session.get(Customer, cid)
        if card is None or card.erased_at is not None or cid in erased:
            continue
        erased.extend(erase_customer(session, cid, confirm=True))
    if erased:
        audit.record(session, "erase", None, {"again_after_restore": erased})
    return erased


# --- retention ----------------------------------------------------------------------------------------------
def retention_years(session: Session) -> int:
    value = settings_svc.get_setting(session, RETENTION_KEY)
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_RETENTION_YEARS


def _checked_years(session: Session, years: int | None) -> int:
    """The period asked for (None: the shop's setting), refused outside 1..50: a negative or zero period would
    put the cut-off in the future and make every card "inactive"."""
    years = retention_years(session) if years is None else years
    if isinstance(years, bool) or not isinstance(years, int) or not MIN_YEARS <= years <= MAX_YEARS:
        raise CrmError(f"The retention period is {MIN_YEARS} to {MAX_YEARS} years (not {years}).",
                       ko=f"보존 기간은 {MIN_YEARS}~{MAX_YEARS}년입니다({years}년은 안 됩니다).")
    return years


def set_retention_years(session: Session, years: int) -> None:
    _checked_years(session, years)
    settings_svc.set_setting(session, RETENTION_KEY, str(int(years)))


@dataclass(frozen=True, slots=True)
class InactiveCustomer:
    id: int
    name: str
    last_activity: datetime
    visits: int
    total_spent: int


def inactive_customers(session: Session, *, years: int | None = None, today: date | None = None,
                       limit: int | None = None) -> list[InactiveCustomer]:
    """Cards with no purchase, contact, feedback or edit for ``years`` (default: the shop's setting), longest
    idle first; erased cards are left out. Owner only (it is the list the erasure works from)."""
    require(session, Permission.ERASE)
    years = _checked_years(session, years)
    day = today or date.today()
    try:
        cutoff = datetime.combine(day.replace(year=day.year - years), datetime.min.time())
    except ValueError:  # 29 February
        cutoff = datetime.combine(day.replace(year=day.year - years, day=28), datetime.min.time())
    contact_last = (select(Contact.customer_id, func.max(Contact.occurred_at).label("at"))
                    .group_by(Contact.customer_id).subquery())
    feedback_last = (select(Feedback.customer_id, func.max(Feedback.received_at).label("at"))
                     .where(Feedback.customer_id.is_not(None)).group_by(Feedback.customer_id).subquery())
    last_purchase = func.coalesce(Customer.last_purchase_at, Customer.created_at)
    contact_at = func.coalesce(contact_last.c.at, Customer.created_at)
    feedback_at = func.coalesce(feedback_last.c.at, Customer.created_at)
    stmt = (select(Customer.id, Customer.name, last_purchase, contact_at, feedback_at, Customer.updated_at,
                   Customer.visit_count, Customer.total_spent)
            .outerjoin(contact_last, contact_last.c.customer_id == Customer.id)
            .outerjoin(feedback_last, feedback_last.c.customer_id == Customer.id)
            .where(Customer.erased_at.is_(None), Customer.merged_into_id.is_(None), last_purchase < cutoff,
                   contact_at < cutoff, feedback_at < cutoff, Customer.updated_at < cutoff))
    out = [InactiveCustomer(r[0], r[1], max(v for v in r[2:6] if v is not None), r[6], r[7])
           for r in session.execute(stmt)]
    out.sort(key=lambda c: (c.last_activity, c.id))
    return out[:limit] if limit else out


def erase_inactive(session: Session, customer_ids: Iterable[int], *, years: int | None = None,
                   confirm: bool, today: date | None = None) -> list[int]:
    """The retention step: erase the listed cards that are still inactive, in one audited unit of work."""
    require(session, Permission.BULK)
    if not confirm:
        raise CrmError("Erasing cannot be undone; confirm it (--yes on the command line).",
                       ko="삭제는 되돌릴 수 없으므로 확인이 필요합니다(명령줄에서는 --yes).")
    years = _checked_years(session, years)
    still = {c.id for c in inactive_customers(session, years=years, today=today)}
    wanted = list(dict.fromkeys(customer_ids))
    active = [cid for cid in wanted if cid not in still]
    if active:
        raise CrmError(f"{len(active)} of the chosen customers are not inactive for {years} years (or are already "
                       f"erased), e.g. #{active[0]}; nothing was erased. Refresh the list.",
                       ko=f"고른 고객 중 {len(active)}명은 {years}년 동안 활동이 없는 고객이 아닙니다(또는 이미 "
                          f"삭제되었습니다). 예: #{active[0]}. 아무것도 삭제하지 않았습니다. 목록을 새로 고치세요.")
    erased: list[int] = []
    for cid in wanted:
        if cid not in erased:
            erased.extend(erase_customer(session, cid, confirm=True))
    audit.record(session, "retention_erase", None, {"years": years, "customers": len(erased)})
    return erased
