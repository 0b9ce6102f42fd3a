"""Version 1: customer cards, staff, purchases with lines, shop settings.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "customer",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("phone", sa.String(20)),
        sa.Column("phone_last4", sa.String(4)),
        sa.Column("email", sa.String(200)),
        sa.Column("birthday", sa.Date),
        sa.Column("birthday_lunar", sa.Boolean, nullable=False),
        sa.Column("gender", sa.String(1)),
        sa.Column("address", sa.String(300)),
        sa.Column("memo", sa.String),
        sa.Column("tags", sa.String(500), nullable=False),
        sa.Column("customer_code", sa.String(50)),
        sa.Column("first_seen", sa.Date),
        sa.Column("acquired_via", sa.String(50)),
        sa.Column("marketing_consent", sa.Boolean, nullable=False),
        sa.Column("marketing_consent_at", sa.DateTime),
        sa.Column("archived", sa.Boolean, nullable=False),
        sa.Column("archived_at", sa.DateTime),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("search_text", sa.String(1000), nullable=False),
    )
    op.create_index("ix_customer_name", "customer", ["name"])
    op.create_index("ix_customer_phone", "customer", ["phone"])
    op.create_index("ix_customer_phone_last4", "customer", ["phone_last4"])
    op.create_index("ix_customer_customer_code", "customer", ["customer_code"], unique=True)
    op.create_index("ix_customer_list", "customer", ["archived", "name", "id", "search_text"])
    op.create_table(
        "purchase",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id")),
        sa.Column("purchased_at", sa.DateTime, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id")),
        sa.Column("receipt_no", sa.String(50)),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_purchase_purchased_at", "purchase", ["purchased_at"])
    op.create_index("ix_purchase_customer_id", "purchase", ["customer_id"])
    op.create_table(
        "purchase_line",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("purchase_id", sa.Integer, sa.ForeignKey("purchase.id", ondelete="CASCADE"), nullable=False),
        sa.Column("product", sa.String(200), nullable=False),
        sa.Column("category", sa.String(100)),
        sa.Column("quantity", sa.Integer, nullable=False),
        sa.Column("unit_price", sa.Integer, nullable=False),
        sa.Column("amount", sa.Integer, nullable=False),
    )
    op.create_index("ix_purchase_line_purchase_id", "purchase_line", ["purchase_id"])
    op.create_table(
        "setting",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.String(2000), nullable=False),
    )


def downgrade() -> None:
    raise NotImplementedError("crmdesk migrates forward only; restore a backup instead")
