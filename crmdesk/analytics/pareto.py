"""Pareto: how much of the revenue the best customers bring.

The base is the customers who bought by the as-of date (active cards; walk-in sales have nobody to
attribute them to). The curve runs through (0, 0) and, for the k best customers by spend, (k / customers,
their spend / all spend); both headline figures are read off that curve by straight-line interpolation, so
they do not jump with the number of customers. With no customers or no revenue there is no curve to read:
the figures are None, never a division by zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from crmdesk.analytics.loader import customer_purchases
from crmdesk.store import Store

CURVE_COLUMNS = ["rank", "customer_id", "customer_code", "name", "monetary", "customer_share", "revenue_share"]


@dataclass(frozen=True)
class Pareto:
    customers: int  # customers who bought
    revenue: int  # their total spend, minor units
    top20_revenue_share: float | None  # share of revenue from the best 20 % of customers
    customers_share_for_80: float | None  # share of customers (best first) that makes 80 % of revenue
    customers_for_80: int | None  # how many best customers it takes to reach 80 % of revenue
    curve: pd.DataFrame  # CURVE_COLUMNS, best customer first; revenue_share is cumulative


def pareto(purchases: pd.DataFrame) -> Pareto:
    """Pareto figures from :func:`crmdesk.analytics.loader.customer_purchases` rows (or any frame with
    customer_id, customer_code, name, frequency and monetary)."""
    buyers = purchases[purchases["frequency"] > 0]
    curve = buyers.sort_values(["monetary", "customer_id"], ascending=[False, True], kind="stable",
                               ignore_index=True)[["customer_id", "customer_code", "name", "monetary"]]
    n, revenue = len(curve), int(curve["monetary"].sum())
    curve.insert(0, "rank", np.arange(1, n + 1, dtype="int64"))
    curve["customer_share"] = curve["rank"] / n if n else pd.Series([], dtype="float64")
    if n == 0 or revenue <= 0:
        curve["revenue_share"] = np.nan
        return Pareto(n, revenue, None, None, None, curve[CURVE_COLUMNS])
    cumulative = curve["monetary"].cumsum().to_numpy()
    curve["revenue_share"] = cumulative / revenue
    xs = np.concatenate([[0.0], curve["customer_share"].to_numpy()])
    ys = np.concatenate([[0.0], curve["revenue_share"].to_numpy()])
    top20 = float(np.interp(0.2, xs, ys))
    reach = int(np.searchsorted(cumulative, 0.8 * revenue, side="left"))  # index of the first k reaching 80 %
    # Interpolate within the step from k-1 to k customers where 80 % is crossed.
    lo_y, hi_y = ys[reach], ys[reach + 1]
    share80 = (reach + (0.8 - lo_y) / (hi_y - lo_y)) / n
    return Pareto(n, revenue, top20, float(share80), reach + 1, curve[CURVE_COLUMNS])


def pareto_report(store: Store, as_of: date | None = None) -> Pareto:
    """Pareto figures for the shop as of the end of ``as_of`` (default today)."""
    return pareto(customer_purchases(store, as_of or date.today()))
