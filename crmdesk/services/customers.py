"""Customer cards: validate, create, edit, archive/restore, look up by phone, search, list purchases.

Every function takes an open Session (``Store.session()``); none commits on its own, so a caller can
group several steps into one unit of work.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Select,
    String,
    bindparam,
    case,
    func,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.visitors import InternalTraversal
from sqlmodel import Session

from crmdesk import normalise as nz
from crmdesk.access import actor_of
from crmdesk.errors import CrmError, NotFound, Problem, StaleEdit, ValidationError
from crmdesk.models import ConsentMethod, Customer, Gender, Purchase, PurchaseLine
from crmdesk.models.base import now
from crmdesk.models.customer import name_group_of, refresh_derived
from crmdesk.services import audit, concurrency, consent, consent_review
from crmdesk.services.customer_rows import CustomerQuery, CustomerRow
from crmdesk.services.purchase_totals import refresh_purchase_totals

# Fields a user edits on the card, in the order the card shows them.
EDITABLE_FIELDS = (
    "name", "phone", "email", "birthday", "birthday_lunar", "gender", "address", "memo", "tags",
    "customer_code", "first_seen", "acquired_via", "marketing_consent",
)
# Column sizes (PostgreSQL enforces them; SQLite would silently store more).
MAX_LENGTHS = {"email": 200, "address": 300, "tags": 500, "customer_code": 50, "memo": 5000}
ACQUISITION_CHANNELS = ("walk_in", "referral", "sns", "online", "event", "phone", "other")

# Sort keys the list offers; every one is a plain column, so SQL sorts with an index or a quick scan.
SORT_COLUMNS = {
    "name": Customer.name,
    "phone": Customer.phone,
    "customer_code": Customer.customer_code,
    "tags": Customer.tags,
    "last_purchase_at": Customer.last_purchase_at,
    "visit_count": Customer.visit_count,
    "total_spent": Customer.total_spent,
    "created_at": Customer.created_at,
}
TEXT_SORTS = frozenset({"name", "phone", "customer_code", "tags"})  # sorted by code point (see _order_by)


_ROW_COLUMNS = (
    Customer.id, Customer.name, Customer.phone, Customer.email, Customer.customer_code, Customer.tags,
    Customer.last_purchase_at, Customer.visit_count, Customer.total_spent, Customer.archived, Customer.created_at,
)

# A word of three or more characters that at most this many customers contain is looked up in the trigram
# index (migration 0003) and its candidates filtered and sorted by SQLite (about 5 µs each: 15 ms at 3,000);
# a more common word walks the list index instead, where a page of matches turns up within the first few
# thousand rows. A rare word walking the list reads all of it (about 30 ms on 100,000 customers).
FTS_MAX_CANDIDATES = 3000


class contains_text(ColumnElement[bool]):  # noqa: N801 - reads as a SQL function
    """``column`` contains ``term`` literally (both already folded).

    SQLite gets instr(), which is measurably faster than LIKE over 100,000 rows and has no wildcards
    to escape; other databases get the portable LIKE with escaped wildcards. The term travels as a bound
    parameter and the construct says what it is made of (``_traverse_internals``), so SQLAlchemy compiles a
    search's statement once and reuses it for every later keystroke.
    """

    inherit_cache = True
    type = Boolean()
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement),
                           ("term", InternalTraversal.dp_clauseelement),
                           ("pattern", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: Any, term: str) -> None:
        self.column = column
        self.term = bindparam(None, term, type_=String())
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        self.pattern = bindparam(None, f"%{escaped}%", type_=String())


@compiles(contains_text)
def _contains_text_default(element: contains_text, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.column.like(element.pattern, escape="\\"), **kw)


@compiles(contains_text, "sqlite")
def _contains_text_sqlite(element: contains_text, compiler: Any, **kw: Any) -> str:
    return compiler.process(func.instr(element.column, element.term) > 0, **kw)


class unindexed(ColumnElement[Any]):  # noqa: N801 - reads as a SQL function
    """``column`` as SQLite's ``+column``: the same value, but no index can answer for it. Where a few rows
    found by id are to be filtered and sorted, this keeps the planner from walking an index in order."""

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: Any) -> None:
        self.column = column
        self.type = column.type


@compiles(unindexed)
def _unindexed_default(element: unindexed, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.column, **kw)


@compiles(unindexed, "sqlite")
def _unindexed_sqlite(element: unindexed, compiler: Any, **kw: Any) -> str:
    return "+" + compiler.process(element.column, **kw)


def in_id_set(column: Any, ids: frozenset[int] | list[int], dialect: str, name: str = "id_set") -> Any:
    """``column`` is one of ``ids``, bound as ONE parameter however many ids there are.

    A plain IN list of 20,000+ ids would bind that many parameters (SQLite caps them at 32,766; PostgreSQL
    plans each list afresh) and re-send them with every page. SQLite reads the ids from one JSON array with
    json_each (built in since 3.38) and builds a temporary index for the lookup once per query; PostgreSQL
    takes a real array, ``= ANY(:ids)``. A temporary table would have to live on whichever connection the pool
    hands out, and a persisted one needs writes and clean-up for what is only a view of the list. Built from
    ordinary constructs (not a custom compile) so the statement cache keys on the ids' parameter."""
    ordered = sorted(ids)
    if dialect == "sqlite":
        values: Select[Any] = select(literal_column("value")).select_from(
            func.json_each(bindparam(name, json.dumps(ordered, separators=(",", ":")))))
        return column.in_(values)
    from sqlalchemy import BigInteger, any_
    from sqlalchemy.dialects.postgresql import ARRAY

    return column == any_(bindparam(name, ordered, type_=ARRAY(BigInteger)))


