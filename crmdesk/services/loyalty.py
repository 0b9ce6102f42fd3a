"""Loyalty points and tiers.

Points: a purchase earns ``earn percent`` of what was paid (its total less the points redeemed on it), rounded
down. One point is worth one unit of money at redemption. Every change of a balance is a ledger entry
(``PointsEntry``); a balance is the sum of the entries, never a stored number.

Lots and expiry: positive entries are lots that expire ``expiry months`` after they were earned. Negative
entries consume lots oldest first (FIFO); a reversal of an earn consumes its own lot first. ``expire_points``
writes an explicit ``expire`` entry for what is left of each lot past its date; it runs shortly after start-up, daily,
and before any entry that takes points away, so a customer never spends points that should have expired.

Purchases: ``sync_purchase_points`` brings a purchase's entries in line with the purchase (entered, edited,
voided, moved to another customer) by writing correcting entries, never by editing old ones. A void gives the
redeemed points back (as a new lot from the void) and takes the earned points back, except what of them has
already expired. Taking points back can leave a balance below zero (the customer spent points a voided
purchase had earned); the card shows it and redemption is refused until it is positive again.

Earn rate and age: an earn stores the rate it was made at (``earn_percent``); an edit of the purchase keeps
it, so a payment method put right is not re-priced at today's rate. A purchase older than the expiry period
earns nothing new (as on imports): its points would be past their date already.

Tiers: spend over the last 12 months decides the tier (thresholds and names are a shop setting, Korean names
by default). The window is the last 365 days (TIER_WINDOW) and spend is the receipt total after discounts,
including the part paid with points (the customer bought the goods). A change is recorded as a
``TierChange``; a customer with no record is in the lowest tier.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, insert, or_, select
from sqlmodel import Session

from crmdesk.errors import NotFound, Problem, ValidationError
from crmdesk.models import Customer, PointsEntry, Purchase, Staff, TierChange
from crmdesk.models.base import now
from crmdesk.services import concurrency
from crmdesk.services.checks import check_staff
from crmdesk.services.settings import get_setting, set_setting
from crmdesk.store.bulk import insert_rows
from crmdesk.store.engine import begin_pending

EARN_PERCENT_KEY = "loyalty_earn_percent"
EXPIRY_MONTHS_KEY = "loyalty_expiry_months"
TIERS_KEY = "loyalty_tiers"
DEFAULT_EARN_PERCENT = Decimal("1")
DEFAULT_EXPIRY_MONTHS = 12
# (name, minimum spend over the last 12 months), lowest first.
DEFAULT_TIERS: tuple[tuple[str, int], ...] = (("일반", 0), ("실버", 300_000), ("골드", 1_000_000), ("VIP", 3_000_000))
TIER_WINDOW = timedelta(days=365)
MAX_REASON = 200
MAX_ADJUST = 10_000_000
KINDS = ("earn", "redeem", "expire", "adjust")


@dataclass(frozen=True)
class LoyaltyRules:
    earn_percent: Decimal
    expiry_months: int
    tiers: tuple[tuple[str, int], ...]


def rules(session: Session) -> LoyaltyRules:
    """The shop's loyalty settings; unreadable values fall back to the defaults."""
    try:
        percent = Decimal(get_setting(session, EARN_PERCENT_KEY) or DEFAULT_EARN_PERCENT)
        if not (0 <= percent <= 100):
            percent = DEFAULT_EARN_PERCENT
    except InvalidOperation:
        percent = DEFAULT_EARN_PERCENT
    try:
        months = int(get_setting(session, EXPIRY_MONTHS_KEY) or DEFAULT_EXPIRY_MONTHS)
    except ValueError:
        months = DEFAULT_EXPIRY_MONTHS
    tiers = DEFAULT_TIERS
    raw = get_setting(session, TIERS_KEY)
    if raw:
        try:
            tiers = tuple(sorted(((str(n), int(m)) for n, m in json.loads(raw)), key=lambda t: t[1]))
        except (ValueError, TypeError):
            tiers = DEFAULT_TIERS
    return LoyaltyRules(percent, months, tiers or DEFAULT_TIERS)


