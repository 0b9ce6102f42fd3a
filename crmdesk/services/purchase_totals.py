"""A customer's visit count, total spent and last purchase, kept on the card and recomputed from the purchases
whenever they change (entered, voided, merged, imported)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Integer, and_, any_, bindparam, func, select, update
from sqlalchemy.dialects import postgresql
from sqlmodel import Session

from crmdesk.models import Customer, Purchase


def refresh_purchase_totals(session: Session, customer_ids: Sequence[int] | None = None) -> None:
    """Recompute visit count, total spent and last purchase from the purchases (all customers if None).

    Voided purchases count nowhere. One GROUP BY over the customers' purchases, joined in a single UPDATE ... FROM
    (SQLite 3.33 and later, PostgreSQL), rather than three correlated subqueries per customer: a million-line
    import on PostgreSQL spent most of its refresh in those (issue 16). The outer join keeps a customer whose
    purchases are all voided or gone: 0 visits, 0 spent, no last purchase. On PostgreSQL the ids go as one array
    parameter, so any number of them is one statement; elsewhere callers keep the lists to a few hundred."""
    counted = and_(Purchase.customer_id == Customer.id, Purchase.voided_at.is_(None))
    grouped = (select(Customer.id.label("cid"), func.count(Purchase.id).label("visits"),
                      func.coalesce(func.sum(Purchase.total), 0).label("spent"),
                      func.max(Purchase.purchased_at).label("last"))
               .select_from(Customer).outerjoin(Purchase, counted).group_by(Customer.id))
    if customer_ids is not None:
        if session.get_bind().dialect.name == "postgresql":
            ids = bindparam("ids", list(customer_ids), type_=postgresql.ARRAY(Integer))
            grouped = grouped.where(Customer.id == any_(ids))
        else:
            grouped = grouped.where(Customer.id.in_(customer_ids))
    totals = grouped.subquery("totals")
    stmt = (update(Customer).where(Customer.id == totals.c.cid)
            .values(visit_count=totals.c.visits, total_spent=totals.c.spent, last_purchase_at=totals.c.last))
    session.execute(stmt.execution_options(synchronize_session=False))


__all__ = ["refresh_purchase_totals"]
