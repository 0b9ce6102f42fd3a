"""What each customer is worth and where they stand: RFM segment, lifecycle stage, historic and predicted value.

The whole shop is computed at once (RFM quintiles, the shop's return window and the BG/NBD + Gamma-Gamma fit
all need every customer), which takes seconds on a large shop; so, as in :mod:`crmdesk.services.suggestions`,
the result is kept in memory per database, day and data state and shared by the customer card (one customer's
line) and the dashboard's lifecycle tab (stage counts and the reactivation list). The cache is refreshed when
a purchase is added or voided, a card is added, archived or merged, or the segment mapping changes; the window
runs the first computation of the day off the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlmodel import Session

from crmdesk.access import Permission, require
from crmdesk.models import Customer, Purchase, PurchaseLine
from crmdesk.services.files_out import write_table
from crmdesk.services.settings import get_setting
from crmdesk.store import Store

if TYPE_CHECKING:  # pandas loads when values are first asked for, not with the window
    import pandas as pd

    from crmdesk.analytics.value_fit import ValueFit

STEPS = 4
HISTORY_MONTHS = 24
REACTIVATION_STAGES = ("at_risk", "dormant")
# (column, English header, Korean header) of a saved reactivation list.
REACTIVATION_COLUMNS = (
    ("customer_id", "ID", "번호"),
    ("customer_code", "Customer code", "고객코드"),
    ("name", "Name", "이름"),
    ("stage", "Stage", "단계"),
    ("segment", "RFM segment", "RFM 세그먼트"),
    ("phone", "Phone", "전화번호"),
    ("sms_consent", "SMS consent", "문자 수신 동의"),
    ("last_purchase_day", "Last purchase", "최근 구매일"),
    ("silence_days", "Silent (days)", "침묵(일)"),
    ("usual_gap_days", "Usual gap (days)", "평소 간격(일)"),
    ("purchase_days", "Purchase days", "구매일 수"),
    ("historic_value", "Historic value", "과거 가치"),
    ("predicted_value", "Predicted value (1 year)", "예측 가치(1년)"),
    ("p_alive", "P(alive)", "생존 확률"),
)

_lock = threading.Lock()
_computing = threading.Lock()
_cache: dict[str, tuple[tuple, ShopValue]] = {}


@dataclass(frozen=True)
class ShopValue:
    """Every active customer's standing as of the end of ``as_of``. ``table``: churn.CHURN_COLUMNS plus segment
    (English RFM segment name), indexed by customer_id. When ``predicted`` is False the forecast fell back to
    historic value and ``reason``/``reason_ko`` say why."""

    as_of: date
    table: pd.DataFrame
    predicted: bool
    reason: str
    reason_ko: str
    return_window_days: float | None
    loyal_days: int
    stage_history: pd.DataFrame  # churn.lifecycle_counts over the last HISTORY_MONTHS month ends
    fit: ValueFit | None = None  # what one card is scored with until the next computation (value_fit.py)

    def stage_customers(self, stage: str) -> frozenset[int]:
        return frozenset(self.table.index[self.table["stage"] == stage].tolist())

    def stage_counts(self) -> dict[str, int]:
        from crmdesk.analytics.churn import STAGE_NAMES

        counts = self.table["stage"].value_counts()
        return {stage: int(counts.get(stage, 0)) for stage in STAGE_NAMES}


@dataclass(frozen=True)
class CustomerValue:
    """One customer's line on the card. ``predicted_value`` and ``p_alive`` are None when the shop's forecast
    fell back (``reason`` says why) or the customer never bought."""

    customer_id: int
    segment: str  # English RFM segment name (rfm.KOREAN_NAMES has the Korean)
    stage: str  # churn stage key, or "no_purchase"
    purchase_days: int
    historic_value: int
    predicted_value: float | None
    p_alive: float | None
    usual_gap_days: float | None
    reason: str
    reason_ko: str


def _data_state(session: Session) -> tuple:
    """Cheap figures that change whenever the computed values could: new or voided purchases, new, archived or
    merged cards, another segment mapping."""
    return (session.execute(select(func.max(Purchase.id))).scalar_one(),
            session.execute(select(func.max(PurchaseLine.id))).scalar_one(),
            session.execute(select(func.count()).select_from(Purchase).where(Purchase.voided_at.is_not(None)))
            .scalar_one(),
            session.execute(select(func.max(Customer.id))).scalar_one(),
            session.execute(select(func.count()).select_from(Customer).where(Customer.archived.is_(True)))
            .scalar_one(),
            get_setting(session, "rfm_segments"))


def compute_shop_value(store: Store, as_of: date,
                       progress: Callable[[int, int], None] | None = None) -> ShopValue:
    """The uncached computation (the benchmark times this)."""
    from crmdesk.analytics import churn
    from crmdesk.analytics.clv import lifetime_value, repeat_summary
    from crmdesk.analytics.loader import active_customers, purchase_days
    from crmdesk.analytics.rfm import rfm_table
    from crmdesk.analytics.value_fit import fit_from

    report = progress or (lambda _done, _total: None)
    report(1, STEPS)
    rfm = rfm_table(store, as_of)
    segments = rfm[["customer_id", "segment"]]
    report(2, STEPS)
    # churn.churn_report and churn.lifecycle_report, sharing one read of the purchase days.
    customers, days = active_customers(store), purchase_days(store, as_of)
    lifetime = lifetime_value(repeat_summary(customers, days, as_of), as_of)
    table = churn.churn_table(customers, days, as_of, lifetime)
    report(3, STEPS)
    history = churn.lifecycle_counts(customers, days, as_of, months=HISTORY_MONTHS)
    window, loyal = table.attrs.get("return_window_days"), int(table.attrs.get("loyal_days", 0))  # merge drops them
    fit = fit_from(rfm, table, lifetime) if len(rfm) and (rfm["frequency"] > 0).any() else None
    table = table.merge(segments, on="customer_id", how="left").set_index("customer_id", drop=False)
    predicted = lifetime.predicted
    model = lifetime.purchases_model
    return ShopValue(as_of, table, predicted, "" if predicted else model.reason,
                     "" if predicted else model.reason_ko, window, loyal, history, fit)


def shop_value(store: Store, as_of: date | None = None,
               progress: Callable[[int, int], None] | None = None) -> ShopValue:
    """:class:`ShopValue` as of ``as_of`` (default today), from the cache when nothing has changed."""
    as_of = as_of or date.today()
    require(store, Permission.ANALYTICS)  # the window hides it from staff; any other path is refused too
    report = progress or (lambda _done, _total: None)
    report(0, STEPS)
    with store.session() as session:
        key = (as_of, *_data_state(session))
    with _lock:
        cached = _cache.get(store.url)
        if cached is not None and cached[0] == key:
            report(STEPS, STEPS)
            return cached[1]
    with _computing:  # the card and the dashboard asking at once: the second waits and reads the first's result
        with _lock:
            cached = _cache.get(store.url)
        if cached is not None and cached[0] == key:
            computed = cached[1]
        else:
            computed = compute_shop_value(store, as_of, report)
            with _lock:
                _cache[store.url] = (key, computed)
            _store_fit(store, computed)
    report(STEPS, STEPS)
    return computed


def is_cached(store: Store, as_of: date | None = None) -> bool:
    """True when the values of ``as_of`` (default today) are in memory (a card then answers at once)."""
    with _lock:
        cached = _cache.get(store.url)
    return cached is not None and cached[0][0] == (as_of or date.today())


def forget(store: Store) -> None:
    with _lock:
        _cache.pop(store.url, None)


def _number(value: object) -> float | None:
    return None if value is None or value != value else float(value)  # NaN is not equal to itself


def value_of(store: Store, customer_id: int, as_of: date | None = None) -> CustomerValue | None:
    """One customer's standing; None for an archived or merged card (not part of the shop's figures)."""
    shop = shop_value(store, as_of)
    if customer_id not in shop.table.index:
        return None
    row = shop.table.loc[customer_id]
    return CustomerValue(customer_id, str(row["segment"]), str(row["stage"]), int(row["purchase_days"]),
                         int(row["historic_value"]), _number(row["predicted_value"]), _number(row["p_alive"]),
                         _number(row["usual_gap_days"]), shop.reason, shop.reason_ko)


# --- The first card of the day (issue 18) ---------------------------------------------------------------------
# The last computation's shop-wide figures are kept in the database (value_fit.py: a few hundred bytes of cuts and
# fitted parameters, nothing about any one customer), so a card is scored from its own purchases at once, even on
# a day nothing is computed yet; the window then refits the shop in the background, at most once a day.


def _store_fit(store: Store, shop: ShopValue) -> None:
    """Keep ``shop``'s fit for the next cards. A cache the program keeps, not a setting the owner chooses: written
    directly (not through settings.set_setting, which audits the owner's choices). A database another program
    holds locked only means the next first card computes the whole shop again."""
    from sqlalchemy.exc import SQLAlchemyError

    from crmdesk.analytics.value_fit import SETTING_KEY
    from crmdesk.models import Setting

    if shop.fit is None:
        return
    try:
        with store.session() as session:
            row = session.get(Setting, SETTING_KEY)
            if row is None:
                session.add(Setting(key=SETTING_KEY, value=shop.fit.to_text()))
            else:
                row.value = shop.fit.to_text()
    except SQLAlchemyError:
        pass


def has_stored_fit(store: Store) -> bool:
    """True when a computation's fit is kept in the database (a card is then scored from it at once)."""
    from crmdesk.analytics.value_fit import SETTING_KEY

    with store.session() as session:
        return bool(get_setting(session, SETTING_KEY))


def quick_value(store: Store, customer_id: int, as_of: date | None = None) -> tuple[CustomerValue | None, str | None]:
    """One customer's standing as fast as it can be had: from today's computation when it is in memory, else
    scored from the last stored fit (then the second item is that fit's day, and the shop is due a refit), else
    the whole shop is computed (no fit stored yet). None for an archived or merged card."""
    # Light modules only (numpy, scipy.special): the first card of a day does not wait for pandas to load.
    from crmdesk.analytics import segment_codes
    from crmdesk.analytics.value_fit import SETTING_KEY, ValueFit, customer_receipts, score_one

    as_of = as_of or date.today()
    require(store, Permission.ANALYTICS)
    if is_cached(store, as_of):
        return value_of(store, customer_id, as_of), None
    with store.session() as session:
        fit = ValueFit.from_text(get_setting(session, SETTING_KEY))
        card = session.get(Customer, customer_id)
        if card is None or card.archived:
            return None, None
        segment_map = segment_codes.parse_segment_map(get_setting(session, segment_codes.SETTING_KEY))
    if fit is None:
        return value_of(store, customer_id, as_of), None
    one = score_one(fit, customer_receipts(store, customer_id, as_of), as_of, segment_map)
    return CustomerValue(customer_id, one.segment, one.stage, one.purchase_days, one.historic_value,
                         one.predicted_value, one.p_alive, one.usual_gap_days, fit.reason, fit.reason_ko), fit.as_of


def contact_columns(store: Store, ids: list[int]) -> tuple[dict[int, str], dict[int, bool]]:
    """Formatted phone and current SMS consent (through the consent service) of the listed customers."""
    from crmdesk.normalise import format_phone
    from crmdesk.services.consent import Purpose, consent_states
    from crmdesk.services.customers import phones_of

    with store.session() as session:
        phones = {cid: format_phone(phone) if phone else "" for cid, phone in phones_of(session, ids).items()}
        consent = {cid: state.granted for cid, state in consent_states(session, Purpose.SMS, ids).items()}
    return phones, consent


def reactivation_list(store: Store, shop: ShopValue) -> pd.DataFrame:
    """The at-risk and dormant customers to win back, most valuable first (predicted value when the forecast
    succeeded, else historic value), with phone (formatted) and SMS consent: REACTIVATION_COLUMNS."""
    import numpy as np

    chosen = shop.table[shop.table["stage"].isin(REACTIVATION_STAGES)].reset_index(drop=True)
    value = chosen["predicted_value"] if shop.predicted else chosen["historic_value"]
    order = np.lexsort((chosen["customer_id"].to_numpy(), -chosen["historic_value"].to_numpy(),
                        -value.fillna(0).to_numpy()))
    chosen = chosen.iloc[order].reset_index(drop=True)
    ids = [int(i) for i in chosen["customer_id"]]
    phones, consent = contact_columns(store, ids)
    chosen["phone"] = [phones.get(i, "") for i in ids]
    chosen["sms_consent"] = [bool(consent.get(i, False)) for i in ids]
    return chosen[[c for c, _, _ in REACTIVATION_COLUMNS]]


@dataclass(frozen=True)
class LifecycleFigures:
    """The dashboard's lifecycle tab: stage counts at each month end, today's counts, the reactivation list."""

    shop: ShopValue
    counts: pd.DataFrame  # churn.lifecycle_counts
    reactivation: pd.DataFrame  # REACTIVATION_COLUMNS


def lifecycle_figures(store: Store, as_of: date | None = None, months: int = HISTORY_MONTHS,
                      progress: Callable[[int, int], None] | None = None) -> LifecycleFigures:
    """Everything the lifecycle tab shows, in one call off the GUI thread: the last ``months`` (at most
    HISTORY_MONTHS) month ends."""
    as_of = as_of or date.today()
    report = progress or (lambda _done, _total: None)
    shop = shop_value(store, as_of, lambda done, _total: report(done, STEPS + 1))
    listed = reactivation_list(store, shop)
    report(STEPS + 1, STEPS + 1)
    return LifecycleFigures(shop, shop.stage_history.tail(months).reset_index(drop=True), listed)


def _file_rows(listed: pd.DataFrame, headers: str) -> Iterator[tuple]:
    from crmdesk.analytics.churn import ENGLISH_STAGES, KOREAN_STAGES
    from crmdesk.analytics.rfm import KOREAN_NAMES

    stages = KOREAN_STAGES if headers == "ko" else ENGLISH_STAGES
    yes, no = ("예", "아니오") if headers == "ko" else ("yes", "no")

    def whole(value: object) -> int | None:
        number = _number(value)
        return None if number is None else int(round(number))

    for r in listed.itertuples(index=False):
        gap, alive = _number(r.usual_gap_days), _number(r.p_alive)
        yield (int(r.customer_id), r.customer_code, r.name, stages[r.stage],
               KOREAN_NAMES.get(r.segment, r.segment) if headers == "ko" else r.segment, r.phone,
               yes if r.sms_consent else no, r.last_purchase_day.date() if r.last_purchase_day == r.last_purchase_day
               else None, whole(r.silence_days), None if gap is None else round(gap, 1), int(r.purchase_days),
               int(r.historic_value), whole(r.predicted_value), None if alive is None else round(alive, 4))


def export_reactivation(store: Store, path: Path, listed: pd.DataFrame, *, headers: str = "en") -> int:
    """Write a :func:`reactivation_list` to ``path`` (.csv or .xlsx); refused unless the person may export,
    audited (write_table checks and records it)."""
    header = [ko if headers == "ko" else en for _, en, ko in REACTIVATION_COLUMNS]
    sheet = "재활성화" if headers == "ko" else "Reactivation"
    return write_table(store, path, header, _file_rows(listed, headers), sheet)


__all__ = ["REACTIVATION_COLUMNS", "CustomerValue", "LifecycleFigures", "ShopValue", "export_reactivation",
           "forget", "has_stored_fit", "is_cached", "lifecycle_figures", "quick_value", "reactivation_list",
           "shop_value", "value_of"]
