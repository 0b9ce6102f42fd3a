"""Households and referrals: generation marketing.

A customer belongs to at most one household, with a relation (parent, child, spouse, sibling) saying their
place in it. A household is named (김민수네) and disappears with its last member. A customer is referred by at
most one other customer; referral value is the lifetime spend of the customers a person referred, shown beside
their own. Erased customers (privacy) are left out of households, their revenue and referral lists; their
rows stay, as privacy.erase_customer leaves them. Every function takes an open Session and does not commit.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlmodel import Session

from crmdesk.errors import NotFound, Problem, ValidationError
from crmdesk.models import Customer, Household, HouseholdMember, Referral, Relation
from crmdesk.models.base import now

RELATIONS = tuple(r.value for r in Relation)
MAX_NAME = 100


def _customer(session: Session, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound.of("Customer", customer_id)
    return customer


def _check_relation(relation: str) -> None:
    if relation not in RELATIONS:
        raise ValidationError([Problem("relation", "relation_invalid",
                                       f"the relation is one of {', '.join(RELATIONS)}", str(relation))])


def household_id_of(session: Session, customer_id: int) -> int | None:
    return session.execute(select(HouseholdMember.household_id).where(HouseholdMember.customer_id == customer_id)
                           .order_by(HouseholdMember.id)).scalars().first()


def add_to_household(session: Session, customer_id: int, relation: str, *, household_id: int | None = None,
                     with_customer_id: int | None = None, name: str | None = None) -> Household:
    """Put a customer into a household: the given one, or the household of ``with_customer_id`` (created for
    that customer, as a parent unless they are already in one, when needed). A customer already in another
    household is refused: remove them there first."""
    _check_relation(relation)
    customer = _customer(session, customer_id)
    current = household_id_of(session, customer_id)
    if household_id is None and with_customer_id is not None:
        if with_customer_id == customer_id:
            raise ValidationError([Problem("customer", "family_self", "a customer cannot be linked to themselves")])
        other = _customer(session, with_customer_id)
        household_id = household_id_of(session, with_customer_id)
        if household_id is None:
            if current is not None:  # the other joins this customer's household instead
                household = session.get(Household, current)
                assert household is not None
                session.add(HouseholdMember(household_id=current, customer_id=with_customer_id,
                                            relation=Relation.PARENT.value if relation == Relation.CHILD.value
                                            else Relation.CHILD.value if relation == Relation.PARENT.value
                                            else relation))
                session.flush()
                return household
            household = Household(name=(name or f"{other.name}네")[:MAX_NAME])
            session.add(household)
            session.flush()
            session.add(HouseholdMember(household_id=household.id, customer_id=with_customer_id,
                                        relation=_counterpart(relation)))
            household_id = household.id
    if household_id is None:
        household = Household(name=(name or f"{customer.name}네")[:MAX_NAME])
        session.add(household)
        session.flush()
        household_id = household.id
    household = session.get(Household, household_id)
    if household is None:
        raise NotFound.of("Household", household_id)
    if current is not None and current != household_id:
        raise ValidationError([Problem("household", "household_other",
                                       f"{customer.name} already belongs to another household; "
                                       "remove them there first")])
    if current == household_id:
        member = session.execute(select(HouseholdMember).where(HouseholdMember.customer_id == customer_id,
                                                               HouseholdMember.household_id == household_id)
                                 ).scalars().first()
        assert member is not None
        member.relation = relation
    else:
        session.add(HouseholdMember(household_id=household_id, customer_id=customer_id, relation=relation))
    session.flush()
    return household


def _counterpart(relation: str) -> str:
    """The relation of the other person when one is added as ``relation`` beside them: a child's partner in
    the new household is a parent, a parent's is a child; spouses and siblings are mutual."""
    return {Relation.CHILD.value: Relation.PARENT.value, Relation.PARENT.value: Relation.CHILD.value}.get(
        relation, relation)


def remove_from_household(session: Session, customer_id: int) -> None:
    household_id = household_id_of(session, customer_id)
    if household_id is None:
        return
    session.execute(delete(HouseholdMember).where(HouseholdMember.customer_id == customer_id))
    left = session.execute(select(func.count()).select_from(HouseholdMember)
                           .where(HouseholdMember.household_id == household_id)).scalar_one()
    if left == 0:
        session.execute(delete(Household).where(Household.id == household_id))
    session.flush()


def rename_household(session: Session, household_id: int, name: str) -> None:
    clean = (name or "").strip()
    if not clean or len(clean) > MAX_NAME:
        raise ValidationError([Problem("name", "name_invalid", f"a household name has 1 to {MAX_NAME} characters")])
    household = session.get(Household, household_id)
    if household is None:
        raise NotFound.of("Household", household_id)
    household.name = clean
    session.flush()


