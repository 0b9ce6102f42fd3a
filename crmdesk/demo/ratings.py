"""The demo café's touchpoint ratings and NPS answers (issue 19), drawn with their own random generator so the
rest of the demo stays exactly as it was.

About one purchase in twelve over the last two years gets ratings: two thirds recorded by the staff member who
served (on the card), one third on the counter survey (most of those anonymous, some with a recommendation
answer). The shop is mostly good; the waiting time is visibly weaker, and worse again in the summer rush
(July, August) and in December; the other touchpoints dip a little in December too. Low ratings carry a note.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import sqlalchemy as sa

from crmdesk.store.bulk import insert_rows

SEED_OFFSET = 1919
SHARE_RATED = 1 / 12
# The café's touchpoints in their default order (migration 0016): usual average and the seasonal dip.
MEANS = {"Ordering": 4.4, "Waiting time": 3.3, "Taste and quality": 4.5, "Cleanliness": 4.3, "Staff service": 4.6,
         "Payment": 4.7}
SUMMER_WAIT_DIP, DECEMBER_DIP = 0.7, 0.3
LOW_NOTES = {
    "Ordering": ("메뉴판이 헷갈려요", "주문을 잘못 받았어요"),
    "Waiting time": ("20분 넘게 기다렸어요", "주문이 밀려서 오래 걸렸어요", "자리 나기까지 한참 기다림"),
    "Taste and quality": ("커피가 식어서 나왔어요", "케이크가 말라 있었어요"),
    "Cleanliness": ("테이블이 끈적했어요", "화장실 청소가 안 되어 있었어요"),
    "Staff service": ("직원이 바빠서 응대가 늦었어요",),
    "Payment": ("카드 단말기가 느렸어요",),
}


def add_moments(conn: sa.Connection, seed: int, as_of: date) -> int:
    """Issue 19's demo data: ratings and NPS answers, each regular's main contact (the staff member who entered
    most of their purchases), and compliments naming a staff member. Returns the number of ratings."""
    rated = add_ratings(conn, seed, as_of)
    conn.execute(sa.text(
        "UPDATE customer SET main_staff_id = (SELECT p.staff_id FROM purchase p WHERE p.customer_id = customer.id "
        "AND p.voided_at IS NULL AND p.staff_id IS NOT NULL GROUP BY p.staff_id ORDER BY COUNT(*) DESC, "
        "p.staff_id LIMIT 1) WHERE visit_count >= 3 AND NOT archived"))
    rng = np.random.default_rng(seed + SEED_OFFSET + 1)
    staff = [sid for (sid,) in conn.execute(sa.text("SELECT id FROM staff WHERE active ORDER BY id"))]
    praised = conn.execute(sa.text("SELECT id FROM feedback WHERE kind = 'compliment' ORDER BY id")).all()
    if staff:
        for (feedback_id,) in praised:
            if rng.random() < 0.7:
                conn.execute(sa.text("UPDATE feedback SET about_staff_id = :s WHERE id = :id"),
                             {"s": staff[int(rng.integers(0, len(staff)))], "id": feedback_id})
    return rated


def add_ratings(conn: sa.Connection, seed: int, as_of: date) -> int:
    """Ratings for the demo's purchases of the two years before ``as_of``; returns how many were written."""
    rng = np.random.default_rng(seed + SEED_OFFSET)
    moments = {name: mid for mid, name in conn.execute(sa.text("SELECT id, name_en FROM moment WHERE active"))}
    moments = {name: moments[name] for name in MEANS if name in moments}
    if not moments:
        return 0
    since = datetime.combine(as_of - timedelta(days=730), datetime.min.time())
    purchases = conn.execute(sa.text(
        "SELECT customer_id, staff_id, purchased_at FROM purchase WHERE voided_at IS NULL AND purchased_at >= :since "
        "ORDER BY id"), {"since": since}).all()
    chosen = [p for p, pick in zip(purchases, rng.random(len(purchases)) < SHARE_RATED, strict=True) if pick]
    ratings: list[tuple] = []
    answers: list[tuple] = []
    names = list(moments)
    for customer_id, staff_id, at in chosen:
        at = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
        survey = rng.random() < 1 / 3
        anonymous = survey and rng.random() < 0.7
        who = None if anonymous else customer_id
        rated = names if survey else list(rng.choice(names, size=int(rng.integers(2, 4)), replace=False))
        scores = []
        for name in rated:
            mean = MEANS[name] - (DECEMBER_DIP if at.month == 12 else 0.0)
            if name == "Waiting time" and at.month in (7, 8, 12):
                mean -= SUMMER_WAIT_DIP
            score = int(np.clip(np.rint(rng.normal(mean, 0.75)), 1, 5))
            scores.append(score)
            note = str(rng.choice(LOW_NOTES[name])) if score <= 2 and rng.random() < 0.6 else ""
            # a survey answer names no staff member (services/moments.record_survey)
            ratings.append((moments[name], score, at, who, None if survey else staff_id,
                            "survey" if survey else "staff", note))
        if survey and rng.random() < 0.6:
            nps = int(np.clip(np.rint(2.2 * np.mean(scores) - 0.5 + rng.normal(0, 1.2)), 0, 10))
            answers.append((nps, at, who))
    insert_rows(conn, "rating", ("moment_id", "score", "rated_at", "customer_id", "staff_id", "source", "note"),
                ratings)
    insert_rows(conn, "nps_answer", ("score", "answered_at", "customer_id"), answers)
    return len(ratings)
