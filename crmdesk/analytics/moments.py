"""Moments of truth: how each touchpoint is rated, and the overall score as their product.

The multiplication rule (곱셈의 법칙): a customer's satisfaction is not the average of the moments they meet but
closer to their product, so one bad moment pulls the whole experience down however good the rest is. Each
touchpoint's average is taken as a share of the best score (5), and the overall score is the product of the
shares of the touchpoints that have ratings in the period. The weakest touchpoint is the one with the lowest
share; "the rise" is what the overall score would be if that one matched the average of the others.

NPS answers (0-10) are a separate question and never enter the product.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import DateTime, bindparam, text

from crmdesk.models.moments import BEST_SCORE
from crmdesk.store import Store

RATING_COLUMNS = ["rating_id", "rated_at", "moment_id", "score", "customer_id", "staff_id", "source", "note"]
MOMENT_COLUMNS = ["moment_id", "name_en", "name_ko", "position", "active"]
LOW_SCORE = 2  # a rating at or below this is a low one (the Service screen lists them with their notes)

_RATINGS = text("SELECT id, rated_at, moment_id, score, customer_id, staff_id, source, note FROM rating "
                "WHERE rated_at >= :lo AND rated_at < :hi").bindparams(
    bindparam("lo", type_=DateTime()), bindparam("hi", type_=DateTime()))
_MOMENTS = text("SELECT id, name_en, name_ko, position, active FROM moment ORDER BY position, id")
_NPS = text("SELECT score FROM nps_answer WHERE answered_at >= :lo AND answered_at < :hi").bindparams(
    bindparam("lo", type_=DateTime()), bindparam("hi", type_=DateTime()))


def period(start: date | None, end: date | None) -> tuple[datetime, datetime]:
    """[start's midnight, the midnight after end): both days included; the whole history when not given."""
    lo = datetime.combine(start, time.min) if start else datetime(1900, 1, 1)
    hi = datetime.combine(end + timedelta(days=1), time.min) if end else datetime(9999, 1, 1)
    return lo, hi


def load_moments(store: Store) -> pd.DataFrame:
    with store.engine.connect() as conn:
        rows = conn.execute(_MOMENTS).all()
    frame = pd.DataFrame(rows, columns=MOMENT_COLUMNS)
    frame["active"] = frame["active"].astype(bool)
    return frame


def load_ratings(store: Store, start: date | None = None, end: date | None = None) -> pd.DataFrame:
    """Every touchpoint rating in the period, one row each (oldest first)."""
    lo, hi = period(start, end)
    with store.engine.connect() as conn:
        rows = conn.execute(_RATINGS, {"lo": lo, "hi": hi}).all()
    frame = pd.DataFrame(rows, columns=RATING_COLUMNS)
    frame["rated_at"] = pd.to_datetime(frame["rated_at"])
    frame["score"] = frame["score"].astype("int64")
    return frame.sort_values(["rated_at", "rating_id"]).reset_index(drop=True)


def per_moment(moments: pd.DataFrame, ratings: pd.DataFrame) -> pd.DataFrame:
    """One row per touchpoint (active ones, and inactive ones that have ratings), in the shop's order: ratings,
    average (NaN without ratings) and share_of_best (average / 5)."""
    grouped = ratings.groupby("moment_id")["score"]
    counts, means = grouped.size(), grouped.mean()
    out = moments.copy()
    out["ratings"] = out["moment_id"].map(counts).fillna(0).astype("int64")
    out["average"] = out["moment_id"].map(means).astype(float)
    out = out[out["active"] | (out["ratings"] > 0)].reset_index(drop=True)
    out["share_of_best"] = out["average"] / BEST_SCORE
    return out


@dataclass(frozen=True)
class ProductScore:
    """The overall score (0-1) as the product of the rated touchpoints' shares of the best, the weakest one
    (its row index in the per_moment table) and what the overall score would be if the weakest matched the
    average of the others (None with fewer than two rated touchpoints)."""

    overall: float | None
    weakest: int | None
    others_average: float | None
    overall_if_matched: float | None

    @property
    def rise(self) -> float | None:
        if self.overall is None or self.overall_if_matched is None:
            return None
        return self.overall_if_matched - self.overall


def product_score(table: pd.DataFrame) -> ProductScore:
    """From a per_moment table: the product of the shares of every touchpoint with ratings."""
    rated = table[table["ratings"] > 0]
    if rated.empty:
        return ProductScore(None, None, None, None)
    shares = rated["share_of_best"].astype(float)
    overall = math.prod(shares)
    weakest = int(rated["average"].idxmin())
    if len(rated) < 2:
        return ProductScore(overall, weakest, None, None)
    others = rated["average"].drop(weakest).mean()
    weak_share = float(rated.at[weakest, "share_of_best"])
    matched = overall / weak_share * (others / BEST_SCORE) if weak_share > 0 else (
        math.prod(shares.drop(weakest)) * others / BEST_SCORE)
    return ProductScore(overall, weakest, float(others), float(matched))


def monthly(moments: pd.DataFrame, ratings: pd.DataFrame) -> pd.DataFrame:
    """Per touchpoint per calendar month with ratings: month (first day), moment_id, ratings, average, and trend
    (the change of the average since the touchpoint's previous month with ratings; NaN for its first)."""
    if ratings.empty:
        return pd.DataFrame(columns=["month", "moment_id", "ratings", "average", "trend"])
    month = ratings["rated_at"].dt.to_period("M").dt.start_time
    out = (ratings.assign(month=month).groupby(["moment_id", "month"])["score"]
           .agg(ratings="size", average="mean").reset_index())
    out = out[out["moment_id"].isin(moments["moment_id"])]
    out["trend"] = out.groupby("moment_id")["average"].diff()
    return out[["month", "moment_id", "ratings", "average", "trend"]].reset_index(drop=True)


@dataclass(frozen=True)
class Nps:
    answers: int
    promoters: int  # 9-10
    detractors: int  # 0-6

    @property
    def score(self) -> float | None:
        """Net promoter score, -100 to 100; None without answers."""
        return None if not self.answers else 100 * (self.promoters - self.detractors) / self.answers


def nps(store: Store, start: date | None = None, end: date | None = None) -> Nps:
    lo, hi = period(start, end)
    with store.engine.connect() as conn:
        scores = [int(s) for (s,) in conn.execute(_NPS, {"lo": lo, "hi": hi})]
    return Nps(len(scores), sum(s >= 9 for s in scores), sum(s <= 6 for s in scores))


def low_ratings(ratings: pd.DataFrame, moment_id: int) -> pd.DataFrame:
    """A touchpoint's low ratings (1-2), newest first: what the Service screen shows when one is clicked."""
    chosen = ratings[(ratings["moment_id"] == moment_id) & (ratings["score"] <= LOW_SCORE)]
    return chosen.sort_values("rated_at", ascending=False).reset_index(drop=True)
