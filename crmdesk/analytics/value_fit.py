"""The shop-wide figures behind one customer's value line, kept small enough to store: the RFM quintile cuts, the
shop's rhythm (return window, loyal days) and the fitted BG/NBD + Gamma-Gamma parameters. With them one customer
is scored from their own purchases in milliseconds, where the whole shop takes seconds (issue 18: the first card
of the day answers at once from the last fit; the shop is refitted in the background at most once a day).

Scored on the day of the fit, a customer gets exactly what the whole-shop computation gives them (the cuts are the
same quintile rule: a value scores 1 + the number of cuts it beats). On a later day the customer's own figures are
today's, compared with the shop as it was at the fit.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import DateTime, bindparam, text

from crmdesk.analytics import stages
from crmdesk.analytics.forecast import expected_average_spend, expected_purchases, p_alive
from crmdesk.analytics.segment_codes import NO_PURCHASE
from crmdesk.store import Store

if TYPE_CHECKING:  # only the whole-shop side (fit_from) sees frames; scoring one card never loads pandas
    import pandas as pd

    from crmdesk.analytics.clv import LifetimeValue

SETTING_KEY = "value_fit"


@dataclass(frozen=True)
class ValueFit:
    as_of: str  # ISO day the fit looked from
    recency_cuts: list[int]  # four cuts each; see quintile_cuts
    frequency_cuts: list[int]
    monetary_cuts: list[int]
    return_window_days: float | None
    loyal_days: int
    predicted: bool
    reason: str
    reason_ko: str
    purchases_params: dict[str, float]
    spend_params: dict[str, float] | None  # None: the spend model did not fit (the own average is used)
    horizon_days: int

    def to_text(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def from_text(cls, text: str) -> ValueFit | None:
        """The stored fit, or None when there is none or it cannot be read (then the whole shop is computed)."""
        try:
            return cls(**json.loads(text)) if text else None
        except (ValueError, TypeError):
            return None


def quintile_cuts(values: np.ndarray, *, higher_is_better: bool) -> list[int]:
    """Four cuts such that a value's score (rfm.tie_safe_scores: 1 + 5 x position // n, ties at their first
    position) is 1 + the number of cuts it beats: for higher_is_better, the values above a cut; else below."""
    n = len(values)
    ordered = np.sort(values) if higher_is_better else np.sort(values)[::-1]
    return [int(ordered[math.ceil(k * n / 5) - 1]) for k in range(1, 5)]


def _score(value: int, cuts: list[int], higher_is_better: bool) -> int:
    return 1 + sum(value > cut if higher_is_better else value < cut for cut in cuts)


def fit_from(rfm: pd.DataFrame, table: pd.DataFrame, lifetime: LifetimeValue) -> ValueFit:
    """The stored form of a whole-shop computation: ``rfm`` from rfm.rfm_table, ``table`` from churn.churn_table
    (its attrs hold the rhythm), ``lifetime`` the fit it used."""
    buyers = rfm[rfm["frequency"] > 0]
    spend = lifetime.spend_model
    return ValueFit(
        as_of=lifetime.as_of.isoformat(),
        recency_cuts=quintile_cuts(buyers["recency_days"].to_numpy(dtype="int64"), higher_is_better=False),
        frequency_cuts=quintile_cuts(buyers["frequency"].to_numpy(dtype="int64"), higher_is_better=True),
        monetary_cuts=quintile_cuts(buyers["monetary"].to_numpy(dtype="int64"), higher_is_better=True),
        return_window_days=table.attrs.get("return_window_days"), loyal_days=int(table.attrs.get("loyal_days", 0)),
        predicted=lifetime.predicted, reason="" if lifetime.predicted else lifetime.purchases_model.reason,
        reason_ko="" if lifetime.predicted else lifetime.purchases_model.reason_ko,
        purchases_params=dict(lifetime.purchases_model.params),
        spend_params=dict(spend.params) if spend.fitted else None, horizon_days=lifetime.horizon_days)


@dataclass(frozen=True)
class OneCustomer:
    segment: str
    stage: str
    purchase_days: int
    historic_value: int
    predicted_value: float | None
    p_alive: float | None
    usual_gap_days: float | None


# One customer's counted receipts (loader._RECEIPTS' rules), oldest first.
_RECEIPTS = text(
    "SELECT purchased_at, total FROM purchase "
    "WHERE customer_id = :customer AND voided_at IS NULL AND purchased_at < :until "
    "ORDER BY purchased_at").bindparams(bindparam("until", type_=DateTime()))


def customer_receipts(store: Store, customer_id: int, as_of: date) -> list[tuple[Any, int]]:
    """(purchased_at, total) of the customer's receipts known at the end of ``as_of``, oldest first."""
    until = datetime.combine(as_of + timedelta(days=1), clock.min)
    with store.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(_RECEIPTS, {"customer": customer_id, "until": until})]


def _day(value: Any) -> date:
    """The calendar day of a stored moment: SQLite hands back its text, other databases a datetime."""
    return date.fromisoformat(value[:10]) if isinstance(value, str) else value.date()


def score_one(fit: ValueFit, receipts: Sequence[tuple[Any, int]], as_of: date,
              segment_map: dict[str, str]) -> OneCustomer:
    """One customer from their own receipts (:func:`customer_receipts`) and the shop's stored fit: what
    rfm.rfm_table, churn.churn_table and clv.lifetime_value give them when the fit is of ``as_of``."""
    if not receipts:
        return OneCustomer(NO_PURCHASE[0], "no_purchase", 0, 0, None, None, None)
    by_day: dict[date, int] = {}
    for moment, total in receipts:
        day = _day(moment)
        by_day[day] = by_day.get(day, 0) + int(total)
    days = sorted(by_day)
    spend = sum(by_day.values())
    first, last, today = days[0].toordinal(), days[-1].toordinal(), as_of.toordinal()
    code = (f"{_score(today - last, fit.recency_cuts, False)}{_score(len(receipts), fit.frequency_cuts, True)}"
            f"{_score(spend, fit.monetary_cuts, True)}")
    rhythm = stages.ShopRhythm(fit.return_window_days, fit.loyal_days)
    stage, _silence, usual = stages.stages(np.array([len(days)]), np.array([first]), np.array([last]), today,
                                           rhythm)
    predicted = alive = None
    if fit.predicted:
        repeat = len(days) - 1  # clv.repeat_summary's frequency, recency and T, in days
        x, t_x, big_t = np.array([float(repeat)]), np.array([float(last - first)]), np.array([float(today - first)])
        params = fit.purchases_params
        alive = float(p_alive(params, x, t_x, big_t)[0])
        count = expected_purchases(params, float(fit.horizon_days), x, t_x, big_t)[0]
        if fit.spend_params is not None:
            mean_spend = (spend - by_day[days[0]]) / repeat if repeat else float("nan")
            each = expected_average_spend(fit.spend_params, x, np.array([mean_spend]))[0]
        else:
            each = spend / len(days)
        predicted = float(count * each)
    gap = float(usual[0])
    return OneCustomer(segment_map.get(code, NO_PURCHASE[0]), stages.STAGE_NAMES[int(stage[0])], len(days), spend,
                       predicted, alive, None if gap != gap else gap)
