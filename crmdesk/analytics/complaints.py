"""Complaints that teach: how many per category per month, the top categories, and how fast the shop answers
and resolves them (median hours and the share within the shop's targets).

Times run from receiving a complaint to its first response, and to its resolution (or its closing when it was
closed without one). A complaint not yet answered or resolved has no time and counts as not within the target
once the target has passed; before that it is left out of the share (it may still make it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy import DateTime, bindparam, text

from crmdesk.analytics.moments import period
from crmdesk.store import Store

NO_CATEGORY = ""
_COMPLAINTS = text("SELECT received_at, category, first_response_at, COALESCE(resolved_at, closed_at) FROM feedback "
                   "WHERE kind = 'complaint' AND received_at >= :lo AND received_at < :hi").bindparams(
    bindparam("lo", type_=DateTime()), bindparam("hi", type_=DateTime()))


@dataclass(frozen=True)
class Speed:
    median_hours: float | None
    within: int  # answered (or resolved) within the target
    judged: int  # complaints whose target has passed or that were answered
    target_hours: float

    @property
    def share(self) -> float | None:
        return self.within / self.judged if self.judged else None


@dataclass(frozen=True)
class ComplaintFigures:
    per_month: pd.DataFrame  # index month (first day), a column per category (top first), counts
    top: pd.DataFrame  # category, complaints, share (of all complaints in the period)
    first_response: Speed
    resolution: Speed
    complaints: int


def _speed(received: pd.Series, done: pd.Series, target_hours: float, now: datetime) -> Speed:
    hours = (done - received).dt.total_seconds() / 3600
    due = received + pd.Timedelta(hours=target_hours)
    judged = done.notna() | (due < pd.Timestamp(now))
    within = hours.notna() & (hours <= target_hours)
    median = hours.median()
    return Speed(None if median != median else round(float(median), 1), int(within.sum()), int(judged.sum()),
                 target_hours)


def complaint_figures(store: Store, start: date | None, end: date | None, *, first_response_hours: float,
                      resolution_hours: float, now: datetime | None = None) -> ComplaintFigures:
    lo, hi = period(start, end)
    with store.engine.connect() as conn:
        rows = conn.execute(_COMPLAINTS, {"lo": lo, "hi": hi}).all()
    frame = pd.DataFrame(rows, columns=["received_at", "category", "first_response_at", "resolved_at"])
    for column in ("received_at", "first_response_at", "resolved_at"):
        frame[column] = pd.to_datetime(frame[column])
    frame["category"] = frame["category"].fillna(NO_CATEGORY).astype(str).str.strip()
    counts = frame["category"].value_counts()
    top = pd.DataFrame({"category": counts.index, "complaints": counts.to_numpy(dtype="int64")})
    top["share"] = top["complaints"] / max(len(frame), 1)
    month = frame["received_at"].dt.to_period("M").dt.start_time
    per_month = (frame.assign(month=month).pivot_table(index="month", columns="category", values="received_at",
                                                       aggfunc="count", fill_value=0)
                 .reindex(columns=list(counts.index)).sort_index(ascending=False)) if len(frame) else pd.DataFrame()
    now = now or datetime.now()
    return ComplaintFigures(per_month, top,
                            _speed(frame["received_at"], frame["first_response_at"], first_response_hours, now),
                            _speed(frame["received_at"], frame["resolved_at"], resolution_hours, now), len(frame))
