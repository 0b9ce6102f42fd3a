"""Version 18: a customer card knows which edit it is at (issue 16: several terminals).

``version`` counts the saved edits of a card; a save names the version it started from and is refused when another
terminal saved in between (crmdesk.services.customers.update_customer), with who (``updated_by``) and when
(``updated_at``, already there). Existing cards start at version 1; every row is kept.

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE on both back ends: the table (its generated column, search triggers) is not rebuilt.
    op.add_column("customer", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.add_column("customer", sa.Column("updated_by", sa.String(length=100), nullable=True))


def downgrade() -> None:
    op.drop_column("customer", "updated_by")
    op.drop_column("customer", "version")
