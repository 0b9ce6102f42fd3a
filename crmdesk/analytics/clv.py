"""Lifetime value: what each customer brought so far, and what they are likely to bring over a horizon.

Predictions come from the standard "buy till you die" pair, fitted by maximum likelihood on the shop's own
history:

- BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way") for the number of purchases and
  the probability that a customer is still "alive" (has not silently left);
- Gamma-Gamma (Fader & Hardie 2013, "The Gamma-Gamma model of monetary value") for the spend per purchase.

Conventions (those of the papers and of the `lifetimes` package): a purchase occasion is a calendar day with a
purchase (receipts on one day are one occasion); frequency = purchase days minus one (repeat purchases);
recency = time from the first to the last purchase day; T = time from the first purchase day to the as-of day;
all in days or weeks. The spend model sees each repeat customer's average spend per repeat purchase day (the
first day left out, as in the papers).

The predicted value over the horizon is expected purchases x expected average spend, not discounted: the
horizon a small shop looks at (a year by default) is short enough that discounting changes little, and an
undiscounted figure is the one a shop owner can check against the till.

When the shop's history cannot support a fit (too few repeat customers, the optimiser did not converge,
parameters at absurd values, or a spend model whose mean would be infinite), the result says so in
``status``/``reason`` and the predicted columns stay empty; ``clv`` then holds the historic value. A shop
never sees a silent nonsense number.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import pandas as pd
from scipy import optimize, special

from crmdesk.analytics.forecast import expected_average_spend, expected_purchases, p_alive
from crmdesk.analytics.loader import active_customers, purchase_days, referral_pairs
from crmdesk.store import Store

# Re-exported: the scoring formulas live in forecast.py (numpy and scipy.special only), so one card is scored
# without loading pandas or the optimiser.
__all__ = ["CLV_COLUMNS", "DEFAULT_HORIZON_DAYS", "UNITS", "LifetimeValue", "ModelFit", "bgnbd_log_likelihood",
           "clv_table", "expected_average_spend", "expected_purchases", "fit_bgnbd", "fit_gamma_gamma",
           "gamma_gamma_log_likelihood", "lifetime_value", "p_alive", "repeat_summary", "REFERRAL_COLUMNS",
           "with_referrals"]

CLV_COLUMNS = ["customer_id", "customer_code", "frequency", "recency", "T", "p_alive", "expected_purchases",
               "expected_avg_value", "historic_value", "clv"]
# Lifetime value as our source defines it includes the customers someone referred (issue 20).
REFERRAL_COLUMNS = ["referred", "referred_value", "total"]
UNITS = {"days": 1.0, "weeks": 7.0}
DEFAULT_HORIZON_DAYS = 365

# Below these a fit says more about chance than about the shop.
MIN_BUYERS = 30
MIN_REPEAT_CUSTOMERS = 20
# Fitted on log-parameters within +-LOG_BOUND (time and money rescaled to about 1 first). A parameter that
# runs to the bound has no maximum to find: degenerate. Pairs may grow large together (r and alpha, a and b: the
# customers are simply alike); a shape running to zero alone is degenerate too (a: nobody ever leaves).
LOG_BOUND = math.log(1e6)
TINY_SHAPE = 1e-4

FITTED = "fitted"
TOO_LITTLE_HISTORY = "too_little_history"
NOT_CONVERGED = "not_converged"
DEGENERATE = "degenerate"


@dataclass(frozen=True)
class ModelFit:
    """One fitted model: ``status`` is FITTED or why not (with ``reason`` for people); ``params`` are in the
    summary's time unit (alpha is a time scale; the others have no unit)."""

    status: str
    reason: str = ""
    params: dict[str, float] = field(default_factory=dict)
    log_likelihood: float | None = None
    customers: int = 0
    reason_ko: str = ""

    @property
    def fitted(self) -> bool:
        return self.status == FITTED


# ---------------------------------------------------------------------------------------------------------------
# BG/NBD


