"""Version 16: moments of truth (issue 19).

- moment: the shop's touchpoints, ordered, named in English and Korean; a database gets a café's defaults.
- rating: 1-5 scores of a touchpoint, by staff or by the customer on the survey screen (customer optional).
- nps_answer: "would you recommend us?" 0-10, kept apart from the touchpoint ratings.
- customer.main_staff_id (담당 직원) and feedback.about_staff_id (whom a compliment or complaint is about).
Only new tables and nullable columns: every existing row stays as it was.

Revision ID: 0016
Revises: 0015
"""

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

DEFAULTS = (("Ordering", "주문"), ("Waiting time", "대기 시간"), ("Taste and quality", "맛·품질"),
            ("Cleanliness", "청결"), ("Staff service", "직원 응대"), ("Payment", "결제"))


def _add_reference(table: str, column: str, target: str) -> None:
    """A nullable integer column referencing target.id (SQLite takes the reference inside ADD COLUMN)."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} ADD COLUMN {column} INTEGER REFERENCES {target} (id)")
    else:
        op.add_column(table, sa.Column(column, sa.Integer))
        op.create_foreign_key(f"fk_{table}_{column}", table, target, [column], ["id"])


def upgrade() -> None:
    moment = op.create_table(
        "moment",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name_en", sa.String(60), nullable=False),
        sa.Column("name_ko", sa.String(60), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "rating",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("moment_id", sa.Integer, sa.ForeignKey("moment.id"), nullable=False),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("rated_at", sa.DateTime, nullable=False),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id")),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id")),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("note", sa.String(500), nullable=False),
        sa.Column("contact_id", sa.Integer, sa.ForeignKey("contact.id")),
    )
    op.create_index("ix_rating_moment_time", "rating", ["moment_id", "rated_at"])
    op.create_index("ix_rating_rated_at", "rating", ["rated_at"])
    op.create_index("ix_rating_customer_id", "rating", ["customer_id"])
    op.create_index("ix_rating_staff_id", "rating", ["staff_id"])
    op.create_table(
        "nps_answer",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("answered_at", sa.DateTime, nullable=False),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id")),
    )
    op.create_index("ix_nps_answer_answered_at", "nps_answer", ["answered_at"])
    op.create_index("ix_nps_answer_customer_id", "nps_answer", ["customer_id"])
    _add_reference("customer", "main_staff_id", "staff")
    _add_reference("feedback", "about_staff_id", "staff")
    stamp = datetime.now()
    op.bulk_insert(moment, [{"name_en": en, "name_ko": ko, "position": n, "active": True, "created_at": stamp}
                            for n, (en, ko) in enumerate(DEFAULTS)])


def downgrade() -> None:
    raise NotImplementedError("crmdesk migrates forward only; restore a backup instead")
