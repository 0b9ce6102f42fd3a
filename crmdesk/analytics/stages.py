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

# (key, Korean), best first; the order the dashboard stacks them in. The stages are named for the customer's
# visiting rhythm, in words no RFM segment uses in either language (issue 19: one card read "Segment At Risk ·
# Stage Lost"); tests/moments/test_one_vocabulary.py keeps the two vocabularies apart.
STAGES = (
    ("new", "새 손님"),
    ("active", "꾸준한 방문"),
    ("loyal", "단골"),
    ("at_risk", "방문 지연"),
    ("dormant", "발길 뜸함"),
    ("lost", "발길 끊김"),
)
STAGE_NAMES = tuple(key for key, _ in STAGES)
KOREAN_STAGES = dict(STAGES) | {"no_purchase": "첫 구매 전"}
ENGLISH_STAGES = {"new": "Newcomer", "active": "Steady", "loyal": "Regular", "at_risk": "Overdue",
                  "dormant": "Gone quiet", "lost": "Gone", "no_purchase": "Not yet bought"}


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
