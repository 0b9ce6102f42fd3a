"""What each report shows, gathered from the store without Qt: plain dataclasses the documents are built from.

Figures come from the analytics (RFM segments, Pareto) and the services (consent, feedback, the card); the
value column is historic value, what a customer has spent up to the as-of date. The window gathers these in
a background job; the command line calls them directly.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd
from sqlalchemy import func, select
from sqlmodel import Session, col

from crmdesk.access import Permission, require
from crmdesk.analytics.loader import customer_purchases
from crmdesk.analytics.margin import MarginCoverage, coverage, on_margin, purchase_margins
from crmdesk.analytics.pareto import pareto
from crmdesk.analytics.rfm import KOREAN_NAMES, NO_PURCHASE, SEGMENT_NAMES, rfm_scores, shop_segment_map
from crmdesk.errors import CrmError
from crmdesk.models import Contact, Customer
from crmdesk.services import audit, consent
from crmdesk.services.customers import PurchaseSummary, get_customer, phones_of
from crmdesk.services.customers import customer_purchases as card_purchases
from crmdesk.services.feedback import FeedbackQuery, list_feedback
from crmdesk.services.settings import get_setting
from crmdesk.services.timeline import TimelineEntry, customer_timeline
from crmdesk.store import Store

ProgressFn = Callable[[int, int], None]
VISIT_CHANNELS = ("visit", "home_visit")
_CHUNK = 900  # ids per IN (...): well under every database's parameter limit


def _noop(_done: int, _total: int) -> None:
    pass


def month_before(day: date) -> date:
    """The same day one month earlier (31 March -> 28/29 February): the previous period of a monthly review."""
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def find_segment(name: str) -> str:
    """The English key of a segment given in English or Korean, any case; CrmError naming the choices."""
    def folded(text: str) -> str:  # "이탈위험", "at risk", "At  Risk" all find At Risk
        return "".join(text.split()).casefold().replace("’", "'")

    wanted = folded(name)
    for en in (*SEGMENT_NAMES, NO_PURCHASE[0]):
        if wanted in (folded(en), folded(KOREAN_NAMES[en])):
            return en
    raise CrmError(f"Unknown segment {name!r}; choose one of: {', '.join(SEGMENT_NAMES)} "
                   f"(or the Korean names: {', '.join(KOREAN_NAMES[s] for s in SEGMENT_NAMES)}).",
                   ko=f"세그먼트 {name!r}은(는) 없습니다. 다음 중에서 고르세요: "
                      f"{', '.join(KOREAN_NAMES[s] for s in SEGMENT_NAMES)} "
                      f"(영어 이름도 됩니다: {', '.join(SEGMENT_NAMES)}).")


@dataclass(frozen=True)
class ListedCustomer:
    """One customer line of a list: what a caller needs in front of them."""

    customer_id: int
    code: str | None
    name: str
    phone: str | None  # digits as stored; masked or formatted when printed
    last_purchase: datetime | None
    recency_days: int | None
    purchases: int
    value: int  # historic value: spent up to the as-of date, minor units
    consented: bool = False
    open_complaints: int = 0
    last_visit: datetime | None = None


@dataclass(frozen=True)
class SegmentFigures:
    segment: str
    customers: int
    share: float
    revenue: int
    revenue_share: float
    avg_recency: float | None
    avg_frequency: float
    avg_spend: float
    change: int | None  # customers now minus one month earlier; None without earlier history


@dataclass
class SegmentReportData:
    shop: str
    as_of: date
    previous_as_of: date
    has_previous: bool
    customers: int
    buyers: int
    revenue: int
    top20_share: float | None
    share_for_80: float | None
    customers_for_80: int | None
    segments: list[SegmentFigures]
    # segment -> (customers in it, the listed ones: highest value first, at most the list limit)
    lists: dict[str, tuple[int, list[ListedCustomer]]] = field(default_factory=dict)
    # On margin (issue 20): every money figure (revenue, shares, average spend, each customer's value) is gross
    # margin, and this says what it is made of and how much revenue has no cost. None on revenue.
    margin: MarginCoverage | None = None


@dataclass
class CallListData:
    shop: str
    as_of: date
    segment: str
    in_segment: int  # customers in the segment, consenting or not
    customers: list[ListedCustomer]  # consented ones only, highest value first
    truncated: int = 0  # consented customers left off by the limit


@dataclass
class CardData:
    shop: str
    printed: date
    customer: Customer
    purchases: list[PurchaseSummary]
    timeline: list[TimelineEntry]
    open_complaints: int


def shop_name(store: Store) -> str:
    with store.session() as session:
        return get_setting(session, "shop_name") or "crmdesk"


def _rfm(store: Store, as_of: date) -> pd.DataFrame:
    return rfm_scores(customer_purchases(store, as_of), as_of, shop_segment_map(store))


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


def _last_visits(session: Session, ids: list[int], until: datetime) -> dict[int, datetime]:
    """Latest logged visit (at the counter or at home) per customer, before ``until``."""
    out: dict[int, datetime] = {}
    for chunk in _chunks(ids):
        stmt = (select(col(Contact.customer_id), func.max(Contact.occurred_at))
                .where(col(Contact.customer_id).in_(chunk), col(Contact.channel).in_(VISIT_CHANNELS),
                       col(Contact.occurred_at) < until)
                .group_by(col(Contact.customer_id)))
        for cid, at in session.execute(stmt):
            out[cid] = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
    return out


def open_complaint_counts(session: Session) -> Counter[int]:
    """Open complaints (received or in progress) per customer, as the feedback service lists them."""
    rows = list_feedback(session, FeedbackQuery(status="open", kind="complaint"), limit=1_000_000)
    return Counter(r.customer_id for r in rows if r.customer_id is not None)


def _listed(table: pd.DataFrame, session: Session, *, as_of: date, visits: bool = False,
            complaints: Counter[int] | None = None) -> list[ListedCustomer]:
    """ListedCustomer rows for the RFM rows in ``table`` (already ordered), with phone, consent, complaints."""
    ids = [int(i) for i in table["customer_id"]]
    phones = phones_of(session, ids)
    consented = consent.consented_ids(session, consent.Purpose.PHONE, ids)
    if complaints is None:
        complaints = open_complaint_counts(session) if ids else Counter()
    last_visits = _last_visits(session, ids, datetime.combine(as_of, datetime.max.time())) if visits else {}
    last = customer_last_purchases(table)
    out = []
    for row, last_purchase in zip(table.itertuples(index=False), last, strict=True):
        cid = int(row.customer_id)
        visit = last_visits.get(cid)
        if last_purchase is not None and (visit is None or last_purchase > visit):
            visit = last_purchase  # at a counter shop a purchase is a visit too
        out.append(ListedCustomer(
            cid, None if pd.isna(row.customer_code) else row.customer_code, row.name, phones.get(cid), last_purchase,
            None if pd.isna(row.recency_days) else int(row.recency_days), int(row.frequency), int(row.monetary),
            cid in consented, complaints.get(cid, 0), visit))
    return out


def customer_last_purchases(table: pd.DataFrame) -> list[datetime | None]:
    if "last_purchase_at" not in table.columns:
        return [None] * len(table)
    return [None if pd.isna(v) else pd.Timestamp(v).to_pydatetime() for v in table["last_purchase_at"]]


def _with_last_purchase(store: Store, as_of: date) -> pd.DataFrame:
    purchases = customer_purchases(store, as_of)
    table = rfm_scores(purchases, as_of, shop_segment_map(store))
    table["last_purchase_at"] = purchases["last_purchase_at"].to_numpy()
    return table


def _by_value(table: pd.DataFrame) -> pd.DataFrame:
    return table.sort_values(["monetary", "customer_id"], ascending=[False, True], kind="stable")


def segment_report_data(store: Store, as_of: date | None = None, *, list_limit: int = 50,
                        progress: ProgressFn = _noop, on: str = "revenue") -> SegmentReportData:
    """Everything the segment report prints. ``list_limit`` customers per segment are listed (0: none,
    None: all), highest value first. ``on="margin"``: the money figures are gross margin (segments keep their
    members; crmdesk.analytics.margin)."""
    require(store, Permission.ANALYTICS)
    if list_limit != 0:  # customers' names and phones on paper: an export, as the campaigns' call lists are
        require(store, Permission.EXPORT)
    as_of = as_of or date.today()
    progress(0, 4)
    table = _with_last_purchase(store, as_of)
    margin = None
    if on == "margin":
        margins = purchase_margins(store, as_of)
        margin = coverage(margins)
        table = on_margin(table, margins)
    progress(1, 4)
    previous_as_of = month_before(as_of)
    previous = _rfm(store, previous_as_of)
    has_previous = bool((previous["frequency"] > 0).any())
    progress(2, 4)
    figures = pareto(table)
    revenue = int(table["monetary"].sum())
    total = len(table)
    before = previous["segment"].value_counts()
    segments = []
    for name in (*SEGMENT_NAMES, NO_PURCHASE[0]):
        part = table[table["segment"] == name]
        n = len(part)
        if n == 0 and not (has_previous and before.get(name, 0)):
            continue
        seg_revenue = int(part["monetary"].sum())
        recency = part["recency_days"].dropna()
        segments.append(SegmentFigures(
            name, n, n / total if total else 0.0, seg_revenue, seg_revenue / revenue if revenue else 0.0,
            float(recency.mean()) if len(recency) else None,
            float(part["frequency"].mean()) if n else 0.0, float(part["monetary"].mean()) if n else 0.0,
            n - int(before.get(name, 0)) if has_previous else None))
    lists: dict[str, tuple[int, list[ListedCustomer]]] = {}
    if list_limit != 0:
        with store.session() as session:
            complaints = open_complaint_counts(session)
            for seg in segments:
                part = _by_value(table[table["segment"] == seg.segment])
                shown = part if list_limit is None else part.head(list_limit)
                lists[seg.segment] = (len(part), _listed(shown, session, as_of=as_of, complaints=complaints))
            listed = sum(len(people) for _total, people in lists.values())
            audit.record(session, "export", None, {"what": f"segment report as of {as_of}", "rows": listed})
    progress(4, 4)
    return SegmentReportData(
        shop_name(store), as_of, previous_as_of, has_previous, total, figures.customers, revenue,
        figures.top20_revenue_share, figures.customers_share_for_80, figures.customers_for_80, segments, lists,
        margin)


def call_list_data(store: Store, segment: str, as_of: date | None = None, *, limit: int | None = None,
                   progress: ProgressFn = _noop) -> CallListData:
    """The customers of ``segment`` (English or Korean name) who agreed to be phoned, highest value first."""
    segment = find_segment(segment)
    require(store, Permission.EXPORT)  # a printed list of customers and phones is an export: owner only, audited
    as_of = as_of or date.today()
    progress(0, 3)
    table = _with_last_purchase(store, as_of)
    part = _by_value(table[table["segment"] == segment])
    progress(1, 3)
    with store.session() as session:
        ids = [int(i) for i in part["customer_id"]]
        allowed = consent.consented_ids(session, consent.Purpose.PHONE, ids)
        part = part[part["customer_id"].isin(allowed)]
        truncated = 0
        if limit is not None and len(part) > limit:
            truncated, part = len(part) - limit, part.head(limit)
        progress(2, 3)
        customers = _listed(part, session, as_of=as_of, visits=True)
        audit.record(session, "export", None, {"what": f"call list {segment} as of {as_of}", "rows": len(customers)})
    progress(3, 3)
    return CallListData(shop_name(store), as_of, segment, len(ids), customers, truncated)


def card_data(store: Store, customer_id: int, *, purchases: int = 15, events: int = 12,
              printed: date | None = None) -> CardData:
    """One customer's card with the latest purchases and contacts/feedback, for a consultation."""
    with store.session() as session:
        customer = get_customer(session, customer_id)
        session.expunge(customer)
        bought = card_purchases(session, customer_id, limit=purchases)
        timeline = customer_timeline(session, customer_id, kinds=("contact", "feedback"), limit=events)[:events]
        complaints = open_complaint_counts(session).get(customer_id, 0)
        audit.record(session, "export", customer_id, {"what": "customer card print"})
    return CardData(shop_name(store), printed or date.today(), customer, bought, timeline, complaints)
