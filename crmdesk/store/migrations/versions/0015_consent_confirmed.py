"""Version 15: consent that was really given.

Earlier versions wrote a "collection" consent event for every card nobody asked about: method ``verbal``
without a staff member, stamped when the card was made (the window), ``import`` (every imported card) and
``migrated`` (the ledger's seed from the cards in version 6). A card whose latest collection event is such an
assumed one is marked ``consent_unconfirmed``: it counts as having no marketing consent until staff record the
customer's answer. The ledger is append-only and stays exactly as it was; only the marking is added.

Revision ID: 0015
Revises: 0014
"""

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# The window wrote the assumed event in the same unit of work as the card: a minute is a generous bound.
SAME_ACT_SECONDS = 60


def _moment(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def assumed(method: str, staff_id: int | None, at: object, created_at: object) -> bool:
    """Whether a collection event was written by the program rather than by a person's act."""
    if method in ("import", "migrated"):
        return True
    if method == "verbal" and staff_id is None:
        return abs((_moment(at) - _moment(created_at)).total_seconds()) <= SAME_ACT_SECONDS
    return False


def upgrade() -> None:
    # A plain ADD COLUMN: a batch rebuild of the table would drop its search-index triggers.
    op.add_column("customer", sa.Column("consent_unconfirmed", sa.Boolean(), nullable=False,
                                        server_default=sa.false()))
    op.create_index("ix_customer_consent_unconfirmed", "customer", ["consent_unconfirmed"])
    conn = op.get_bind()
    # Each card's latest collection event (the latest act, then the latest row), as services/consent.py reads it.
    rows = conn.execute(sa.text(
        "SELECT e.customer_id, e.method, e.staff_id, e.at, c.created_at FROM consent_event e "
        "JOIN customer c ON c.id = e.customer_id WHERE e.purpose = 'collection' AND c.erased_at IS NULL "
        "ORDER BY e.customer_id, e.at DESC, e.id DESC")).all()
    latest: dict[int, tuple] = {}
    for row in rows:
        latest.setdefault(row[0], row)
    marked = [{"id": cid} for cid, (_c, method, staff_id, at, created) in latest.items()
              if assumed(method, staff_id, at, created)]
    # A card with no collection event at all was never asked either.
    marked += [{"id": cid} for (cid,) in conn.execute(sa.text(
        "SELECT id FROM customer WHERE erased_at IS NULL AND NOT EXISTS "
        "(SELECT 1 FROM consent_event e WHERE e.customer_id = customer.id AND e.purpose = 'collection')"))]
    if marked:
        conn.execute(sa.text("UPDATE customer SET consent_unconfirmed = true WHERE id = :id"), marked)


def downgrade() -> None:
    raise NotImplementedError("crmdesk migrates forward only; restore a backup instead")
