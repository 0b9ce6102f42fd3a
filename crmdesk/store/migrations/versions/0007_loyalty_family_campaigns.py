"""Version 7: loyalty points ledger, tier changes, birthday coupons, households and referrals, campaigns.

Only new tables: the customer table is not touched (copying it would drop the search-index triggers of 0003),
so this step is independent of any other migration of the same generation.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "points_entry",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id"), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("points", sa.Integer, nullable=False),
        sa.Column("purchase_id", sa.Integer, sa.ForeignKey("purchase.id")),
        sa.Column("lot_id", sa.Integer, sa.ForeignKey("points_entry.id")),
        sa.Column("expires_at", sa.DateTime),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id")),
    )
    op.create_index("ix_points_entry_customer_at", "points_entry", ["customer_id", "at"])
    op.create_index("ix_points_entry_purchase_id", "points_entry", ["purchase_id"])
    op.create_index("ix_points_entry_lot_id", "points_entry", ["lot_id"])
    op.create_table(
        "tier_change",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id"), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("old_tier", sa.String(50), nullable=False),
        sa.Column("new_tier", sa.String(50), nullable=False),
        sa.Column("spend", sa.Integer, nullable=False),
    )
    op.create_index("ix_tier_change_customer_at", "tier_change", ["customer_id", "at"])
    op.create_table(
        "birthday_coupon",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id"), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("birthday_on", sa.String(10), nullable=False),
        sa.Column("code", sa.String(50), nullable=False),
        sa.Column("issued_at", sa.DateTime, nullable=False),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id")),
    )
    op.create_index("ix_birthday_coupon_customer_year", "birthday_coupon", ["customer_id", "year"])
    op.create_table(
        "household",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "household_member",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("household_id", sa.Integer, sa.ForeignKey("household.id", ondelete="CASCADE"), nullable=False),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id"), nullable=False),
        sa.Column("relation", sa.String(20), nullable=False),
        sa.Column("added_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_household_member_household_id", "household_member", ["household_id"])
    op.create_index("ix_household_member_customer_id", "household_member", ["customer_id"])
    op.create_table(
        "referral",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id"), nullable=False),
        sa.Column("referrer_id", sa.Integer, sa.ForeignKey("customer.id"), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id")),
    )
    op.create_index("ix_referral_customer_id", "referral", ["customer_id"])
    op.create_index("ix_referral_referrer_id", "referral", ["referrer_id"])
    op.create_table(
        "campaign",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("goal", sa.String(20), nullable=False),
        sa.Column("target_kind", sa.String(20), nullable=False),
        sa.Column("target_value", sa.String(500), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("offer_kind", sa.String(20), nullable=False),
        sa.Column("offer_value", sa.String(100), nullable=False),
        sa.Column("offer_code", sa.String(50), nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=False),
        sa.Column("control_percent", sa.Integer, nullable=False),
        sa.Column("seed", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "campaign_member",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("campaign_id", sa.Integer, sa.ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id"), nullable=False),
        sa.Column("grp", sa.String(10), nullable=False),
        sa.Column("reason", sa.String(30), nullable=False),
    )
    op.create_index("ix_campaign_member_campaign_group", "campaign_member", ["campaign_id", "grp"])
    op.create_index("ix_campaign_member_customer_id", "campaign_member", ["customer_id"])


def downgrade() -> None:
    raise NotImplementedError("crmdesk migrates forward only; restore a backup instead")
