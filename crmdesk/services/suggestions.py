"""What to suggest to one customer: products they have not bought yet that go with what they have.

The shop's association rules (crmdesk.analytics.basket) take a second or more over a million purchase lines,
so they are computed once and kept in memory per database, day and data state; a card asks only for the
customer's own products (one indexed query) and reads the cached rules. The cache is refreshed when a
purchase line is added (the largest line id changes) or the day changes; a void of an old purchase shows the
next day. Callers in the window run :func:`suggestions_for` off the GUI thread: the first call of the day
computes the rules.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlmodel import Session

from crmdesk.models import Purchase, PurchaseLine
from crmdesk.store import Store

if TYPE_CHECKING:  # pandas, numpy and scipy load when suggestions are first asked for, not with the window
    from crmdesk.analytics.basket import Associations

_lock = threading.Lock()
_cache: dict[str, tuple[tuple, Associations]] = {}


@dataclass(frozen=True)
class Suggestion:
    product: str
    because: str  # the product they bought that leads here
    confidence: float  # share of baskets with ``because`` that also hold ``product``
    lift: float


@dataclass(frozen=True)
class CustomerSuggestions:
    customer_id: int
    bought: int  # distinct products the customer bought
    baskets: int  # receipts the shop's rules are drawn from
    items: list[Suggestion]


def _data_state(session: Session) -> tuple:
    return (session.execute(select(func.max(PurchaseLine.id))).scalar_one(),
            session.execute(select(func.max(Purchase.id))).scalar_one())


def shop_associations(store: Store, as_of: date | None = None) -> Associations:
    """The shop's rules as of ``as_of`` (default today), from the cache when the data has not changed."""
    from crmdesk.analytics.basket import associations

    as_of = as_of or date.today()
    with store.session() as session:
        key = (as_of, *_data_state(session))
    with _lock:
        cached = _cache.get(store.url)
        if cached is not None and cached[0] == key:
            return cached[1]
    computed = associations(store, as_of)
    with _lock:
        _cache[store.url] = (key, computed)
    return computed


def is_cached(store: Store) -> bool:
    """True when today's rules are in memory (a card then answers at once)."""
    with _lock:
        cached = _cache.get(store.url)
    return cached is not None and cached[0][0] == date.today()


def forget(store: Store) -> None:
    with _lock:
        _cache.pop(store.url, None)


def customer_products(session: Session, customer_id: int, as_of: date | None = None) -> set[str]:
    """Products on the customer's counted (not voided) purchases up to the end of ``as_of``."""
    from crmdesk.analytics.rows import end_of_day  # no pandas

    as_of = as_of or date.today()
    rows = session.execute(
        select(PurchaseLine.product).distinct()
        .join(Purchase, Purchase.id == PurchaseLine.purchase_id)
        .where(Purchase.customer_id == customer_id, Purchase.voided_at.is_(None),
               Purchase.purchased_at < end_of_day(as_of))
    ).scalars().all()
    return {p for p in rows if p}


def suggestions_for(store: Store, customer_id: int, *, limit: int = 5,
                    as_of: date | None = None) -> CustomerSuggestions:
    """Up to ``limit`` products the customer has not bought, best first (see crmdesk.analytics.basket)."""
    from crmdesk.analytics.basket import suggest

    rules = shop_associations(store, as_of)
    with store.session() as session:
        bought = customer_products(session, customer_id, as_of)
    table = suggest(rules.products, bought, limit=limit)
    items = [Suggestion(r.item, r.because, float(r.confidence), float(r.lift)) for r in table.itertuples()]
    return CustomerSuggestions(customer_id, len(bought), rules.baskets, items)
