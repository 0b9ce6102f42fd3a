"""The lifecycle stages' rules (see churn.py for them in a shop owner's words), on plain numpy arrays: what
churn.py applies to the whole shop and the card's value line to one customer, without loading pandas."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NEW_DAYS = 90
RISK, DORMANT, LOST = 2, 4, 8  # multiples of the customer's usual gap
WINDOW_RISK, WINDOW_DORMANT, WINDOW_LOST = 1, 2, 4  # multiples of the shop's return window
MIN_DAYS_FOR_OWN_GAP = 3
WINDOW_PERCENTILE = 80
LOYAL_PERCENTILE = 80
MIN_LOYAL_DAYS = 3

# (key, Korean), best first; the order the dashboard stacks them in.
STAGES = (
    ("new", "신규"),
    ("active", "활동"),
    ("loyal", "충성"),
    ("at_risk", "이탈 위험"),
    ("dormant", "휴면"),
    ("lost", "이탈"),
)
STAGE_NAMES = tuple(key for key, _ in STAGES)
KOREAN_STAGES = dict(STAGES) | {"no_purchase": "구매 없음"}
ENGLISH_STAGES = {"new": "New", "active": "Active", "loyal": "Loyal", "at_risk": "At risk", "dormant": "Dormant",
                  "lost": "Lost", "no_purchase": "No purchase"}


@dataclass(frozen=True)
class ShopRhythm:
    return_window_days: float | None  # None: nobody came back yet
    loyal_days: int  # purchase days that make a customer loyal


def stages(purchase_days: np.ndarray, first: np.ndarray, last: np.ndarray, as_of: int,
            rhythm: ShopRhythm) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stage index (into STAGE_NAMES) per buyer, silence and usual gap (NaN without one); days as integers."""
    silence = (as_of - last).astype("float64")
    own = purchase_days >= MIN_DAYS_FOR_OWN_GAP
    usual = np.full(len(first), np.nan)
    usual[own] = (last[own] - first[own]) / (purchase_days[own] - 1)
    window = rhythm.return_window_days
    window = np.inf if window is None else max(window, 1.0)
    own_gap = np.where(own, usual, 0.0)  # without a rhythm of their own only the window counts

    def beyond(gap_times: int, window_times: int) -> np.ndarray:
        return (silence > gap_times * own_gap) & (silence > window_times * window)

    stage = np.where(purchase_days >= rhythm.loyal_days, STAGE_NAMES.index("loyal"), STAGE_NAMES.index("active"))
    stage = np.where(as_of - first < NEW_DAYS, STAGE_NAMES.index("new"), stage)
    stage = np.where(beyond(RISK, WINDOW_RISK), STAGE_NAMES.index("at_risk"), stage)
    stage = np.where(beyond(DORMANT, WINDOW_DORMANT), STAGE_NAMES.index("dormant"), stage)
    stage = np.where(beyond(LOST, WINDOW_LOST), STAGE_NAMES.index("lost"), stage)
    return stage, silence, usual
