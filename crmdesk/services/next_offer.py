"""The next best offer for one customer: cross-sell (bought together on one receipt), sequences (customers who
bought A later bought B) and up-sell (a higher-priced product of the same category that customers like this one
moved up to), each with what it rests on; and the customer's usual items, for the counter.

The shop's sequence and up-sell rules are computed once per database, day and data state and kept in memory, as
the cross-sell rules are (services/suggestions.py); a card reads only the customer's own products. The words
of a reason belong to the window and the command line: an Offer carries the numbers they are made of.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlmodel import Session

from crmdesk.models import Purchase, PurchaseLine
from crmdesk.services import suggestions
from crmdesk.store import Store

if TYPE_CHECKING:  # pandas loads when offers are first asked for
    from crmdesk.analytics.next_offer import OfferRules

KINDS = ("up_sell", "sequence", "cross_sell")
_lock = threading.Lock()
_cache: dict[str, tuple[tuple, OfferRules]] = {}


@dataclass(frozen=True)
class Offer:
    kind: str  # up_sell | sequence | cross_sell
    product: str
    because: str  # the product they bought that leads here
    share: float  # of the customers (cross-sell: receipts) with ``because``, the share that went on to ``product``
    customers: int  # customers behind a sequence or up-sell (cross-sell: 0)
    step: int  # sequence: median days from ``because`` to ``product``; up-sell: how much dearer; cross-sell: 0


@dataclass(frozen=True)
class UsualItem:
    product: str
    receipts: int
    quantity: int


@dataclass(frozen=True)
class NextOffers:
    customer_id: int
    bought: int  # distinct products the customer bought
    usual: list[UsualItem]
    offers: list[Offer] = field(default_factory=list)


def usual_items(session: Session, customer_id: int, *, limit: int = 3) -> list[UsualItem]:
    """The customer's most frequent products: on the most receipts, then the most pieces, then by name."""
    receipts = func.count(func.distinct(PurchaseLine.purchase_id))
    pieces = func.sum(PurchaseLine.quantity)
    rows = session.execute(
        select(PurchaseLine.product, receipts, pieces).join(Purchase, Purchase.id == PurchaseLine.purchase_id)
        .where(Purchase.customer_id == customer_id, Purchase.voided_at.is_(None))
        .group_by(PurchaseLine.product).order_by(receipts.desc(), pieces.desc(), PurchaseLine.product).limit(limit))
    return [UsualItem(p, int(r), int(q or 0)) for p, r, q in rows]


def shop_rules(store: Store, as_of: date | None = None) -> OfferRules:
    from crmdesk.analytics.next_offer import offer_rules

    as_of = as_of or date.today()
    with store.session() as session:
        key = (as_of, session.execute(select(func.max(PurchaseLine.id))).scalar_one(),
               session.execute(select(func.max(Purchase.id))).scalar_one(),
               session.execute(select(func.count()).where(Purchase.voided_at.is_not(None))).scalar_one())
    with _lock:
        cached = _cache.get(store.url)
        if cached is not None and cached[0] == key:
            return cached[1]
    computed = offer_rules(store, as_of)
    with _lock:
        _cache[store.url] = (key, computed)
    return computed


def next_offers(store: Store, customer_id: int, *, limit: int = 3, as_of: date | None = None) -> NextOffers:
    """Up to ``limit`` offers of each kind, up-sell first, each product once."""
    from crmdesk.analytics.next_offer import pick

    rules = shop_rules(store, as_of)
    cross = suggestions.suggestions_for(store, customer_id, limit=limit, as_of=as_of)
    with store.session() as session:
        bought = suggestions.customer_products(session, customer_id, as_of)
        usual = usual_items(session, customer_id)
    offers: list[Offer] = []
    for kind, table in (("up_sell", rules.upsells), ("sequence", rules.sequences)):
        offers += [Offer(kind, str(r.consequent), str(r.antecedent), float(r.confidence), int(r.customers),
                         int(r.step)) for r in pick(table, bought, limit=limit).itertuples()]
    offers += [Offer("cross_sell", s.product, s.because, s.confidence, 0, 0) for s in cross.items]
    seen: set[str] = set()
    unique: list[Offer] = []
    for offer in offers:  # a product that is both an up-sell and a sequence is shown once, as the first
        if offer.product not in seen:
            seen.add(offer.product)
            unique.append(offer)
    return NextOffers(customer_id, len(bought), usual, unique)


def forget(store: Store) -> None:
    with _lock:
        _cache.pop(store.url, None)


__all__ = ["KINDS", "NextOffers", "Offer", "UsualItem", "forget", "next_offers", "shop_rules", "usual_items"]
