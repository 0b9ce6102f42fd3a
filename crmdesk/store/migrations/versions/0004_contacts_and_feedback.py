"""Version 4: the contact-point log (with follow-ups) and feedback with its stamped status changes.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contact",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id"), nullable=False),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id")),
        sa.Column("occurred_at", sa.DateTime, nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("purpose", sa.String(20), nullable=False),
        sa.Column("note", sa.String(1000), nullable=False),
        sa.Column("outcome", sa.String(200), nullable=False),
        sa.Column("follow_up_on", sa.Date),
        sa.Column("follow_up_done_at", sa.DateTime),
        sa.Column("follow_up_contact_id", sa.Integer, sa.ForeignKey("contact.id")),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_contact_occurred_at", "contact", ["occurred_at"])
    op.create_index("ix_contact_customer_time", "contact", ["customer_id", "occurred_at"])
    op.create_index("ix_contact_staff_time", "contact", ["staff_id", "occurred_at"])
    op.create_index("ix_contact_follow_up", "contact", ["follow_up_done_at", "follow_up_on"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id")),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("category", sa.String(50), nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("description", sa.String(5000), nullable=False),
        sa.Column("assigned_staff_id", sa.Integer, sa.ForeignKey("staff.id")),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("received_at", sa.DateTime, nullable=False),
        sa.Column("received_by_staff_id", sa.Integer, sa.ForeignKey("staff.id")),
        sa.Column("first_response_at", sa.DateTime),
        sa.Column("resolved_at", sa.DateTime),
        sa.Column("closed_at", sa.DateTime),
        sa.Column("resolution_note", sa.String(2000), nullable=False),
        sa.Column("recovery_action", sa.String(20)),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_feedback_assigned_staff_id", "feedback", ["assigned_staff_id"])
    op.create_index("ix_feedback_status_received", "feedback", ["status", "received_at"])
    op.create_index("ix_feedback_customer", "feedback", ["customer_id", "received_at"])
    op.create_table(
        "feedback_event",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("feedback_id", sa.Integer, sa.ForeignKey("feedback.id", ondelete="CASCADE"), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id")),
        sa.Column("from_status", sa.String(20)),
        sa.Column("to_status", sa.String(20), nullable=False),
        sa.Column("note", sa.String(2000), nullable=False),
    )
    op.create_index("ix_feedback_event_feedback_id", "feedback_event", ["feedback_id"])


def downgrade() -> None:
    raise NotImplementedError("crmdesk migrates forward only; restore a backup instead")
