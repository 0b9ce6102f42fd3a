"""Version 17: coupons with codes and their redemptions.

Two new tables: ``coupon`` (one row per coupon handed to one customer, with its own code) and
``coupon_redemption`` (a coupon used on a purchase; a void returns it). Every birthday coupon already handed out
gets its coupon row with the same code, usable until 30 days after the birthday it was for (the end of its year
when that date is not known), so the codes already given to customers work at the counter. No existing row is
changed.

Revision ID: 0017
Revises: 0016
"""

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

BIRTHDAY_DAYS = 30  # as crmdesk.services.coupons.BIRTHDAY_VALID_DAYS


def _expiry(birthday_on: str, year: int) -> date:
    try:
        return date.fromisoformat(birthday_on) + timedelta(days=BIRTHDAY_DAYS)
    except (TypeError, ValueError):
        return date(year, 12, 31)


def upgrade() -> None:
    coupon = op.create_table(
        "coupon",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(50), nullable=False, unique=True),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("campaign_id", sa.Integer, sa.ForeignKey("campaign.id")),
        sa.Column("birthday_coupon_id", sa.Integer, sa.ForeignKey("birthday_coupon.id")),
        sa.Column("amount", sa.Integer, nullable=False),
        sa.Column("offer", sa.String(100), nullable=False),
        sa.Column("issued_at", sa.DateTime, nullable=False),
        sa.Column("expires_on", sa.Date),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id")),
    )
    op.create_index("ix_coupon_customer", "coupon", ["customer_id"])
    op.create_index("ix_coupon_campaign", "coupon", ["campaign_id"])
    op.create_table(
        "coupon_redemption",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("coupon_id", sa.Integer, sa.ForeignKey("coupon.id"), nullable=False),
        sa.Column("purchase_id", sa.Integer, sa.ForeignKey("purchase.id"), nullable=False),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id"), nullable=False),
        sa.Column("redeemed_at", sa.DateTime, nullable=False),
        sa.Column("discount", sa.Integer, nullable=False),
        sa.Column("returned_at", sa.DateTime),
    )
    op.create_index("ix_coupon_redemption_coupon", "coupon_redemption", ["coupon_id"])
    op.create_index("ix_coupon_redemption_purchase", "coupon_redemption", ["purchase_id"])
    rows = op.get_bind().execute(sa.text(
        "SELECT id, customer_id, year, birthday_on, code, issued_at, staff_id FROM birthday_coupon ORDER BY id")).all()
    seen: set[str] = set()
    values = []
    for bid, cid, year, on, code, issued, staff in rows:
        key = (code or "").strip().upper()
        if not key or key in seen:
            continue
        seen.add(key)
        values.append({"code": key, "customer_id": cid, "kind": "birthday", "campaign_id": None,
                       "birthday_coupon_id": bid, "amount": 0, "offer": "",
                       # SQLite hands back its stored text through a plain SELECT
                       "issued_at": issued if isinstance(issued, datetime) else datetime.fromisoformat(str(issued)),
                       "expires_on": _expiry(on, year), "staff_id": staff})
    if values:
        op.bulk_insert(coupon, values)


def downgrade() -> None:
    op.drop_table("coupon_redemption")
    op.drop_table("coupon")