def _where(query: CustomerQuery, dialect: str = "sqlite", *, archived: Any = Customer.archived) -> list[Any]:
    clauses: list[Any] = []
    if query.customer_ids is not None:
        clauses.append(in_id_set(Customer.id, query.customer_ids, dialect))
    if query.only_archived:
        clauses.append(archived.is_(True))
    elif not query.include_archived:
        clauses.append(archived.is_(False))
    for term in nz.search_terms(query.text):
        clauses.append(contains_text(Customer.search_text, term))
    return clauses


def _last_four(query: CustomerQuery) -> str | None:
    """At the counter, four digits alone are the end of a phone number."""
    terms = nz.search_terms(query.text)
    return terms[0] if len(terms) == 1 and len(terms[0]) == 4 and terms[0].isdigit() else None


def _sorted_rows(rows: list[CustomerRow], query: CustomerQuery) -> list[CustomerRow]:
    """The few phone-ending matches, sorted in Python like SQL would (empty values last), so their
    query can use the last-four index instead of the list index."""
    key = query.sort_key if query.sort_key in SORT_COLUMNS else "name"
    present = [r for r in rows if getattr(r, key, None) is not None]
    missing = [r for r in rows if getattr(r, key, None) is None]
    if key == "name":
        present.sort(key=lambda r: (name_group_of(r.name), r.name, r.id), reverse=query.descending)
    else:
        present.sort(key=lambda r: (getattr(r, key), r.id), reverse=query.descending)
    return present + sorted(missing, key=lambda r: r.id, reverse=query.descending)


def _order_by(query: CustomerQuery, dialect: str = "sqlite") -> list[Any]:
    """The list's order. Names in Korean order (Hangul, Latin, the rest: the computed name_group first). Text
    sorts by code point on every back end: SQLite's BINARY collation does, and so does
    Python's sort of the phone endings (``_sorted_rows``); PostgreSQL is told COLLATE "C", or the server's locale
    would order 김 and Kim (and upper and lower case) its own way. Migration 0013 indexes the list that way."""
    order: list[Any] = []
    sort_key = query.sort_key if query.sort_key in SORT_COLUMNS else "name"
    if sort_key == "name":  # Korean order: Hangul names, then Latin, then the rest (migration 0014)
        group = Customer.__table__.c.name_group
        order.append(group.desc() if query.descending else group.asc())
    column = SORT_COLUMNS[sort_key]
    key = column.collate("C") if dialect == "postgresql" and sort_key in TEXT_SORTS else column
    ordered = key.desc() if query.descending else key.asc()
    # Empty values last; said only for nullable columns, as it stops SQLite using an index for the order.
    order.append(ordered.nulls_last() if column.nullable else ordered)
    order.append(Customer.id.desc() if query.descending else Customer.id.asc())
    return order