def set_rules(session: Session, *, earn_percent: str | Decimal | None = None, expiry_months: int | None = None,
              tiers: Sequence[tuple[str, int]] | None = None) -> LoyaltyRules:
    """Change the shop's loyalty settings; ValidationError names the bad one."""
    problems: list[Problem] = []
    if earn_percent is not None:
        try:
            percent = Decimal(str(earn_percent).strip().rstrip("%"))
            if not (0 <= percent <= 100):
                raise InvalidOperation
            set_setting(session, EARN_PERCENT_KEY, str(percent))
        except InvalidOperation:
            problems.append(Problem("earn_percent", "percent_invalid", "the earn rate is a percentage from 0 to 100",
                                    str(earn_percent)))
    if expiry_months is not None:
        if not isinstance(expiry_months, int) or not (1 <= expiry_months <= 120):
            problems.append(Problem("expiry_months", "months_invalid", "points expire after 1 to 120 months",
                                    str(expiry_months)))
        else:
            set_setting(session, EXPIRY_MONTHS_KEY, str(expiry_months))
    if tiers is not None:
        clean = [(str(n).strip(), int(m)) for n, m in tiers]
        names = [n for n, _ in clean]
        if not clean or any(not n for n in names) or len(set(names)) != len(names) or any(m < 0 for _, m in clean):
            problems.append(Problem("tiers", "tiers_invalid", "tiers need distinct names and thresholds of 0 or more"))
        elif min(m for _, m in clean) != 0:
            problems.append(Problem("tiers", "tiers_no_base", "the lowest tier must start at 0"))
        else:
            set_setting(session, TIERS_KEY, json.dumps(sorted(clean, key=lambda t: t[1]), ensure_ascii=False))
    if problems:
        raise ValidationError(problems)
    return rules(session)


def points_for(amount: int, percent: Decimal) -> int:
    """Points earned on an amount paid: the percentage, rounded down; nothing on a zero or negative amount."""
    if amount <= 0:
        return 0
    return int(Decimal(amount) * percent / 100)


def expiry_for(earned_at: datetime, months: int) -> datetime:
    """When a lot earned at ``earned_at`` expires (the same day ``months`` later; month ends are clamped)."""
    return datetime.combine(_months_later(earned_at.date(), months), earned_at.time())


@lru_cache(maxsize=8192)
def _months_later(day: date, months: int) -> date:
    # Cached per day: an import earns on hundreds of thousands of purchases over a few hundred days.
    return day + relativedelta(months=months)


# ---- balances --------------------------------------------------------------------------------------------


def balance(session: Session, customer_id: int) -> int:
    return balances(session, [customer_id]).get(customer_id, 0)


def balances(session: Session, customer_ids: Iterable[int]) -> dict[int, int]:
    ids = list(customer_ids)
    out: dict[int, int] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        stmt = (select(PointsEntry.customer_id, func.sum(PointsEntry.points))
                .where(PointsEntry.customer_id.in_(chunk)).group_by(PointsEntry.customer_id))
        out.update({cid: int(total or 0) for cid, total in session.execute(stmt)})
    return out


@dataclass(frozen=True)
class LedgerLine:
    id: int
    at: datetime
    kind: str
    points: int
    balance: int  # running balance after this entry
    purchase_id: int | None
    expires_at: datetime | None
    reason: str
    staff_name: str | None


def ledger(session: Session, customer_id: int) -> list[LedgerLine]:
    """The customer's entries, newest first, with the running balance."""
    rows = session.execute(
        select(PointsEntry, Staff.name).outerjoin(Staff, Staff.id == PointsEntry.staff_id)
        .where(PointsEntry.customer_id == customer_id).order_by(PointsEntry.at, PointsEntry.id)).all()
    running = 0
    out = []
    for entry, staff_name in rows:
        running += entry.points
        out.append(LedgerLine(entry.id, entry.at, entry.kind, entry.points, running, entry.purchase_id,
                              entry.expires_at, entry.reason, staff_name))
    out.reverse()
    return out


