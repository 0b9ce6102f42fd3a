"""Small shops with hand-checked purchase histories."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from crmdesk.models import Customer, Purchase


@pytest.fixture
def shop(store):
    """``add(name, *purchases)`` makes a customer; each purchase is (date, total) or (date, total, voided), at
    noon unless a date-time is given."""

    def add(name: str, *purchases: tuple, code: str | None = None, archived: bool = False) -> int:
        with store.session() as session:
            customer = Customer(name=name, customer_code=code, archived=archived)
            session.add(customer)
            session.flush()
            for when, total, *voided in purchases:
                at = when if isinstance(when, datetime) else datetime.combine(when, time(12))
                session.add(Purchase(customer_id=customer.id, purchased_at=at, total=total,
                                     voided_at=at if voided and voided[0] else None))
            return customer.id

    add.store = store
    return add