def _fts_candidates(session: Session, query: CustomerQuery) -> list[int] | None:
    """Ids of the customers whose search text may hold every word of three or more characters, from the
    trigram index; None when the index does not apply (short words only, another database) or names too
    many candidates to be worth it."""
    if session.get_bind().dialect.name != "sqlite":
        return None
    long_terms = [t for t in nz.search_terms(query.text) if len(t) >= 3]
    if not long_terms:
        return None
    match = " AND ".join('"' + t.replace('"', '""') + '"' for t in long_terms)
    ids = session.execute(
        text("SELECT rowid FROM customer_search WHERE customer_search MATCH :match LIMIT :n"),
        {"match": match, "n": FTS_MAX_CANDIDATES + 1},
    ).scalars().all()
    return None if len(ids) > FTS_MAX_CANDIDATES else list(ids)


def _among_candidates(query: CustomerQuery, candidates: list[int]) -> list[Any]:
    """The WHERE clause of ``_where`` limited to a few candidates, read by id: SQLite filters and sorts them
    itself and returns only the page asked for. The archived test goes through ``unindexed``, or SQLite would
    rather walk the list index in name order (30 ms for 2,000 candidates instead of 8); without it the ids are
    read by rowid and sorted, whatever the order asked for."""
    return [*_where(query, archived=unindexed(Customer.archived)),
            in_id_set(Customer.id, candidates, "sqlite", name="candidates")]


def _few_matches(session: Session, query: CustomerQuery, candidates: list[int], *, offset: int,
                 limit: int) -> list[CustomerRow]:
    """A page of the matches among a few candidates, in the query's order (phone endings first, as below)."""
    order = _order_by(query, session.get_bind().dialect.name)
    last4 = _last_four(query)
    if last4 is not None:
        order.insert(0, (func.coalesce(Customer.phone_last4, "") == last4).desc())
    stmt = (select(*_ROW_COLUMNS).where(*_among_candidates(query, candidates)).order_by(*order)
            .offset(offset).limit(limit))
    return [CustomerRow(*row) for row in session.execute(stmt)]


def search_customers(session: Session, query: CustomerQuery, *, offset: int = 0,
                     limit: int = 200) -> list[CustomerRow]:
    """One page of the customers matching the query, in the query's order.

    Matching: every word must occur in the name (any substring, case- and space-insensitive), the
    name's Hangul initials (ㄱㅁㅅ finds 김민수), the phone digits (any part; hyphens ignored), the
    e-mail, the customer code or the tags.
    """
    candidates = _fts_candidates(session, query)
    if candidates is not None:
        return _few_matches(session, query, candidates, offset=offset, limit=limit) if candidates else []
    dialect = session.get_bind().dialect.name
    where, order = _where(query, dialect), _order_by(query, dialect)
    last4 = _last_four(query)
    if last4 is None:
        stmt = select(*_ROW_COLUMNS).where(*where).order_by(*order).offset(offset).limit(limit)
        return [CustomerRow(*row) for row in session.execute(stmt)]
    # Phones ending in these digits come first. Two queries rather than ORDER BY CASE, which would
    # sort every match and cost a full scan per keystroke: the endings come from the last-four index.
    ending = session.execute(select(*_ROW_COLUMNS).where(Customer.phone_last4 == last4, *where))
    first = _sorted_rows([CustomerRow(*row) for row in ending], query)
    rows = first[offset:offset + limit]
    if len(rows) < limit:
        others = select(*_ROW_COLUMNS).where(
            # coalesce(): an expression, so the planner keeps walking the list index in order.
            *where, func.coalesce(Customer.phone_last4, "") != last4
        ).order_by(*order).offset(max(0, offset - len(first))).limit(limit - len(rows))
        rows += [CustomerRow(*row) for row in session.execute(others)]
    return rows


def count_customers(session: Session, query: CustomerQuery) -> int:
    candidates = _fts_candidates(session, query)
    if candidates is not None:
        return session.execute(select(func.count()).select_from(Customer).where(
            *_among_candidates(query, candidates))).scalar_one() if candidates else 0
    return session.execute(select(func.count()).select_from(Customer).where(
        *_where(query, session.get_bind().dialect.name))).scalar_one()