def _entries(session: Session, customer_id: int) -> list[PointsEntry]:
    return list(session.execute(select(PointsEntry).where(PointsEntry.customer_id == customer_id)
                                .order_by(PointsEntry.at, PointsEntry.id)).scalars())


def lots_remaining(entries: Sequence[PointsEntry]) -> dict[int, int]:
    """What is left of each lot after the negative entries, in time order (FIFO; an entry naming a lot takes
    from that lot first). Points taken beyond all lots are a debt that the next lots pay first."""
    lots: dict[int, int] = {}
    debt = 0
    for entry in sorted(entries, key=lambda e: (e.at, e.id or 0)):
        if entry.points > 0:
            pay = min(debt, entry.points)
            debt -= pay
            lots[entry.id] = entry.points - pay  # type: ignore[index]
            continue
        need = -entry.points
        if entry.lot_id is not None and lots.get(entry.lot_id, 0) > 0:
            take = min(need, lots[entry.lot_id])
            lots[entry.lot_id] -= take
            need -= take
        for lot_id, left in lots.items():
            if need == 0:
                break
            if left > 0:
                take = min(need, left)
                lots[lot_id] -= take
                need -= take
        debt += need
    return lots


def expire_points(session: Session, customer_ids: Iterable[int] | None = None, *,
                  at: datetime | None = None, since: datetime | None = None, since_id: int | None = None) -> int:
    """Write an ``expire`` entry for what is left of every lot past its expiry (for the given customers, or
    all); returns the points expired. Running it twice writes nothing the second time. ``since`` looks only at
    customers with a lot that expired after it, or a lot written after entry ``since_id`` (the daily run passes
    its previous run, so it does not revisit every customer whose old lots were spent, yet sees a lot written
    since then whose date had already passed)."""
    moment = at or now()
    stmt = select(PointsEntry.customer_id).where(PointsEntry.points > 0, PointsEntry.expires_at <= moment)
    if since is not None:
        stmt = stmt.where(or_(PointsEntry.expires_at > since, PointsEntry.id > (since_id or 0))
                          if since_id is not None else PointsEntry.expires_at > since)
    if customer_ids is not None:
        ids = list(customer_ids)
        if not ids:
            return 0
        stmt = stmt.where(PointsEntry.customer_id.in_(ids))
    candidates = sorted(set(session.execute(stmt.distinct()).scalars()))
    expired = 0
    for cid in candidates:
        entries = _entries(session, cid)
        remaining = lots_remaining(entries)
        for entry in entries:
            left = remaining.get(entry.id or 0, 0)
            if entry.points > 0 and entry.expires_at is not None and entry.expires_at <= moment and left > 0:
                session.add(PointsEntry(customer_id=cid, at=entry.expires_at, kind="expire", points=-left,
                                        lot_id=entry.id, purchase_id=entry.purchase_id))
                expired += left
        session.flush()
    return expired


def adjust_points(session: Session, customer_id: int, points: int, reason: str,
                  staff_id: int | None = None) -> PointsEntry:
    """A manual correction (a gift, a goodwill gesture, a mistake put right), with its reason and who did it.
    Taking away more than the balance is refused."""
    concurrency.lock_customers(session, [customer_id])  # the balance checked is the balance written against
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound.of("Customer", customer_id)
    problems: list[Problem] = []
    clean = (reason or "").strip()
    if not isinstance(points, int) or isinstance(points, bool) or points == 0:
        problems.append(Problem("points", "points_invalid", "enter a whole number of points other than 0",
                                str(points)))
    elif abs(points) > MAX_ADJUST:
        problems.append(Problem("points", "points_large", "that many points is implausible", str(points)))
    if not clean:
        problems.append(Problem("reason", "reason_required", "say why the points are adjusted"))
    elif len(clean) > MAX_REASON:
        problems.append(Problem("reason", "too_long", f"at most {MAX_REASON} characters", clean))
    check_staff(session, staff_id, problems)
    if problems:
        raise ValidationError(problems)
    settings = rules(session)
    stamp = now()
    if points < 0:
        expire_points(session, [customer_id], at=stamp)
        available = balance(session, customer_id)
        if -points > available:
            raise ValidationError([Problem("points", "points_exceed_balance",
                                           f"only {available} points are available", str(points))])
    entry = PointsEntry(customer_id=customer_id, at=stamp, kind="adjust", points=points, reason=clean,
                        staff_id=staff_id, expires_at=expiry_for(stamp, settings.expiry_months) if points > 0 else None)
    session.add(entry)
    session.flush()
    return entry