def bgnbd_log_likelihood(params: np.ndarray, x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> np.ndarray:
    """Per-customer log-likelihood of BG/NBD (Fader, Hardie & Lee 2005, eq. 6), computed in logs: the
    exponentials of the paper overflow for frequent buyers."""
    r, alpha, a, b = params
    base = (special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
            + special.betaln(a, b + x) - special.betaln(a, b))
    still_alive = -(r + x) * np.log(alpha + T)
    repeat = x > 0
    dropped = np.full_like(still_alive, -np.inf)
    xr = x[repeat]
    dropped[repeat] = np.log(a) - np.log(b + xr - 1) - (r + xr) * np.log(alpha + t_x[repeat])
    return base + np.logaddexp(still_alive, dropped)


def _aggregate(*columns: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Identical customers once, with their count: a shop of one-time buyers has few distinct histories."""
    # A lexsort and one comparison of neighbours: np.unique(axis=0) sorts the rows as opaque bytes, ten times
    # slower on 100,000 customers and all of it without releasing the GIL (a visible hitch in the window).
    stacked = np.column_stack(columns)
    if not len(stacked):
        return [stacked[:, i] for i in range(stacked.shape[1])], np.zeros(0)
    stacked = stacked[np.lexsort(tuple(reversed(columns)))]
    starts = np.flatnonzero(np.r_[True, np.any(stacked[1:] != stacked[:-1], axis=1)])
    counts = np.diff(np.r_[starts, len(stacked)])
    unique = stacked[starts]
    return [unique[:, i] for i in range(unique.shape[1])], counts.astype("float64")


def _fit(neg_ll: Callable[[np.ndarray], float], start: np.ndarray) -> optimize.OptimizeResult:
    bounds = [(-LOG_BOUND, LOG_BOUND)] * len(start)
    result = optimize.minimize(neg_ll, start, method="L-BFGS-B", bounds=bounds)
    if not result.success:  # a second opinion from a derivative-free method before giving up
        retry = optimize.minimize(neg_ll, result.x, method="Nelder-Mead",
                                  options={"maxiter": 4000, "xatol": 1e-6, "fatol": 1e-9})
        if retry.success or retry.fun < result.fun:
            result = retry
    return result


def _ran_away(log_params: np.ndarray) -> bool:
    return bool(np.any(np.abs(log_params) > LOG_BOUND - 1))


def fit_bgnbd(x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> ModelFit:
    """Fit BG/NBD to repeat frequency ``x``, recency ``t_x`` and age ``T`` (one unit of time)."""
    x, t_x, T = (np.asarray(v, dtype="float64") for v in (x, t_x, T))
    repeaters = int((x > 0).sum())
    if len(x) < MIN_BUYERS or repeaters < MIN_REPEAT_CUSTOMERS:
        return ModelFit(TOO_LITTLE_HISTORY, f"{len(x)} customers with purchases, {repeaters} of them came back: "
                        f"a forecast needs at least {MIN_BUYERS} and {MIN_REPEAT_CUSTOMERS}.", customers=len(x),
                        reason_ko=f"구매 고객 {len(x)}명 중 다시 온 고객 {repeaters}명: 예측하려면 각각 "
                                  f"{MIN_BUYERS}명, {MIN_REPEAT_CUSTOMERS}명 이상이 필요합니다.")
    # Time in units of the oldest customer's age: alpha starts near 1 whether the unit is days or weeks.
    scale = float(T.max()) or 1.0
    (ux, ut, uT), weight = _aggregate(x, t_x / scale, T / scale)
    total = weight.sum()
    # The special functions depend on x alone, the logarithms on t_x or T alone: each is evaluated once per
    # distinct value (a few hundred) and gathered, which makes one evaluation three times cheaper.
    xs, ix = np.unique(ux, return_inverse=True)
    ts, it = np.unique(ut, return_inverse=True)
    Ts, iT = np.unique(uT, return_inverse=True)
    repeat = ux > 0

    def neg_ll(log_params: np.ndarray) -> float:
        r, alpha, a, b = np.exp(log_params)
        per_x = (special.gammaln(r + xs) - special.gammaln(r) + r * np.log(alpha)
                 + special.betaln(a, b + xs) - special.betaln(a, b))
        with np.errstate(divide="ignore", invalid="ignore"):
            drop_x = np.log(a) - np.log(b + xs - 1)  # used for x > 0 only
        still_alive = -(r + ux) * np.log(alpha + Ts)[iT]
        dropped = np.where(repeat, drop_x[ix] - (r + ux) * np.log(alpha + ts)[it], -np.inf)
        value = -(weight * (per_x[ix] + np.logaddexp(still_alive, dropped))).sum() / total
        return float(value) if np.isfinite(value) else 1e100

    result = _fit(neg_ll, np.zeros(4))
    r, alpha, a, b = np.exp(result.x)
    params = {"r": float(r), "alpha": float(alpha * scale), "a": float(a), "b": float(b)}
    # Back to the caller's unit: each repeat purchase's rate term carries one factor of the time scale.
    ll = -float(result.fun) * total - float(x.sum()) * math.log(scale)
    if not result.success:
        return ModelFit(NOT_CONVERGED, f"The purchase model did not converge ({result.message}).", params, ll,
                        len(x), reason_ko="구매 모델의 적합이 수렴하지 않았습니다.")
    if _ran_away(result.x) or min(r, a, b) < TINY_SHAPE or not np.isfinite(ll):
        return ModelFit(DEGENERATE, "The purchase model ran to extreme parameters "
                        + ", ".join(f"{k}={v:.3g}" for k, v in params.items())
                        + ": the history does not show a stable buying pattern yet.", params, ll, len(x),
                        reason_ko="구매 모델의 매개변수가 극단값으로 갔습니다: 아직 안정된 구매 패턴이 "
                                  "보이지 않습니다.")
    return ModelFit(FITTED, "", params, ll, len(x))


# ---------------------------------------------------------------------------------------------------------------
# Gamma-Gamma


def gamma_gamma_log_likelihood(params: np.ndarray, x: np.ndarray, mean_spend: np.ndarray) -> np.ndarray:
    """Per-customer log-likelihood of the Gamma-Gamma spend model (Fader & Hardie 2013, eq. 3) for ``x`` repeat
    purchases with average spend ``mean_spend``."""
    p, q, v = params
    px = p * x
    return (special.gammaln(px + q) - special.gammaln(px) - special.gammaln(q) + q * np.log(v)
            + (px - 1) * np.log(mean_spend) + px * np.log(x) - (px + q) * np.log(x * mean_spend + v))


def fit_gamma_gamma(x: np.ndarray, mean_spend: np.ndarray) -> ModelFit:
    """Fit Gamma-Gamma to the repeat customers (x > 0, positive average spend)."""
    x, mean_spend = np.asarray(x, dtype="float64"), np.asarray(mean_spend, dtype="float64")
    keep = (x > 0) & (mean_spend > 0)
    x, mean_spend = x[keep], mean_spend[keep]
    if len(x) >= MIN_REPEAT_CUSTOMERS and np.ptp(mean_spend) == 0:
        return ModelFit(DEGENERATE, "Every repeat customer spends the same on average: there is no difference "
                        "between customers for the spend model to learn.", customers=len(x),
                        reason_ko="다시 온 고객의 평균 구매액이 모두 같아 구매액 모델이 배울 차이가 없습니다.")
    if len(x) < MIN_REPEAT_CUSTOMERS:
        return ModelFit(TOO_LITTLE_HISTORY, f"{len(x)} customers came back with a purchase: the spend model "
                        f"needs at least {MIN_REPEAT_CUSTOMERS}.", customers=len(x),
                        reason_ko=f"다시 와서 구매한 고객이 {len(x)}명: 구매액 모델에는 {MIN_REPEAT_CUSTOMERS}명 "
                                  "이상이 필요합니다.")
    scale = float(np.median(mean_spend))  # money in units of a typical purchase: won and dollars fit alike
    (ux, um), weight = _aggregate(x, mean_spend / scale)
    total = weight.sum()

    def neg_ll(log_params: np.ndarray) -> float:
        value = -(weight * gamma_gamma_log_likelihood(np.exp(log_params), ux, um)).sum() / total
        return float(value) if np.isfinite(value) else 1e100

    result = _fit(neg_ll, np.zeros(3))
    p, q, v = np.exp(result.x)
    params = {"p": float(p), "q": float(q), "v": float(v * scale)}
    ll = -float(result.fun) * total - total * math.log(scale)  # the density back in money units
    if not result.success:
        return ModelFit(NOT_CONVERGED, f"The spend model did not converge ({result.message}).", params, None,
                        len(x), reason_ko="구매액 모델의 적합이 수렴하지 않았습니다.")
    if _ran_away(result.x):
        return ModelFit(DEGENERATE, "The spend model ran to extreme parameters "
                        + ", ".join(f"{k}={v:.3g}" for k, v in params.items())
                        + ": spend per purchase hardly varies, or varies without pattern.", params, None, len(x),
                        reason_ko="구매액 모델의 매개변수가 극단값으로 갔습니다: 방문당 구매액이 거의 같거나 "
                                  "규칙 없이 변합니다.")
    if q <= 1:
        return ModelFit(DEGENERATE, f"The spend model's parameters (p={p:.3g}, q={q:.3g}) give no finite average "
                        "spend: spend varies too wildly between customers for this model.", params, None, len(x),
                        reason_ko=f"구매액 모델의 매개변수(p={p:.3g}, q={q:.3g})로는 평균 구매액이 유한하지 "
                                  "않습니다: 고객 간 구매액 차이가 너무 큽니다.")
    return ModelFit(FITTED, "", params, ll, len(x))


# ---------------------------------------------------------------------------------------------------------------
# The shop's table


@dataclass(frozen=True)
class LifetimeValue:
    as_of: date
    unit: str
    horizon_days: int
    table: pd.DataFrame  # CLV_COLUMNS (+ name, mean_spend, purchase_days, last_purchase_day)
    purchases_model: ModelFit
    spend_model: ModelFit

    @property
    def predicted(self) -> bool:
        """True when the clv column is a forecast; False when it fell back to historic value."""
        return self.purchases_model.fitted

    @property
    def params(self) -> dict[str, float]:
        return {**self.purchases_model.params, **self.spend_model.params}


def repeat_summary(customers: pd.DataFrame, days: pd.DataFrame, as_of: date, unit: str = "days") -> pd.DataFrame:
    """Per customer (all rows of ``customers``: customer_id, customer_code, name, as from
    :func:`crmdesk.analytics.loader.active_customers`): frequency (repeat purchase
    days), recency and T (in ``unit``), mean_spend (average spend per repeat purchase day; NaN without one),
    purchase_days, historic_value (all spend) and last_purchase_day. Customers who never bought have NaN
    frequency, recency and T."""
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}")
    per = UNITS[unit]
    days = days[days["customer_id"].isin(customers["customer_id"])]
    grouped = days.groupby("customer_id", sort=False)
    stats = pd.DataFrame({
        "purchase_days": grouped.size(),
        "first": grouped["day"].min(),
        "last": grouped["day"].max(),
        "spend": grouped["spend"].sum(),
        "first_spend": grouped["spend"].first(),  # days are sorted within a customer
    })
    out = customers[["customer_id", "customer_code", "name"]].merge(
        stats, left_on="customer_id", right_index=True, how="left")
    as_of_day = pd.Timestamp(as_of)
    out["frequency"] = out["purchase_days"] - 1
    out["recency"] = (out["last"] - out["first"]).dt.days / per
    out["T"] = (as_of_day - out["first"]).dt.days / per
    repeat = out["frequency"] > 0
    out["mean_spend"] = np.where(repeat, (out["spend"] - out["first_spend"]) / out["frequency"].where(repeat, 1),
                                 np.nan)
    out["historic_value"] = out["spend"].fillna(0).astype("int64")
    out["purchase_days"] = out["purchase_days"].fillna(0).astype("int64")
    out["last_purchase_day"] = out["last"]
    out["first_purchase_day"] = out["first"]
    return out.drop(columns=["first", "last", "spend", "first_spend"]).reset_index(drop=True)


def lifetime_value(summary: pd.DataFrame, as_of: date, *, unit: str = "days",
                   horizon_days: int = DEFAULT_HORIZON_DAYS) -> LifetimeValue:
    """Fit both models on :func:`repeat_summary` rows and score every customer over ``horizon_days``."""
    if horizon_days < 0:
        raise ValueError("horizon_days must not be negative")
    buyers = summary["purchase_days"].to_numpy() > 0
    x = summary.loc[buyers, "frequency"].to_numpy(dtype="float64")
    t_x = summary.loc[buyers, "recency"].to_numpy(dtype="float64")
    T = summary.loc[buyers, "T"].to_numpy(dtype="float64")
    mean_spend = summary.loc[buyers, "mean_spend"].to_numpy(dtype="float64")
    purchases_model = fit_bgnbd(x, t_x, T)
    spend_model = fit_gamma_gamma(x, mean_spend)
    table = summary.copy()
    for column in ("p_alive", "expected_purchases", "expected_avg_value", "clv"):
        table[column] = np.nan
    if purchases_model.fitted:
        forecast = expected_purchases(purchases_model.params, horizon_days / UNITS[unit], x, t_x, T)
        if not np.isfinite(forecast).all():
            purchases_model = replace(
                purchases_model, status=DEGENERATE,
                reason="The purchase model's forecast cannot be computed at its fitted parameters "
                       + ", ".join(f"{k}={v:.3g}" for k, v in purchases_model.params.items()) + ".",
                reason_ko="구매 모델의 적합된 매개변수로는 예측을 계산할 수 없습니다.")
    if purchases_model.fitted:
        table.loc[buyers, "p_alive"] = p_alive(purchases_model.params, x, t_x, T)
        table.loc[buyers, "expected_purchases"] = forecast
        if spend_model.fitted:
            table.loc[buyers, "expected_avg_value"] = expected_average_spend(spend_model.params, x, mean_spend)
        else:  # the customer's own average per purchase day: plain arithmetic, no model
            own = summary.loc[buyers, "historic_value"] / summary.loc[buyers, "purchase_days"]
            table.loc[buyers, "expected_avg_value"] = own.to_numpy(dtype="float64")
        table.loc[buyers, "clv"] = table.loc[buyers, "expected_purchases"] * table.loc[buyers, "expected_avg_value"]
    else:
        table.loc[buyers, "clv"] = table.loc[buyers, "historic_value"].astype("float64")
    ordered = CLV_COLUMNS + [c for c in ("name", "mean_spend", "purchase_days", "first_purchase_day",
                                         "last_purchase_day") if c in table.columns]
    return LifetimeValue(as_of, unit, horizon_days, table[ordered], purchases_model, spend_model)


def with_referrals(table: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """``table`` (a lifetime-value table) with REFERRAL_COLUMNS added: how many of the customers in it each one
    referred, the sum of those customers' ``clv`` (the same measure as the customer's own: predicted when the forecast
    ran, what they have spent otherwise; a referred customer who never bought adds 0) and total = own clv + referred
    value (empty only for a customer with neither). Referrals to or from cards not in the table (archived, merged,
    erased) do not count."""
    out = table.copy()
    ids = out["customer_id"]
    known = pairs[pairs["customer_id"].isin(ids) & pairs["referrer_id"].isin(ids)]
    value = known["customer_id"].map(out.set_index("customer_id")["clv"]).fillna(0.0)
    grouped = value.groupby(known["referrer_id"].to_numpy())
    out["referred"] = ids.map(grouped.size()).fillna(0).astype("int64")
    out["referred_value"] = ids.map(grouped.sum()).fillna(0.0).astype("float64")
    own = out["clv"].astype("float64")
    out["total"] = (own.fillna(0.0) + out["referred_value"]).where(own.notna() | (out["referred"] > 0))
    return out


def clv_table(store: Store, as_of: date | None = None, *, unit: str = "days",
              horizon_days: int = DEFAULT_HORIZON_DAYS) -> LifetimeValue:
    """Lifetime value of every active customer as of the end of ``as_of`` (default today); the table carries the
    referral columns too (:func:`with_referrals`)."""
    as_of = as_of or date.today()
    summary = repeat_summary(active_customers(store), purchase_days(store, as_of), as_of, unit)
    result = lifetime_value(summary, as_of, unit=unit, horizon_days=horizon_days)
    return replace(result, table=with_referrals(result.table, referral_pairs(store)))