def get_customer(session: Session, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound.of("Customer", customer_id)
    return customer


def validate_customer(data: Mapping[str, Any]) -> dict[str, Any]:
    """Normalise the editable fields given; raise ValidationError listing every invalid one."""
    problems: list[Problem] = []
    out: dict[str, Any] = {}

    def fail(field: str, code: str, message: str) -> None:
        problems.append(Problem(field=field, code=code, message=message, value=str(data.get(field) or "")))

    for key, value in data.items():
        if key not in EDITABLE_FIELDS:
            raise KeyError(f"unknown customer field {key!r}")
        try:
            if key == "name":
                name = nz.clean_text(value)
                if not name:
                    fail("name", "name_required", "a customer needs a name")
                elif len(name) > 100:
                    fail("name", "name_long", "a name has at most 100 characters")
                out["name"] = name
            elif key == "phone":
                out["phone"] = nz.normalise_phone(value)
            elif key == "email":
                out["email"] = nz.normalise_email(value)
            elif key in ("birthday", "first_seen"):
                parsed = nz.parse_date(value)
                if parsed is not None and parsed > date.today():
                    fail(key, "date_future", "this date lies in the future")
                elif parsed is not None and parsed.year < 1900:
                    fail(key, "date_past", "this date is too far in the past")
                out[key] = parsed
            elif key == "gender":
                text = nz.clean_text(value)
                if text is not None and text not in {g.value for g in Gender}:
                    fail("gender", "gender_invalid", "gender is F, M, O or empty")
                out["gender"] = text
            elif key == "tags":
                out["tags"] = nz.normalise_tags(value)
            elif key == "customer_code":
                out["customer_code"] = nz.clean_text(value)
            elif key == "acquired_via":
                text = nz.clean_text(value)
                if text is not None and text not in ACQUISITION_CHANNELS:
                    choices = ", ".join(ACQUISITION_CHANNELS)
                    fail("acquired_via", "acquired_invalid", f"how acquired is one of {choices}")
                out["acquired_via"] = text
            elif key in ("birthday_lunar", "marketing_consent"):
                out[key] = bool(value)
            elif key == "address":
                out[key] = nz.clean_text(value)
            else:  # memo: keeps its line breaks, loses control characters pasted from other programs
                out[key] = nz.strip_control(unicodedata.normalize("NFC", value or "")).strip() or None
        except nz.InvalidValue as exc:
            fail(key, exc.code, str(exc))
    for key, limit in MAX_LENGTHS.items():
        value = out.get(key)
        if isinstance(value, str) and len(value) > limit:
            fail(key, "too_long", f"at most {limit} characters")
    if problems:
        raise ValidationError(problems)
    return out


def _apply(session: Session, customer: Customer, values: dict[str, Any]) -> None:
    if "customer_code" in values and values["customer_code"]:
        concurrency.lock_name(session, f"customer_code:{values['customer_code']}")  # two cards, one code: one wins
        clash = session.execute(
            select(Customer.id, Customer.name).where(
                Customer.customer_code == values["customer_code"], Customer.id != customer.id)
        ).first()
        if clash:
            raise ValidationError([Problem(
                "customer_code", "code_taken",
                f"customer code {values['customer_code']} already belongs to {clash.name} (#{clash.id})",
                values["customer_code"])])
    for key, value in values.items():
        setattr(customer, key, value)
    refresh_derived(customer)
    customer.updated_at = now()


def create_customer(session: Session, data: Mapping[str, Any], *,
                    consents: Mapping[Any, bool] | None = None, consent_method: str = ConsentMethod.VERBAL,
                    staff_id: int | None = None) -> Customer:
    """A new card. ``consents`` is the customer's answer per purpose, as asked on the form (collection is
    required for a card with a phone or an e-mail; a refusal is recorded as well), taken by ``consent_method``
    and ``staff_id``. ``marketing_consent`` in data is the caller's statement that the customer agreed to
    collection and to every marketing channel (a refusal of every channel when false). With neither, no act is
    invented: a card with a phone or an e-mail is marked "consent not confirmed" until staff record the answer."""
    values = validate_customer(data)
    if not values.get("name"):
        raise ValidationError([Problem("name", "name_required", "a customer needs a name")])
    marketing = values.pop("marketing_consent", None)
    if consents is None and marketing is not None:
        consents = {consent.Purpose.COLLECTION: True, **{p: bool(marketing) for p in consent.MARKETING_PURPOSES}}
    consent_review.check_answers(values, consents)
    customer = Customer(name=values["name"])
    values.setdefault("first_seen", date.today())
    _apply(session, customer, values)
    customer.consent_unconfirmed = consents is None and bool(values.get("phone") or values.get("email"))
    session.add(customer)
    session.flush()
    audit.record(session, "create", customer.id, {"name": customer.name})
    if consents is not None:  # collection first: it is what lets the card keep the rest
        ordered = sorted(consents.items(), key=lambda item: str(item[0]) != consent.Purpose.COLLECTION)
        consent_review.record_answers(session, customer.id, dict(ordered), method=consent_method,
                                      staff_id=staff_id)
    return customer


def update_customer(session: Session, customer_id: int, data: Mapping[str, Any], *,
                    consent_method: str = ConsentMethod.VERBAL, version: int | None = None) -> Customer:
    """Save edits (audited with before and after values). ``marketing_consent`` grants or withdraws every
    marketing purpose in the ledger when it differs from the card's flag (a grant on an unconfirmed card states
    collection too, as create_customer reads it). ``version``: the card's version the edits start from; another
    terminal's save since then refuses this one (StaleEdit)."""
    if version is not None:
        _claim_version(session, customer_id, version)
    customer = get_customer(session, customer_id)
    if customer.erased_at is not None:
        raise CrmError(f"Customer #{customer_id}'s personal data was erased on {customer.erased_at:%Y-%m-%d}; "
                       "the card cannot be filled in again.",
                       ko=f"고객 #{customer_id}의 개인정보는 {customer.erased_at:%Y-%m-%d}에 삭제되었습니다. 카드를 "
                          "다시 채울 수 없습니다.")
    values = validate_customer(data)
    if "name" in data and not values.get("name"):
        raise ValidationError([Problem("name", "name_required", "a customer needs a name")])
    marketing = values.pop("marketing_consent", None)
    before = {key: getattr(customer, key) for key in values}
    _apply(session, customer, values)
    session.flush()
    changed = audit.changes(before, values)
    if changed:
        audit.record(session, "change", customer.id, changed)
    if marketing is not None and marketing != customer.marketing_consent:
        if marketing and customer.consent_unconfirmed:  # as at create_customer: stated with collection
            consent.record_consent(session, customer.id, consent.Purpose.COLLECTION, True, method=consent_method)
        consent.set_marketing(session, customer.id, marketing, method=consent_method)
    return customer


def _claim_version(session: Session, customer_id: int, version: int) -> None:
    """Move the card from ``version`` to the next in one guarded UPDATE: of two terminals saving at once, the
    second waits for the first's row lock and then finds the version gone (both back ends), so it is refused."""
    who = actor_of(session).name
    claimed = session.execute(update(Customer).where(Customer.id == customer_id,
                                                     Customer.version == version)
                              .values(version=version + 1, updated_by=who, updated_at=now())
                              .execution_options(synchronize_session=False))
    if claimed.rowcount == 1:
        session.expire_all()
        return
    current = get_customer(session, customer_id)
    raise StaleEdit(f"{current.name}'s card was changed by {current.updated_by or 'someone else'} at "
                    f"{current.updated_at:%Y-%m-%d %H:%M} since it was opened here; nothing of this save was written.",
                    current.updated_by, current.updated_at,
                    ko=f"이 카드({current.name})를 여기서 연 뒤 "
                       f"{current.updated_by or '다른 사람'}이(가) {current.updated_at:%Y-%m-%d %H:%M}에 바꿨습니다. "
                       "이번 저장은 아무것도 쓰지 않았습니다.")


def archive_customer(session: Session, customer_id: int) -> Customer:
    """Hide a customer from lists; everything is kept and ``restore_customer`` undoes it."""
    customer = get_customer(session, customer_id)
    customer.archived = True
    customer.archived_at = now()
    customer.updated_at = now()
    session.flush()
    audit.record(session, "archive", customer.id)
    return customer


def restore_customer(session: Session, customer_id: int) -> Customer:
    customer = get_customer(session, customer_id)
    if customer.merged_into_id is not None:
        # Restoring would leave a card whose purchases live on another: only undoing the merge brings it back.
        raise CrmError(f"{customer.name} was merged into customer #{customer.merged_into_id}; "
                       "undo the merge on the Duplicates screen instead.",
                       ko=f"이 카드({customer.name})는 고객 #{customer.merged_into_id}에 병합되었습니다. "
                          "중복 고객 화면에서 병합을 되돌리세요.")
    if customer.erased_at is not None:
        raise CrmError(f"Customer #{customer.id}'s personal data was erased on {customer.erased_at:%Y-%m-%d}; "
                       "an erased card stays archived.",
                       ko=f"고객 #{customer.id}의 개인정보는 {customer.erased_at:%Y-%m-%d}에 삭제되었습니다. "
                          "삭제된 카드는 보관 상태로 남습니다.")
    customer.archived = False
    customer.archived_at = None
    customer.updated_at = now()
    session.flush()
    audit.record(session, "restore", customer.id)
    return customer


def phones_of(session: Session, ids: list[int]) -> dict[int, str | None]:
    """The stored phone digits of the given cards, read in chunks well under every database's parameter
    limit (lists, reports and reactivation files ask for thousands at once)."""
    out: dict[int, str | None] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        out.update((cid, phone) for cid, phone in session.execute(
            select(Customer.id, Customer.phone).where(Customer.id.in_(chunk))))
    return out


def customers_with_phone(session: Session, raw_phone: str | None, *,
                         exclude_id: int | None = None) -> list[Customer]:
    """Customers already holding this phone number (for the duplicate warning). Invalid input: none."""
    try:
        phone = nz.normalise_phone(raw_phone)
    except nz.InvalidValue:
        return []
    if phone is None:
        return []
    stmt = select(Customer).where(Customer.phone == phone)
    if exclude_id is not None:
        stmt = stmt.where(Customer.id != exclude_id)
    return list(session.scalars(stmt.order_by(Customer.id)))


@dataclass(frozen=True)
class PurchaseSummary:
    id: int
    purchased_at: datetime
    total: int
    receipt_no: str | None
    items: str
    line_count: int
    # A voided purchase is listed (it stays on record) but counts nowhere.
    voided_at: datetime | None = None
    void_reason: str | None = None

    @property
    def voided(self) -> bool:
        return self.voided_at is not None


def customer_purchases(session: Session, customer_id: int, *, limit: int = 500) -> list[PurchaseSummary]:
    """The customer's purchases, newest first, each with its items in one line of text; voided ones included
    (marked by ``voided_at``) so the history shows what happened."""
    purchases = session.execute(
        select(Purchase.id, Purchase.purchased_at, Purchase.total, Purchase.receipt_no, Purchase.voided_at,
               Purchase.void_reason)
        .where(Purchase.customer_id == customer_id)
        .order_by(Purchase.purchased_at.desc(), Purchase.id.desc())
        .limit(limit)
    ).all()
    if not purchases:
        return []
    lines: dict[int, list[tuple[str, int]]] = {}
    for pid, product, qty in session.execute(
        select(PurchaseLine.purchase_id, PurchaseLine.product, PurchaseLine.quantity)
        .where(PurchaseLine.purchase_id.in_([p.id for p in purchases]))
        .order_by(PurchaseLine.id)
    ):
        lines.setdefault(pid, []).append((product, qty))
    out = []
    for p in purchases:
        items = lines.get(p.id, [])
        text = ", ".join(f"{name} ×{qty}" if qty != 1 else name for name, qty in items)
        out.append(PurchaseSummary(p.id, p.purchased_at, p.total, p.receipt_no, text, len(items), p.voided_at,
                                   p.void_reason))
    return out


def customer_stats(session: Session) -> dict[str, int]:
    """Counts the window's status line shows."""
    row = session.execute(
        select(
            func.count(),
            func.sum(case((Customer.archived.is_(True), 1), else_=0)),
        ).select_from(Customer)
    ).one()
    return {"total": row[0] or 0, "archived": row[1] or 0}


__all__ = [
    "ACQUISITION_CHANNELS", "CustomerQuery", "CustomerRow", "EDITABLE_FIELDS", "PurchaseSummary", "SORT_COLUMNS",
    "archive_customer", "count_customers", "create_customer", "customer_purchases", "customer_stats",
    "customers_with_phone", "get_customer", "refresh_purchase_totals", "restore_customer", "search_customers",
    "update_customer", "validate_customer",
]
