"""Version 2: purchase totals on the customer card, so the list sorts by value without a GROUP BY.

Adds visit_count, total_spent and last_purchase_at to customer and fills them from the purchases
already stored; replaces the single-column purchase index by a covering one (customer, date, total),
which makes per-customer aggregates over a million purchases several times faster.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("customer") as batch:
        batch.add_column(sa.Column("visit_count", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("total_spent", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("last_purchase_at", sa.DateTime))
        batch.create_index("ix_customer_last_purchase_at", ["last_purchase_at"])
    op.drop_index("ix_purchase_customer_id", table_name="purchase")
    op.create_index("ix_purchase_customer_date_total", "purchase", ["customer_id", "purchased_at", "total"])
    op.execute(
        """
        UPDATE customer SET
            visit_count = (SELECT count(*) FROM purchase p WHERE p.customer_id = customer.id),
            total_spent = COALESCE((SELECT sum(p.total) FROM purchase p WHERE p.customer_id = customer.id), 0),
            last_purchase_at = (SELECT max(p.purchased_at) FROM purchase p WHERE p.customer_id = customer.id)
        """
    )


def downgrade() -> None:
    raise NotImplementedError("crmdesk migrates forward only; restore a backup instead")
