"""Version 6: trust. The consent ledger (seeded from the card's marketing flag, so nothing a shop recorded
is lost), the append-only audit log, and sign-in columns on staff.

Append-only is enforced on SQLite by triggers: audit rows and consent events can be neither changed nor
deleted, except that erasing a customer may blank the details of that customer's audit rows (the only
update the trigger lets through), because those details hold the erased personal values.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

MARKETING = ("sms", "kakao", "email", "phone")
REDACTED = '{"redacted": true}'

TRIGGERS = (
    "CREATE TRIGGER consent_event_no_update BEFORE UPDATE ON consent_event "
    "BEGIN SELECT RAISE(ABORT, 'the consent ledger is append-only: record a new event instead'); END",
    "CREATE TRIGGER consent_event_no_delete BEFORE DELETE ON consent_event "
    "BEGIN SELECT RAISE(ABORT, 'the consent ledger is append-only: record a new event instead'); END",
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    f"WHEN NOT (NEW.details = '{REDACTED}' AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action "
    "AND NEW.actor = OLD.actor AND NEW.staff_id IS OLD.staff_id AND NEW.customer_id IS OLD.customer_id) "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
)


def upgrade() -> None:
    op.create_table(
        "consent_event",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id"), nullable=False),
        sa.Column("purpose", sa.String(20), nullable=False),
        sa.Column("granted", sa.Boolean, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id")),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_consent_event_customer_id", "consent_event", ["customer_id"])
    op.create_index("ix_consent_event_purpose_customer", "consent_event", ["purpose", "customer_id", "id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id")),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id")),
        sa.Column("details", sa.String, nullable=False),
    )
    for column in ("at", "staff_id", "action", "customer_id"):
        op.create_index(f"ix_audit_log_{column}", "audit_log", [column])
    op.add_column("customer", sa.Column("erased_at", sa.DateTime))  # plain ADD COLUMN: keeps the FTS triggers
    op.add_column("staff", sa.Column("password_hash", sa.String(300)))
    op.add_column("staff", sa.Column("failed_sign_ins", sa.Integer, nullable=False, server_default="0"))
    op.add_column("staff", sa.Column("locked_until", sa.DateTime))

    # The ledger starts from what the cards say: collection agreed when the card was made; each marketing
    # purpose granted (or withdrawn) when the single flag last changed. Oldest events first, so the latest
    # id per customer and purpose is the current state.
    op.execute(
        "INSERT INTO consent_event (customer_id, purpose, granted, at, method, recorded_at) "
        "SELECT id, 'collection', true, created_at, 'migrated', CURRENT_TIMESTAMP FROM customer ORDER BY id")
    for purpose in MARKETING:
        op.execute(
            "INSERT INTO consent_event (customer_id, purpose, granted, at, method, recorded_at) "
            f"SELECT id, '{purpose}', marketing_consent, coalesce(marketing_consent_at, created_at), 'migrated', "
            "CURRENT_TIMESTAMP FROM customer WHERE marketing_consent OR marketing_consent_at IS NOT NULL ORDER BY id")
    if op.get_bind().dialect.name == "sqlite":
        for sql in TRIGGERS:
            op.execute(sql)


def downgrade() -> None:
    raise NotImplementedError("crmdesk migrates forward only; restore a backup instead")