# ---- purchases -------------------------------------------------------------------------------------------


def redeemed_on(session: Session, purchase_id: int) -> int:
    """Points currently redeemed on a purchase (0 when none or when voided)."""
    total = session.execute(select(func.sum(PointsEntry.points)).where(
        PointsEntry.purchase_id == purchase_id, PointsEntry.kind == "redeem")).scalar()
    return -int(total or 0)


def redemption_problems(session: Session, customer_id: int | None, redeem: object, total: int,
                        purchase_id: int | None = None) -> list[Problem]:
    """Why a redemption of ``redeem`` points on a purchase of ``total`` cannot be made (empty: it can). On an
    edited purchase the points it already redeemed count as available."""
    if redeem in (None, 0):
        return []
    if not isinstance(redeem, int) or isinstance(redeem, bool):
        return [Problem("points", "number_invalid", "points must be a whole number", str(redeem))]
    if redeem < 0:
        return [Problem("points", "points_negative", "points to use cannot be negative", str(redeem))]
    if customer_id is None:
        return [Problem("points", "points_no_customer", "a walk-in sale has no points to use", str(redeem))]
    expire_points(session, [customer_id])
    available = balance(session, customer_id)
    if purchase_id is not None:
        purchase = session.get(Purchase, purchase_id)
        if purchase is not None and purchase.customer_id == customer_id:
            available += redeemed_on(session, purchase_id)
    if redeem > available:
        return [Problem("points", "points_exceed_balance", f"only {max(available, 0)} points are available",
                        str(redeem))]
    if redeem > total:
        return [Problem("points", "points_exceed_total", f"at most the purchase total ({total}) can be paid in points",
                        str(redeem))]
    return []


def sync_purchase_points(session: Session, purchase: Purchase, redeem: int | None = None) -> None:
    """Bring the purchase's ledger entries in line with it: earn on what was paid, redeem ``redeem`` points
    (None keeps what it redeemed), nothing for a voided purchase or a walk-in sale. Writes correcting entries
    only; call after redemption_problems said yes."""
    settings = rules(session)
    stamp = now()
    rows = session.execute(select(PointsEntry).where(PointsEntry.purchase_id == purchase.id)
                           .order_by(PointsEntry.id)).scalars().all()
    current_redeem = -sum(e.points for e in rows if e.kind == "redeem" and e.customer_id == purchase.customer_id)
    want_redeem = 0 if purchase.voided_at is not None or purchase.customer_id is None else (
        current_redeem if redeem is None else redeem)
    # The rate of the purchase's first earn: an edit (a payment method put right) keeps what it earned at;
    # rows from before the rate was stored, and new purchases, use today's.
    earn_percent = next((Decimal(e.earn_percent) for e in rows if e.kind == "earn" and e.points > 0
                         and e.earn_percent), settings.earn_percent)
    want_earn = 0 if purchase.voided_at is not None or purchase.customer_id is None else points_for(
        purchase.total - want_redeem, earn_percent)
    # Points whose expiry has passed are never earned (like earn_for_purchases on imports): a receipt older
    # than the expiry period, entered late or given to a customer, earns nothing new; what it earned stays.
    past_expiry = expiry_for(purchase.purchased_at, settings.expiry_months) <= stamp
    customers = {e.customer_id for e in rows} | ({purchase.customer_id} if purchase.customer_id else set())
    for cid in sorted(customers):
        mine = [e for e in rows if e.customer_id == cid]
        is_owner = cid == purchase.customer_id
        earned = sum(e.points for e in mine if e.kind == "earn")
        redeemed = -sum(e.points for e in mine if e.kind == "redeem")
        target_earn = want_earn if is_owner else 0
        if past_expiry:
            target_earn = min(target_earn, earned)
        target_redeem = want_redeem if is_owner else 0
        if target_redeem != redeemed:
            delta = target_redeem - redeemed
            if delta > 0:
                expire_points(session, [cid], at=stamp)
                session.add(PointsEntry(customer_id=cid, at=stamp, kind="redeem", points=-delta,
                                        purchase_id=purchase.id))
            else:  # points given back: a new lot, counted from today
                session.add(PointsEntry(customer_id=cid, at=stamp, kind="redeem", points=-delta,
                                        purchase_id=purchase.id,
                                        expires_at=expiry_for(stamp, settings.expiry_months),
                                        reason="void" if purchase.voided_at is not None else ""))
        if target_earn != earned:
            lots = [e for e in mine if e.kind == "earn" and e.points > 0]
            delta = target_earn - earned
            if delta > 0:
                at = purchase.purchased_at if not lots else stamp
                session.add(PointsEntry(customer_id=cid, at=at, kind="earn", points=delta, purchase_id=purchase.id,
                                        expires_at=expiry_for(purchase.purchased_at, settings.expiry_months),
                                        earn_percent=str(earn_percent)))
            else:
                expire_points(session, [cid], at=stamp)
                lot_ids = {e.id for e in lots}
                gone = -sum(e.points for e in session.execute(select(PointsEntry).where(
                    PointsEntry.kind == "expire", PointsEntry.lot_id.in_(lot_ids))).scalars()) if lot_ids else 0
                take = min(-delta, max(earned - gone, 0))
                if take:
                    session.add(PointsEntry(customer_id=cid, at=stamp, kind="earn", points=-take,
                                            purchase_id=purchase.id, lot_id=lots[0].id if lots else None,
                                            reason="void" if purchase.voided_at is not None else ""))
    session.flush()


