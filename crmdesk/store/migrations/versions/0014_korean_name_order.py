"""Version 14: the customer list in Korean order (Hangul names first, then Latin, then the rest).

A newcomer to the demo café first saw a screen of Latin names, because the list sorted by code point and every
Latin letter comes before 가. Korean users expect 가나다 first, then A-Z, then digits and symbols. The order is a
column the database computes from the name (customer.name_group: 0 Hangul, 1 Latin, 2 other), so every writer
(the services, the import's and the demo's bulk paths, another terminal's crmdesk) keeps it right without knowing
it, and both back ends sort by the same key: (name_group, name by code point, id).

SQLite adds it as a VIRTUAL generated column (ALTER TABLE cannot add a STORED one) and indexes it: the list index
is rebuilt with it in front of the name. PostgreSQL has only STORED generated columns (before 18); its list index
(0013's ix_customer_list_c, name COLLATE "C") is rebuilt the same way.

Revision ID: 0014
Revises: 0013
"""

from alembic import op

from crmdesk.models.customer import NAME_GROUP

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    postgresql = bind.dialect.name == "postgresql"
    expression = str(NAME_GROUP.compile(dialect=bind.dialect, compile_kwargs={"literal_binds": True}))
    kind = "STORED" if postgresql else "VIRTUAL"
    op.execute(f"ALTER TABLE customer ADD COLUMN name_group INTEGER GENERATED ALWAYS AS ({expression}) {kind}")
    op.drop_index("ix_customer_list", table_name="customer")
    op.create_index("ix_customer_list", "customer", ["archived", "name_group", "name", "id", "search_text"])
    if postgresql:
        op.execute("DROP INDEX IF EXISTS ix_customer_list_c")
        op.execute('CREATE INDEX ix_customer_list_c ON customer (archived, name_group, name COLLATE "C", id)')


def downgrade() -> None:
    raise NotImplementedError("crmdesk migrates forward only; restore a backup instead")
