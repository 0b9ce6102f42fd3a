"""The resolution-speed buckets a complaint's recovery is told by (recovery_baseline.py computes the figure: do
complaining customers come back, against similar customers who did not complain). The older figure of this
module, repurchase by bucket without a baseline, was replaced by it (issue 19) and is gone; the buckets stay.
"""

from __future__ import annotations

# (key, upper bound in hours or None, English, Korean); "open" last.
BUCKETS = (
    ("same_day", 24, "Within a day", "하루 안"),
    ("days_1_3", 72, "1-3 days", "1~3일"),
    ("days_3_7", 168, "3-7 days", "3~7일"),
    ("over_week", None, "Over a week", "일주일 넘게"),
    ("open", None, "Not resolved", "미해결"),
)
ENGLISH_BUCKETS = {b[0]: b[2] for b in BUCKETS}
KOREAN_BUCKETS = {b[0]: b[3] for b in BUCKETS}
