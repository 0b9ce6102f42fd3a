"""Does CRM pay for this shop? Figures from the shop's own data, a plain verdict, and a what-if.

Over the last 12 months up to ``as_of`` (voided purchases left out):

- known_share: the share of revenue made to known customers (not walk-ins): CRM can only work on sales it knows.
- median_gap_days: for the regulars (3 or more visit days in the 12 months), the median of each one's median
  days between visits: how often there is a chance to see them.
- value: each active customer's spend over their whole history (those who bought at least once): mean, median,
  standard deviation and coefficient of variation (std / mean): a large spread means a few customers are worth
  much more than the rest, and looking after them pays.
- reachable_share: of the active cards, those with a phone and consent to SMS, KakaoTalk or calls.
- retention: of the customers who bought in the 12 months before the last 12, the share who bought again in
  the last 12.

The what-if ("if 5 % fewer customers left each year") follows the lifetime-value model of the textbook: next
year's revenue from today's customers is the customers who stay times what a returning customer spends in a
year. Five percentage points fewer leaving (never more than those who leave) keeps ``active x 0.05`` more
customers, each worth the average yearly spend of a returning customer.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlmodel import Session

from crmdesk.models import Customer, Purchase
from crmdesk.services import consent

REGULAR_VISITS = 3
FEWER_LEAVING = 0.05
REACH_PURPOSES = (consent.Purpose.SMS, consent.Purpose.KAKAO, consent.Purpose.PHONE)


@dataclass(frozen=True)
class WhatIf:
    active: int  # customers who bought in the last 12 months
    retention: float | None  # measured: share of last year's customers who came back this year
    returning_spend: int  # a returning customer's average spend over the last 12 months
    fewer_leaving: float  # 0.05
    kept: float  # more customers kept: active x min(0.05, 1 - retention)
    extra_revenue: int  # kept x returning_spend, over the next year


@dataclass(frozen=True)
class CrmFit:
    as_of: date
    revenue: int  # last 12 months, all sales
    known_revenue: int
    regulars: int
    median_gap_days: float | None
    customers_with_value: int
    value_mean: float
    value_median: float
    value_std: float
    active_cards: int
    reachable: int
    what_if: WhatIf
    verdict: str = "weak"  # strong | partial | weak
    advice: list[str] = field(default_factory=list)  # keys of plain-words advice, most important first

    @property
    def known_share(self) -> float | None:
        return self.known_revenue / self.revenue if self.revenue else None

    @property
    def value_cv(self) -> float | None:
        return self.value_std / self.value_mean if self.value_mean else None

    @property
    def reachable_share(self) -> float | None:
        return self.reachable / self.active_cards if self.active_cards else None


def _bounds(as_of: date) -> tuple[datetime, datetime, datetime]:
    end = datetime.combine(as_of + timedelta(days=1), time.min)
    return end - timedelta(days=730), end - timedelta(days=365), end


def _counted() -> list:
    return [Purchase.voided_at.is_(None)]


def _median_gap(session: Session, start: datetime, end: datetime) -> tuple[int, float | None]:
    days: dict[int, list[date]] = defaultdict(list)
    day = func.date(Purchase.purchased_at)
    for cid, on in session.execute(select(Purchase.customer_id, day).distinct()
                                   .where(Purchase.customer_id.is_not(None), *_counted(),
                                          Purchase.purchased_at >= start, Purchase.purchased_at < end)):
        days[cid].append(on if isinstance(on, date) else date.fromisoformat(str(on)))
    gaps = []
    for visits in days.values():
        if len(visits) >= REGULAR_VISITS:
            ordered = sorted(visits)
            gaps.append(statistics.median((b - a).days for a, b in zip(ordered, ordered[1:], strict=False)))
    return len(gaps), (statistics.median(gaps) if gaps else None)


def _what_if(session: Session, before: datetime, start: datetime, end: datetime) -> WhatIf:
    def buyers(a: datetime, b: datetime) -> dict[int, int]:
        return {cid: int(total or 0) for cid, total in session.execute(
            select(Purchase.customer_id, func.sum(Purchase.total))
            .where(Purchase.customer_id.is_not(None), *_counted(), Purchase.purchased_at >= a,
                   Purchase.purchased_at < b).group_by(Purchase.customer_id))}

    last_year, this_year = buyers(before, start), buyers(start, end)
    returning = [this_year[c] for c in last_year if c in this_year]
    retention = len(returning) / len(last_year) if last_year else None
    spend = round(sum(returning) / len(returning)) if returning else 0
    kept = len(this_year) * min(FEWER_LEAVING, 1 - retention) if retention is not None else 0.0
    return WhatIf(len(this_year), retention, spend, FEWER_LEAVING, kept, round(kept * spend))


def _verdict(fit: CrmFit) -> tuple[str, list[str]]:
    advice: list[str] = []
    good = 0
    if fit.known_share is not None and fit.known_share >= 0.5:
        good += 1
    else:
        advice.append("register_more")
    if fit.reachable_share is not None and fit.reachable_share >= 0.4:
        good += 1
    else:
        advice.append("ask_consent")
    if fit.median_gap_days is not None and fit.median_gap_days <= 30:
        good += 1
        advice.append("frequent_visits")
    elif fit.median_gap_days is not None:
        advice.append("remind_between_visits")
    if fit.value_cv is not None and fit.value_cv >= 1:
        good += 1
        advice.append("care_for_the_best")
    if fit.what_if.retention is not None and fit.what_if.retention < 0.5:
        advice.append("keep_them_coming")
    return ("strong" if good >= 3 else "partial" if good == 2 else "weak"), advice


def crm_fit(session: Session, as_of: date | None = None) -> CrmFit:
    as_of = as_of or date.today()
    before, start, end = _bounds(as_of)
    total, known = session.execute(
        select(func.coalesce(func.sum(Purchase.total), 0),
               func.coalesce(func.sum(Purchase.total).filter(Purchase.customer_id.is_not(None)), 0))
        .where(*_counted(), Purchase.purchased_at >= start, Purchase.purchased_at < end)).one()
    regulars, gap = _median_gap(session, start, end)
    live = (Customer.archived.is_(False), Customer.merged_into_id.is_(None), Customer.erased_at.is_(None))
    values = [int(v or 0) for v in session.execute(
        select(func.sum(Purchase.total)).join(Customer, Customer.id == Purchase.customer_id)
        .where(*live, *_counted(), Purchase.purchased_at < end).group_by(Purchase.customer_id)).scalars()]
    active = list(session.execute(select(Customer.id, Customer.phone).where(*live)).all())
    reach: set[int] = set()
    for purpose in REACH_PURPOSES:
        reach |= consent.consented_ids(session, purpose)
    reachable = sum(1 for cid, phone in active if phone and cid in reach)
    fit = CrmFit(as_of, int(total), int(known), regulars, gap, len(values),
                 statistics.fmean(values) if values else 0.0, statistics.median(values) if values else 0.0,
                 statistics.pstdev(values) if len(values) > 1 else 0.0, len(active), reachable,
                 _what_if(session, before, start, end))
    verdict, advice = _verdict(fit)
    return CrmFit(**{**fit.__dict__, "verdict": verdict, "advice": advice})


__all__ = ["FEWER_LEAVING", "CrmFit", "WhatIf", "crm_fit"]
