"""Version 5: purchases entered, voided and imported; the product catalogue; import batches and presets;
customer merges that can be undone.

Columns are added with plain ALTER TABLE ADD COLUMN, never a batch copy of customer: copying that table
would drop the triggers that keep the search index (0003) current.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _add_reference(table: str, column: str, target: str) -> None:
    """A nullable integer column referencing target.id. SQLite takes the reference inside ADD COLUMN (it
    cannot add a constraint later); other databases add the column, then the constraint."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} ADD COLUMN {column} INTEGER REFERENCES {target} (id)")
    else:
        op.add_column(table, sa.Column(column, sa.Integer))
        op.create_foreign_key(f"fk_{table}_{column}", table, target, [column], ["id"])


def upgrade() -> None:
    op.create_table(
        "product",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("category", sa.String(100)),
        sa.Column("unit_price", sa.Integer, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "import_batch",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("source_name", sa.String(300), nullable=False),
        sa.Column("source_sha256", sa.String(64), nullable=False),
        sa.Column("encoding", sa.String(30)),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime),
        sa.Column("rows_read", sa.Integer, nullable=False),
        sa.Column("rows_imported", sa.Integer, nullable=False),
        sa.Column("rows_rejected", sa.Integer, nullable=False),
        sa.Column("customers_created", sa.Integer, nullable=False),
        sa.Column("customers_matched", sa.Integer, nullable=False),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id")),
    )
    op.create_index("ix_import_batch_source_sha256", "import_batch", ["source_sha256"])
    op.create_table(
        "import_preset",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("mapping", sa.String(5000), nullable=False),
        sa.Column("encoding", sa.String(30)),
        sa.Column("delimiter", sa.String(5)),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "customer_merge",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("survivor_id", sa.Integer, sa.ForeignKey("customer.id"), nullable=False),
        sa.Column("merged_id", sa.Integer, sa.ForeignKey("customer.id"), nullable=False),
        sa.Column("merged_at", sa.DateTime, nullable=False),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id")),
        sa.Column("undone_at", sa.DateTime),
        sa.Column("details", sa.String, nullable=False),
    )
    op.create_index("ix_customer_merge_survivor_id", "customer_merge", ["survivor_id"])
    op.create_index("ix_customer_merge_merged_id", "customer_merge", ["merged_id"])
    _add_reference("customer", "merged_into_id", "customer")
    op.add_column("purchase", sa.Column("discount", sa.Integer, nullable=False, server_default="0"))
    op.add_column("purchase", sa.Column("payment_method", sa.String(20)))
    op.add_column("purchase", sa.Column("voided_at", sa.DateTime))
    op.add_column("purchase", sa.Column("void_reason", sa.String(200)))
    _add_reference("purchase", "voided_by_staff_id", "staff")
    _add_reference("purchase", "import_batch_id", "import_batch")
    op.add_column("purchase", sa.Column("source_key", sa.String(100)))
    op.create_index("ix_purchase_import_batch_id", "purchase", ["import_batch_id"])
    op.create_index("ix_purchase_source_key", "purchase", ["source_key"], unique=True)
    op.drop_index("ix_purchase_customer_date_total", table_name="purchase")
    op.create_index("ix_purchase_customer_date_total", "purchase",
                    ["customer_id", "purchased_at", "total", "voided_at"])
    op.add_column("purchase_line", sa.Column("discount", sa.Integer, nullable=False, server_default="0"))
    _add_reference("purchase_line", "product_id", "product")


def downgrade() -> None:
    raise NotImplementedError("crmdesk migrates forward only; restore a backup instead")