def earn_for_purchases(session: Session, purchase_ids: Sequence[int], *, at: datetime | None = None) -> int:
    """Earn points for stored purchases that have none yet (imports, the demo); purchases older than the expiry
    period earn nothing (their points would expire at once). Returns the points written. A ``range`` of ids
    (what an import creates) is read in slices of 50,000 ids rather than lists of 900."""
    settings = rules(session)
    if settings.earn_percent == 0 or not purchase_ids:
        return 0
    moment = at or now()
    oldest = moment - relativedelta(months=settings.expiry_months)
    wanted = (Purchase.customer_id.is_not(None), Purchase.voided_at.is_(None), Purchase.purchased_at > oldest)
    if isinstance(purchase_ids, range) and purchase_ids.step == 1:
        # Slices of 50,000 ids: one query each, and the rows of one slice in memory at a time.
        spans = [(Purchase.id.between(lo, min(lo + 49_999, purchase_ids.stop - 1)),
                  PointsEntry.purchase_id.between(lo, min(lo + 49_999, purchase_ids.stop - 1)))
                 for lo in range(purchase_ids.start, purchase_ids.stop, 50_000)]
    else:
        ids = list(purchase_ids)
        spans = [(Purchase.id.in_(ids[i:i + 900]), PointsEntry.purchase_id.in_(ids[i:i + 900]))
                 for i in range(0, len(ids), 900)]
    written = 0
    for purchase_span, entry_span in spans:
        have = set(session.execute(select(PointsEntry.purchase_id).where(entry_span)).scalars())
        rows = session.execute(select(Purchase.id, Purchase.customer_id, Purchase.purchased_at, Purchase.total)
                               .where(purchase_span, *wanted)).all()
        values = []
        for pid, cid, at_, total in rows:
            points = points_for(total, settings.earn_percent)
            if pid in have or points <= 0:
                continue
            values.append({"customer_id": cid, "at": at_, "kind": "earn", "points": points, "purchase_id": pid,
                           "expires_at": expiry_for(at_, settings.expiry_months), "reason": "import",
                           "lot_id": None, "staff_id": None, "earn_percent": str(settings.earn_percent)})
            written += points
        insert_entries(session, values)
    session.flush()
    return written


