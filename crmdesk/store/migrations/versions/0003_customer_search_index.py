"""Version 3: a trigram full-text index over customer.search_text (SQLite only).

A search word that few customers contain (a full name, four phone digits, three initials) made the list
walk all 100,000 rows to find out that there are few. The FTS5 trigram index names the candidates of any
word of three or more characters at once; shorter words keep walking the list index, where common words
find a page of matches quickly. Triggers keep the index in step with every insert, update and delete.
Other databases skip this step (they get their own index, e.g. pg_trgm, when that backend arrives).

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

STATEMENTS = (
    "CREATE VIRTUAL TABLE customer_search USING fts5("
    "search_text, content='customer', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER customer_search_insert AFTER INSERT ON customer BEGIN "
    "INSERT INTO customer_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER customer_search_delete AFTER DELETE ON customer BEGIN "
    "INSERT INTO customer_search(customer_search, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    "END",
    "CREATE TRIGGER customer_search_update AFTER UPDATE OF search_text ON customer BEGIN "
    "INSERT INTO customer_search(customer_search, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO customer_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO customer_search(customer_search) VALUES ('rebuild')",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("crmdesk migrates forward only; restore a backup instead")
