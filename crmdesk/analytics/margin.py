"""Gross margin: what purchases earned the shop, not only what they brought in (issue 20).

A line's cost per unit is, first found first: the cost its import gave (``purchase_line.unit_cost``), the
product's cost in the catalogue, the product's margin percentage (cost = unit price x (100 - margin) / 100), the
margin percentage of its category (the line's, else the product's). A line with none of these has **no cost**:
its margin is unknown, never taken as zero cost. Catalogue costs apply to past purchases too, so a shop that types
its costs today sees the margin of its whole history.

A purchase's margin = (its total - points redeemed on it) x the part of its lines that have a cost - their cost of
goods. The total is already net of the receipt's discount, coupons included, and the points the customer paid with
are a cost to the shop: the receipt's discount and its points are spread over the lines by their amounts, and the
share falling on lines without a cost is left out together with them. ``uncosted_revenue`` says how much revenue
that leaves out; every figure on margin states it. A purchase without lines (an import of totals only) has no
cost at all.

Which purchases count is the loader's rule: an active card's (not archived or merged away), not voided, before the
end of the as-of day; so the margin's revenue is the revenue Pareto and the segments count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import DateTime, bindparam, text

from crmdesk.analytics.loader import _timestamps, active_customers, end_of_day
from crmdesk.store import Store

ON_CHOICES = ("revenue", "margin")

# The cost of one unit of a line, NULL when nothing says it (see the module's docstring for the order).
_UNIT_COST = ("COALESCE(l.unit_cost, pr.cost, l.unit_price * (100 - pr.margin_percent) / 100.0, "
              "l.unit_price * (100 - c.margin_percent) / 100.0)")
_WHERE = "p.customer_id IS NOT NULL AND p.voided_at IS NULL AND p.purchased_at < :until"
_LINES = text(
    "SELECT l.purchase_id, SUM(l.amount), "
    f"SUM(CASE WHEN {_UNIT_COST} IS NULL THEN 0 ELSE l.amount END), "
    f"SUM(CASE WHEN {_UNIT_COST} IS NULL THEN 0 ELSE l.quantity * {_UNIT_COST} END) "
    "FROM purchase_line l JOIN purchase p ON p.id = l.purchase_id "
    "LEFT JOIN product pr ON pr.id = l.product_id "
    "LEFT JOIN product_category c ON c.name = COALESCE(l.category, pr.category) "
    f"WHERE {_WHERE} GROUP BY l.purchase_id").bindparams(bindparam("until", type_=DateTime()))
_PURCHASES = text(f"SELECT p.id, p.customer_id, p.purchased_at, p.total FROM purchase p WHERE {_WHERE}").bindparams(
    bindparam("until", type_=DateTime()))
_POINTS = text(
    "SELECT e.purchase_id, -SUM(e.points) FROM points_entry e JOIN purchase p ON p.id = e.purchase_id "
    f"WHERE e.kind = 'redeem' AND {_WHERE} GROUP BY e.purchase_id").bindparams(bindparam("until", type_=DateTime()))
_COUPONS = text(
    "SELECT r.purchase_id, SUM(r.discount) FROM coupon_redemption r JOIN purchase p ON p.id = r.purchase_id "
    f"WHERE r.returned_at IS NULL AND {_WHERE} GROUP BY r.purchase_id").bindparams(
    bindparam("until", type_=DateTime()))

PURCHASE_COLUMNS = ["purchase_id", "customer_id", "purchased_at", "revenue", "costed_revenue", "uncosted_revenue",
                    "cost_of_goods", "points", "coupon_discount", "margin"]
CUSTOMER_COLUMNS = ["customer_id", "revenue", "costed_revenue", "uncosted_revenue", "margin"]


@dataclass(frozen=True)
class MarginCoverage:
    """The shop's margin and how much of its revenue it stands on."""

    revenue: int  # every counted purchase's total
    costed_revenue: int  # the part of it on lines with a cost
    cost_of_goods: int  # what those lines cost
    points: int  # points redeemed on that part (a cost: the customer paid with them)
    coupon_discounts: int  # coupon discounts on the counted purchases (already off the totals, so off revenue)
    margin: int  # costed_revenue - cost_of_goods - points

    @property
    def uncosted_revenue(self) -> int:
        return self.revenue - self.costed_revenue

    @property
    def uncosted_share(self) -> float:
        """Share of revenue without a cost (0 when there is no revenue)."""
        return self.uncosted_revenue / self.revenue if self.revenue > 0 else 0.0

    @property
    def margin_rate(self) -> float | None:
        """Margin as a share of the revenue it was measured on; None without any."""
        return self.margin / self.costed_revenue if self.costed_revenue > 0 else None


def _read(store: Store, query, until) -> list[tuple]:
    with store.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(query, {"until": until})]


def _sums(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["purchase_id", *columns])
    return frame.astype({"purchase_id": "int64", **dict.fromkeys(columns, "float64")}).set_index("purchase_id")


