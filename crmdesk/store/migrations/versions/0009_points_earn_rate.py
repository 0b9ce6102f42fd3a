"""Version 9: the earn rate a purchase earned at, kept on its earn entry, and an index for "points of this
campaign already given".

An edit of an old receipt (the payment method put right) must not re-price its points at today's rate, so the
rate is stored with the earn. Rows written before have none; they keep the points they earned (see
loyalty.sync_purchase_points). Only a column and an index: the customer table is not touched.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("points_entry", sa.Column("earn_percent", sa.String(12)))
    op.create_index("ix_points_entry_kind_reason", "points_entry", ["kind", "reason"])


def downgrade() -> None:
    op.drop_index("ix_points_entry_kind_reason", table_name="points_entry")
    with op.batch_alter_table("points_entry") as batch:
        batch.drop_column("earn_percent")
