"""Version 13: on PostgreSQL, the audit log and the consent ledger append-only, and the customer list indexed.

Migrations 0006 and 0008 made them append-only on SQLite with triggers; on PostgreSQL nothing stopped an UPDATE,
DELETE or TRUNCATE. The same rules as on SQLite, as PL/pgSQL triggers: consent events are never changed or
removed; an audit row is never removed, and its only permitted change is blanking the details of an erased
customer's row to {"redacted": true} and dropping its salt (every other column, the chain's digest and hashes
included, unchanged: 0012's rule). The error is an integrity violation, as SQLite's RAISE(ABORT) is, so callers
see the same exception class on both.

That the application's login role cannot drop or disable these triggers is a matter of ownership, not of this
migration: a trigger can be dropped by its table's owner, so the set-up hands both tables to a role nobody logs
in as (crmdesk.store.postgres.guard_ledgers; the test server does it).

Search on PostgreSQL: SQLite answers a word of three or more characters from its trigram index (0003); here
pg_trgm's GIN index over search_text answers the same ``LIKE '%word%'`` (when the server has the extension: it
ships with PostgreSQL's contrib, which the standard installers include; without it search still works, by a
scan). The list sorts by code point on both back ends (COLLATE "C", see services/customers.py), so its index
is built with that collation too.

Revision ID: 0013
Revises: 0012
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

REDACTED = '{"redacted": true}'
VIOLATION = "USING ERRCODE = 'integrity_constraint_violation'"

FUNCTIONS = (
    "CREATE FUNCTION crmdesk_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    f"  IF TG_OP = 'UPDATE' AND NEW.details = '{REDACTED}' AND NEW.details_salt IS NULL\n"
    "     AND NEW.id = OLD.id AND NEW.at = OLD.at\n"
    "     AND NEW.action = OLD.action AND NEW.actor = OLD.actor\n"
    "     AND NEW.details_digest = OLD.details_digest AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash\n"
    "     AND NEW.staff_id IS NOT DISTINCT FROM OLD.staff_id\n"
    "     AND NEW.customer_id IS NOT DISTINCT FROM OLD.customer_id AND OLD.customer_id IS NOT NULL\n"
    "     AND EXISTS (SELECT 1 FROM customer WHERE id = OLD.customer_id AND erased_at IS NOT NULL) THEN\n"
    "    RETURN NEW;\n"
    "  END IF;\n"
    f"  RAISE EXCEPTION 'the audit log is append-only' {VIOLATION};\n"
    "END $$",
    "CREATE FUNCTION crmdesk_consent_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  RAISE EXCEPTION 'the consent ledger is append-only: record a new event instead' "
    f"{VIOLATION};\n"
    "END $$",
)

TRIGGERS = (
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION crmdesk_audit_log_append_only()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION crmdesk_audit_log_append_only()",
    "CREATE TRIGGER consent_event_append_only BEFORE UPDATE OR DELETE ON consent_event "
    "FOR EACH ROW EXECUTE FUNCTION crmdesk_consent_event_append_only()",
    "CREATE TRIGGER consent_event_no_truncate BEFORE TRUNCATE ON consent_event "
    "FOR EACH STATEMENT EXECUTE FUNCTION crmdesk_consent_event_append_only()",
)


INDEXES = (
    'CREATE INDEX ix_customer_list_c ON customer (archived, name COLLATE "C", id)',
)
TRIGRAM_INDEX = "CREATE INDEX ix_customer_search_trgm ON customer USING gin (search_text gin_trgm_ops)"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for sql in FUNCTIONS + TRIGGERS + INDEXES:
        op.execute(sql)
    available = bind.exec_driver_sql("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'").first()
    if available:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(TRIGRAM_INDEX)


def downgrade() -> None:
    raise NotImplementedError("crmdesk migrates forward only; restore a backup instead")
