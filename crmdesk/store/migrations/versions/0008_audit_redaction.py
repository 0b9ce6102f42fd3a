"""Version 8: the audit log's one permitted update narrowed to what erasure needs.

0006 let any audit row's details be blanked to {"redacted": true}; now only the rows of a customer who has been
erased (customer.erased_at set) may be, so an export's file name and row count, a sign-in or anyone else's
history can no longer be wiped with a plain UPDATE. An INSERT OR REPLACE over an existing id (which would
bypass the delete trigger: SQLite's recursive_triggers is off) is refused for the log and the consent ledger.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

REDACTED = '{"redacted": true}'

TRIGGERS = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    f"WHEN NOT (NEW.details = '{REDACTED}' AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action "
    "AND NEW.actor = OLD.actor AND NEW.staff_id IS OLD.staff_id AND NEW.customer_id IS OLD.customer_id "
    "AND OLD.customer_id IS NOT NULL "
    "AND EXISTS (SELECT 1 FROM customer WHERE id = OLD.customer_id AND erased_at IS NOT NULL)) "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log "
    "WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id) "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER consent_event_no_replace BEFORE INSERT ON consent_event "
    "WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM consent_event WHERE id = NEW.id) "
    "BEGIN SELECT RAISE(ABORT, 'the consent ledger is append-only: record a new event instead'); END",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        for sql in TRIGGERS:
            op.execute(sql)


def downgrade() -> None:
    raise NotImplementedError("crmdesk migrates forward only; restore a backup instead")