_ENTRY_COLUMNS = ("customer_id", "at", "kind", "points", "purchase_id", "expires_at", "reason", "lot_id", "staff_id",
                  "earn_percent")


def insert_entries(session: Session, values: list[dict]) -> None:
    """Many new entries at once. On SQLite straight through the driver with the timestamps already written as
    SQLAlchemy stores them (half the time of Core's per-row processing for an import's 250,000 entries);
    elsewhere the one bulk path (COPY on PostgreSQL: executemany cost the import a round of parameters per entry)."""
    if not values:
        return
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        insert_rows(conn, "points_entry", _ENTRY_COLUMNS, (tuple(v.get(c) for c in _ENTRY_COLUMNS) for v in values))
        return

    def cell(value: object) -> object:
        return value.isoformat(" ", "microseconds") if isinstance(value, datetime) else value

    begin_pending(conn)
    cursor = conn.connection.cursor()
    try:
        cursor.executemany(
            f"INSERT INTO points_entry ({', '.join(_ENTRY_COLUMNS)}) VALUES ({', '.join('?' * len(_ENTRY_COLUMNS))})",
            [tuple(cell(v.get(c)) for c in _ENTRY_COLUMNS) for v in values])
    finally:
        cursor.close()


# ---- tiers -----------------------------------------------------------------------------------------------


def tier_for(spend: int, tiers: Sequence[tuple[str, int]]) -> str:
    name = tiers[0][0]
    for tier_name, minimum in tiers:
        if spend >= minimum:
            name = tier_name
    return name


def spend_last_year(session: Session, customer_ids: Iterable[int] | None = None, *,
                    at: datetime | None = None) -> dict[int, int]:
    """Spend over the last 12 months per customer (voided purchases left out)."""
    moment = at or now()
    stmt = (select(Purchase.customer_id, func.sum(Purchase.total))
            .where(Purchase.customer_id.is_not(None), Purchase.voided_at.is_(None),
                   Purchase.purchased_at > moment - TIER_WINDOW, Purchase.purchased_at <= moment)
            .group_by(Purchase.customer_id))
    if customer_ids is None:
        return {cid: int(total or 0) for cid, total in session.execute(stmt)}
    ids = list(customer_ids)
    out: dict[int, int] = {}
    for start in range(0, len(ids), 900):
        out.update({cid: int(total or 0) for cid, total in
                    session.execute(stmt.where(Purchase.customer_id.in_(ids[start:start + 900])))})
    return out


def current_tiers(session: Session, customer_ids: Iterable[int] | None = None) -> dict[int, str]:
    """The recorded tier of each customer that has one (latest change); others are in the lowest tier."""
    latest = (select(TierChange.customer_id, func.max(TierChange.id).label("last"))
              .group_by(TierChange.customer_id))
    if customer_ids is None:
        return _latest_tiers(session, latest)
    ids = sorted(set(customer_ids))
    out: dict[int, str] = {}
    # In parts: an import of 100,000 new cards asks for all; PostgreSQL takes at most 65,535 parameters.
    for start in range(0, len(ids), 900):
        out.update(_latest_tiers(session, latest.where(TierChange.customer_id.in_(ids[start:start + 900]))))
    return out


def _latest_tiers(session: Session, latest: Any) -> dict[int, str]:
    sub = latest.subquery()
    rows = session.execute(select(TierChange.customer_id, TierChange.new_tier)
                           .join(sub, TierChange.id == sub.c.last))
    return dict(rows.all())


def tier_of(session: Session, customer_id: int, settings: LoyaltyRules | None = None) -> str:
    """``settings``: the rules, when the caller has read them already."""
    return current_tiers(session, [customer_id]).get(customer_id) or (settings or rules(session)).tiers[0][0]


