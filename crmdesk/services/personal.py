"""Per-recipient values for campaign messages: each recipient's own offer (#{추천상품}) and the relative a message
may name (#{가족이름}).

Message composition and its variable registry live with the campaigns (issue 17); these are the plain functions
it calls. A personal offer is made only to customers who agreed to personalised offers, where the consent
ledger knows that purpose, and otherwise to those with a marketing consent (SMS, KakaoTalk, e-mail or calls);
the others get no entry (a message then falls back to its general wording). Staff see suggestions for every
customer on the card and with `crmdesk suggest`: that is service at the counter, not marketing.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlmodel import Session

from crmdesk.models import Customer, HouseholdMember
from crmdesk.services import consent, next_offer
from crmdesk.store import Store

PERSONALISED = "personalised"


def offer_consenting(session: Session, customer_ids: Iterable[int]) -> set[int]:
    """The customers who may receive a personal offer."""
    ids = list(dict.fromkeys(customer_ids))
    if PERSONALISED in {p.value for p in consent.Purpose}:
        return consent.consented_ids(session, PERSONALISED, ids)
    out: set[int] = set()
    for purpose in consent.MARKETING_PURPOSES:
        out |= consent.consented_ids(session, purpose, ids)
    return out


def personal_offer(session: Session, customer_ids: Iterable[int]) -> dict[int, str]:
    """Customer id -> the product to offer them (their best next offer), for the consenting ones that have one."""
    bind = session.get_bind()
    engine = getattr(bind, "engine", bind)  # a session bound to a connection (an immediate one) reads its engine
    store = Store(engine=engine, url=str(engine.url), actor=session.info.get("actor"))
    out: dict[int, str] = {}
    for cid in sorted(offer_consenting(session, customer_ids)):
        offers = next_offer.next_offers(store, cid, limit=1).offers
        if offers:
            out[cid] = offers[0].product
    return out


def relative_names(session: Session, customer_ids: Iterable[int]) -> dict[int, str]:
    """Customer id -> the name of their household's best customer other than themselves (the most spent, then
    the most visits, then the lowest id): "어머님께서도 자주 찾아주시는…". Customers without a household, or whose
    relatives are archived, merged or erased, get no entry."""
    ids = list(dict.fromkeys(customer_ids))
    homes: dict[int, int] = {}
    for start in range(0, len(ids), 900):
        homes.update(session.execute(select(HouseholdMember.customer_id, HouseholdMember.household_id)
                                     .where(HouseholdMember.customer_id.in_(ids[start:start + 900]))).all())
    members: dict[int, list[tuple[int, int, int, str]]] = {}
    rows = session.execute(
        select(HouseholdMember.household_id, Customer.id, Customer.total_spent, Customer.visit_count, Customer.name)
        .join(Customer, Customer.id == HouseholdMember.customer_id)
        .where(HouseholdMember.household_id.in_(set(homes.values())), Customer.archived.is_(False),
               Customer.merged_into_id.is_(None), Customer.erased_at.is_(None)))
    for home, cid, spent, visits, name in rows:
        members.setdefault(home, []).append((-(spent or 0), -(visits or 0), cid, name))
    out: dict[int, str] = {}
    for cid, home in homes.items():
        others = sorted(m for m in members.get(home, []) if m[2] != cid)
        if others and others[0][3]:
            out[cid] = others[0][3]
    return out


__all__ = ["PERSONALISED", "offer_consenting", "personal_offer", "relative_names"]