def purchase_margins(store: Store, as_of: date | None = None) -> pd.DataFrame:
    """One row per counted purchase (PURCHASE_COLUMNS), by purchase id: its revenue (total), the part of it on lines
    with a cost and the part without, the cost of goods, points redeemed and coupon discount on it, and its margin
    (float, minor units; 0 when nothing on it has a cost)."""
    until = end_of_day(as_of or date.today())
    purchases = pd.DataFrame(_read(store, _PURCHASES, until),
                             columns=["purchase_id", "customer_id", "purchased_at", "revenue"])
    purchases = purchases.astype({"purchase_id": "int64", "customer_id": "int64", "revenue": "int64"})
    purchases = purchases[purchases["customer_id"].isin(active_customers(store)["customer_id"])]
    purchases["purchased_at"] = _timestamps(purchases["purchased_at"])
    lines = _sums(_read(store, _LINES, until), ["lines_amount", "costed_amount", "cost_of_goods"])
    points = _sums(_read(store, _POINTS, until), ["points"])
    coupons = _sums(_read(store, _COUPONS, until), ["coupon_discount"])
    frame = purchases.join(lines, on="purchase_id").join(points, on="purchase_id").join(coupons, on="purchase_id")
    frame = frame.fillna({"lines_amount": 0.0, "costed_amount": 0.0, "cost_of_goods": 0.0, "points": 0.0,
                          "coupon_discount": 0.0})
    amount = frame["lines_amount"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        known = np.where(amount > 0, frame["costed_amount"].to_numpy() / np.where(amount > 0, amount, 1), 0.0)
    revenue = frame["revenue"].to_numpy(dtype="float64")
    frame["costed_revenue"] = revenue * known
    frame["uncosted_revenue"] = revenue - frame["costed_revenue"]
    frame["points"] = frame["points"] * known  # only the costed part's points count against its margin
    frame["margin"] = frame["costed_revenue"] - frame["points"] - frame["cost_of_goods"]
    frame = frame.sort_values("purchase_id", kind="stable", ignore_index=True)
    return frame[PURCHASE_COLUMNS]


def coverage(margins: pd.DataFrame) -> MarginCoverage:
    """Shop totals of :func:`purchase_margins` rows (or of :func:`customer_margins` rows: the same sums)."""
    def whole(column: str) -> int:
        return int(round(float(margins[column].sum()))) if column in margins else 0

    return MarginCoverage(whole("revenue"), whole("costed_revenue"), whole("cost_of_goods"), whole("points"),
                          whole("coupon_discount"), whole("margin"))


def customer_margins(margins: pd.DataFrame) -> pd.DataFrame:
    """Per customer who bought (CUSTOMER_COLUMNS, plus the coverage's other sums): the sums of their purchases'
    rows, money rounded to whole minor units."""
    grouped = margins.groupby("customer_id", sort=True)[
        ["revenue", "costed_revenue", "uncosted_revenue", "cost_of_goods", "points", "coupon_discount",
         "margin"]].sum()
    grouped = grouped.round().astype("int64").reset_index()
    return grouped


def on_margin(purchases: pd.DataFrame, margins: pd.DataFrame) -> pd.DataFrame:
    """A copy of :func:`crmdesk.analytics.loader.customer_purchases` rows whose ``monetary`` is each customer's
    margin instead of their spend (0 for those who never bought), so Pareto, the segment summary and the R×F grid
    read margin with the same code. Frequency and recency stay as they were: segments keep their members."""
    per = customer_margins(margins).set_index("customer_id")["margin"]
    out = purchases.copy()
    out["monetary"] = out["customer_id"].map(per).fillna(0).astype("int64")
    return out


def lifetime_on_margin(table: pd.DataFrame, margins: pd.DataFrame) -> pd.DataFrame:
    """A lifetime-value table (:func:`crmdesk.analytics.clv.lifetime_value`) on margin: ``historic_value`` becomes the
    customer's margin so far, and ``expected_avg_value`` and ``clv`` are multiplied by the share of margin in the
    customer's own revenue (the part without a cost left out, as in the history). A customer who bought only lines
    without a cost has no margin to go on: their money columns are empty, never 0. Adds ``uncosted_revenue``."""
    per = customer_margins(margins).set_index("customer_id")
    known = per["costed_revenue"] > 0
    factor = (per["margin"] / per["revenue"].where(per["revenue"] != 0)).where(known)
    out = table.copy()
    ids = out["customer_id"]
    rate = ids.map(factor)
    bought = ids.isin(per.index)
    out["historic_value"] = ids.map(per["margin"].where(known)).where(bought, 0.0).astype("float64")
    for column in ("expected_avg_value", "clv"):
        out[column] = out[column].astype("float64") * rate.where(bought, 1.0)
    out["uncosted_revenue"] = ids.map(per["uncosted_revenue"]).fillna(0).astype("int64")
    return out


def margin_rows(margins: pd.DataFrame) -> list[tuple]:
    """(customer_id, purchased_at, margin) per purchase, by customer then time, margin in whole minor units: the
    rows :func:`crmdesk.analytics.cohorts.monthly_from_rows` groups into months."""
    ordered = margins.sort_values(["customer_id", "purchased_at"], kind="stable")
    return list(zip(ordered["customer_id"].tolist(), ordered["purchased_at"].dt.to_pydatetime().tolist(),
                    np.rint(ordered["margin"].to_numpy()).astype("int64").tolist(), strict=True))


__all__ = ["CUSTOMER_COLUMNS", "ON_CHOICES", "PURCHASE_COLUMNS", "MarginCoverage", "coverage", "customer_margins",
           "lifetime_on_margin", "margin_rows", "on_margin", "purchase_margins"]