def recompute_tiers(session: Session, customer_ids: Iterable[int] | None = None, *,
                    at: datetime | None = None) -> int:
    """Record a tier change for every customer (given, or all) whose spend now puts them in another tier;
    returns how many changed."""
    moment = at or now()
    tiers = rules(session).tiers
    base = tiers[0][0]
    ids = None if customer_ids is None else sorted(set(customer_ids))
    spend = spend_last_year(session, ids, at=moment)
    recorded = current_tiers(session, ids)
    candidates = ids if ids is not None else sorted(set(spend) | set(recorded))
    rows = []
    for cid in candidates:
        amount = spend.get(cid, 0)
        new = tier_for(amount, tiers)
        old = recorded.get(cid) or base
        if new != old:
            rows.append({"customer_id": cid, "at": moment, "old_tier": old, "new_tier": new, "spend": amount})
    if rows:
        session.execute(insert(TierChange), rows)
    session.flush()
    return len(rows)


def tier_history(session: Session, customer_id: int) -> list[TierChange]:
    return list(session.execute(select(TierChange).where(TierChange.customer_id == customer_id)
                                .order_by(TierChange.at.desc(), TierChange.id.desc())).scalars())


@dataclass(frozen=True)
class LoyaltySummary:
    balance: int
    tier: str
    spend_12m: int
    next_tier: str | None
    to_next_tier: int
    expiring_soon: int  # points that expire within 30 days
    expiring_on: datetime | None


def summary(session: Session, customer_id: int) -> LoyaltySummary:
    """What the card shows: balance, tier, spend, the next tier and what expires soon."""
    settings = rules(session)
    stamp = now()
    entries = _entries(session, customer_id)
    remaining = lots_remaining(entries)
    soon = [(e.expires_at, remaining.get(e.id or 0, 0)) for e in entries
            if e.points > 0 and e.expires_at is not None and stamp < e.expires_at <= stamp + timedelta(days=30)
            and remaining.get(e.id or 0, 0) > 0]
    spend = spend_last_year(session, [customer_id], at=stamp).get(customer_id, 0)
    tier = tier_of(session, customer_id, settings)
    higher = [(n, m) for n, m in settings.tiers if m > spend]
    return LoyaltySummary(
        balance=sum(e.points for e in entries), tier=tier, spend_12m=spend,
        next_tier=higher[0][0] if higher else None, to_next_tier=higher[0][1] - spend if higher else 0,
        expiring_soon=sum(p for _, p in soon), expiring_on=min((d for d, _ in soon), default=None))


UPKEEP_KEY = "loyalty_upkeep_at"
UPKEEP_ENTRY_KEY = "loyalty_upkeep_entry_id"  # the last points entry the previous run had seen


def upkeep_due(session: Session, *, at: datetime | None = None) -> bool:
    """True when the daily loyalty run has not run today."""
    last = get_setting(session, UPKEEP_KEY)
    return not last or last[:10] < (at or now()).date().isoformat()


def daily_upkeep(session: Session, *, at: datetime | None = None) -> tuple[int, int]:
    """What start-up and the daily run do (and ``crmdesk points upkeep`` on demand): expire lots past their
    date, move customers whose 12-month spend crossed a threshold. Returns (points expired, tier changes)."""
    moment = at or now()
    last = get_setting(session, UPKEEP_KEY)
    since = datetime.fromisoformat(last) if last else None
    last_id = get_setting(session, UPKEEP_ENTRY_KEY)
    top_id = session.execute(select(func.max(PointsEntry.id))).scalar() or 0
    expired = expire_points(session, at=moment, since=since, since_id=int(last_id) if last_id.isdigit() else 0)
    changed = recompute_tiers(session, at=moment)
    set_setting(session, UPKEEP_KEY, moment.isoformat(" "))
    set_setting(session, UPKEEP_ENTRY_KEY, str(top_id))
    return expired, changed


__all__ = [
    "DEFAULT_TIERS", "KINDS", "LedgerLine", "LoyaltyRules", "LoyaltySummary", "adjust_points", "balance",
    "balances", "current_tiers", "daily_upkeep", "earn_for_purchases", "expire_points", "expiry_for", "ledger",
    "lots_remaining", "points_for", "recompute_tiers", "redeemed_on", "redemption_problems", "rules",
    "set_rules", "spend_last_year", "summary", "sync_purchase_points", "tier_for", "tier_history", "tier_of",
    "upkeep_due",
]