@dataclass(frozen=True)
class Member:
    customer_id: int
    name: str
    relation: str
    total_spent: int
    archived: bool


@dataclass(frozen=True)
class HouseholdView:
    id: int
    name: str
    members: list[Member]

    @property
    def revenue(self) -> int:
        """Each customer counted once, even if listed twice (a card must never be, but a sum must not double)."""
        return sum({m.customer_id: m.total_spent for m in self.members}.values())


def household_of(session: Session, customer_id: int) -> HouseholdView | None:
    household_id = household_id_of(session, customer_id)
    return None if household_id is None else household(session, household_id)


def household(session: Session, household_id: int) -> HouseholdView:
    row = session.get(Household, household_id)
    if row is None:
        raise NotFound.of("Household", household_id)
    members = [Member(cid, name, relation, spent, archived) for cid, name, relation, spent, archived in session.execute(
        select(Customer.id, Customer.name, HouseholdMember.relation, Customer.total_spent, Customer.archived)
        .join(HouseholdMember, HouseholdMember.customer_id == Customer.id)
        .where(HouseholdMember.household_id == household_id, Customer.erased_at.is_(None))
        .order_by(HouseholdMember.id))]
    return HouseholdView(household_id, row.name, members)


def households(session: Session) -> list[tuple[int, str, int]]:
    """Every household: id, name, member count (campaign targets)."""
    return [tuple(r) for r in session.execute(
        select(Household.id, Household.name, func.count(HouseholdMember.id))
        .join(HouseholdMember, HouseholdMember.household_id == Household.id)
        .join(Customer, Customer.id == HouseholdMember.customer_id).where(Customer.erased_at.is_(None))
        .group_by(Household.id, Household.name).order_by(Household.name))]


def household_member_ids(session: Session, household_id: int) -> list[int]:
    return list(session.execute(select(HouseholdMember.customer_id)
                                .join(Customer, Customer.id == HouseholdMember.customer_id)
                                .where(HouseholdMember.household_id == household_id, Customer.erased_at.is_(None))
                                ).scalars())


# ---- referrals -------------------------------------------------------------------------------------------


def set_referrer(session: Session, customer_id: int, referrer_id: int | None, *,
                 staff_id: int | None = None) -> None:
    """Record who brought ``customer_id`` (None clears it). A customer cannot refer themselves, nor be
    referred by someone they (directly or further down) referred."""
    customer = _customer(session, customer_id)
    session.execute(delete(Referral).where(Referral.customer_id == customer_id))
    if referrer_id is None:
        session.flush()
        return
    referrer = _customer(session, referrer_id)
    if referrer_id == customer_id:
        raise ValidationError([Problem("referrer", "referral_self", "a customer cannot refer themselves")])
    seen = {customer_id}
    frontier = [customer_id]
    while frontier:  # everyone customer_id referred, at any depth
        frontier = [cid for cid in session.execute(select(Referral.customer_id)
                                                   .where(Referral.referrer_id.in_(frontier))).scalars()
                    if cid not in seen]
        seen.update(frontier)
    if referrer_id in seen:
        raise ValidationError([Problem("referrer", "referral_cycle",
                                       f"{referrer.name} was referred by {customer.name} (or through them)")])
    session.add(Referral(customer_id=customer_id, referrer_id=referrer_id, created_at=now(), staff_id=staff_id))
    session.flush()


@dataclass(frozen=True)
class ReferralView:
    referred_by: tuple[int, str] | None
    referred: list[tuple[int, str, int]]  # id, name, lifetime spend
    own_value: int

    @property
    def referral_value(self) -> int:
        return sum(spent for _, _, spent in self.referred)


def referrals_of(session: Session, customer_id: int) -> ReferralView:
    customer = _customer(session, customer_id)
    by = session.execute(select(Customer.id, Customer.name).join(Referral, Referral.referrer_id == Customer.id)
                         .where(Referral.customer_id == customer_id, Customer.erased_at.is_(None))).first()
    referred = [tuple(r) for r in session.execute(
        select(Customer.id, Customer.name, Customer.total_spent).join(Referral, Referral.customer_id == Customer.id)
        .where(Referral.referrer_id == customer_id, Customer.erased_at.is_(None))
        .order_by(Referral.created_at, Referral.id))]
    return ReferralView(tuple(by) if by else None, referred, customer.total_spent)


__all__ = [
    "RELATIONS", "HouseholdView", "Member", "ReferralView", "add_to_household", "household", "household_id_of",
    "household_member_ids", "household_of", "households", "referrals_of", "remove_from_household",
    "rename_household", "set_referrer",
]
