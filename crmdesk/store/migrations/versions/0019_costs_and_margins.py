"""Version 19: what products cost the shop, so purchases have a gross margin (issue 20: profit, not only revenue).

``product.cost`` (won per unit) and ``product.margin_percent`` (gross margin as a percentage of the price), both
empty until the shop types them in the catalogue or an import brings them; ``purchase_line.unit_cost``, the cost per
unit an imported file gave for that line; and a new table ``product_category`` holding a category's margin
percentage for its products without a cost of their own. Plain ALTER TABLE ADD COLUMN on both back ends (no table
is rebuilt); every existing row is kept and has no cost, which the figures report as revenue without a cost.

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("product", sa.Column("cost", sa.Integer(), nullable=True))
    op.add_column("product", sa.Column("margin_percent", sa.Float(), nullable=True))
    op.add_column("purchase_line", sa.Column("unit_cost", sa.Integer(), nullable=True))
    op.create_table(
        "product_category",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("margin_percent", sa.Float(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("product_category")
    op.drop_column("purchase_line", "unit_cost")
    op.drop_column("product", "margin_percent")
    op.drop_column("product", "cost")
