"""Acquisition: new customers per month by how they came (유입 경로), how many came back within 90 days, and what
they have spent so far; and referral value, what the customers someone referred have spent, beside their own.

A customer is new in the month of their first counted purchase (voided ones left out; a card that never bought
has not been acquired as a customer yet). They returned within 90 days when they bought again on a later day at
most 90 days after the first; for a first purchase less than 90 days before ``as_of`` the answer may still
change (``settled`` is False for such a month). Value is their spend so far, up to ``as_of``. Archived and
merged cards count (the purchases of a merged card moved to the survivor, whose first purchase counts).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from crmdesk.models import Customer, Purchase, Referral

RETURN_DAYS = 90
UNKNOWN = "unknown"


@dataclass(frozen=True)
class AcquisitionRow:
    month: str  # "2026-05"
    channel: str  # the card's acquired_via, or "unknown"
    new_customers: int
    returned_90d: int
    value: int
    settled: bool  # every first purchase of the row is at least 90 days before as_of

    @property
    def return_rate(self) -> float | None:
        return self.returned_90d / self.new_customers if self.new_customers else None


def _month_start(day: date, months_back: int) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def acquisition(session: Session, *, months: int = 12, as_of: date | None = None) -> list[AcquisitionRow]:
    """One row per month (the ``months`` months up to ``as_of``'s, oldest first) and channel that has new
    customers, channels by name."""
    as_of = as_of or date.today()
    end = datetime.combine(as_of + timedelta(days=1), time.min)
    start = datetime.combine(_month_start(as_of, months - 1), time.min)
    counted = (Purchase.customer_id.is_not(None), Purchase.voided_at.is_(None), Purchase.purchased_at < end)
    firsts = (select(Purchase.customer_id.label("cid"), func.min(Purchase.purchased_at).label("first"),
                     func.sum(Purchase.total).label("value"))
              .where(*counted).group_by(Purchase.customer_id).subquery())
    rows = session.execute(select(firsts.c.cid, firsts.c.first, firsts.c.value, Customer.acquired_via)
                           .join(Customer, Customer.id == firsts.c.cid)
                           .where(firsts.c.first >= start)).all()
    again: dict[Any, Any] = dict(session.execute(
        select(Purchase.customer_id, func.min(Purchase.purchased_at)).join(firsts, firsts.c.cid == Purchase.customer_id)
        .where(*counted, firsts.c.first >= start, func.date(Purchase.purchased_at) > func.date(firsts.c.first))
        .group_by(Purchase.customer_id)).all())
    groups: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 1])
    for cid, first, value, channel in rows:
        first = first if isinstance(first, datetime) else datetime.fromisoformat(str(first))
        group = groups[(first.strftime("%Y-%m"), channel or UNKNOWN)]
        group[0] += 1
        second = again.get(cid)
        if second is not None:
            second = second if isinstance(second, datetime) else datetime.fromisoformat(str(second))
            group[1] += int((second.date() - first.date()).days <= RETURN_DAYS)
        group[2] += int(value or 0)
        if (as_of - first.date()).days < RETURN_DAYS:
            group[3] = 0
    return [AcquisitionRow(month, channel, n, back, value, bool(settled))
            for (month, channel), (n, back, value, settled) in sorted(groups.items())]


@dataclass(frozen=True)
class ReferralValue:
    customer_id: int
    name: str
    own: int  # their own spend so far
    referred: int  # customers they referred
    referred_spend: int  # what those customers have spent so far

    @property
    def total(self) -> int:
        return self.own + self.referred_spend


def referral_values(session: Session, *, limit: int | None = 10) -> list[ReferralValue]:
    """Customers who referred someone, by the spend of those they referred (then their own), with their own
    spend beside it and the total: lifetime value as our source defines it includes the referred customers'."""
    spend = (select(Purchase.customer_id.label("cid"), func.sum(Purchase.total).label("spent"))
             .where(Purchase.customer_id.is_not(None), Purchase.voided_at.is_(None))
             .group_by(Purchase.customer_id).subquery())
    referred: dict[Any, Any] = dict(session.execute(
        select(Referral.referrer_id, func.coalesce(func.sum(spend.c.spent), 0))
        .outerjoin(spend, spend.c.cid == Referral.customer_id).group_by(Referral.referrer_id)).all())
    counts: dict[Any, Any] = dict(session.execute(
        select(Referral.referrer_id, func.count()).group_by(Referral.referrer_id)).all())
    own: dict[Any, Any] = dict(session.execute(
        select(spend.c.cid, spend.c.spent).where(spend.c.cid.in_(list(referred)))).all())
    names: dict[Any, Any] = dict(session.execute(
        select(Customer.id, Customer.name).where(Customer.id.in_(list(referred)))).all())
    out = [ReferralValue(cid, names.get(cid, ""), int(own.get(cid) or 0), int(counts.get(cid, 0)),
                         int(referred[cid] or 0)) for cid in referred]
    out.sort(key=lambda r: (-r.referred_spend, -r.own, r.customer_id))
    return out[:limit] if limit is not None else out


__all__ = ["RETURN_DAYS", "AcquisitionRow", "ReferralValue", "acquisition", "referral_values"]
