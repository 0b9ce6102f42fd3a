"""Consent that was really given: answers taken at the counter, cards whose consent was assumed, and the
two-yearly re-confirmation notice (정보통신망법 제50조⑧).

- ``record_answers`` writes what a customer said on the new-card form: collection (required for a card with a
  phone or an e-mail) and each optional purpose, a refusal as much as a grant, by the staff member and method
  the form names. Nothing is written for a purpose that was not asked.
- ``unconfirmed`` lists the cards marked "consent not confirmed" (services/consent.py counts them as having no
  marketing consent); recording collection with a person's method clears the marking.
- ``due`` lists customers whose marketing consent is two years old or older (counted from the grant or from
  the last re-confirmation notice); ``record_notice`` appends, per granted purpose, a ``notice`` event to the
  ledger: the grant stands and its two years start again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlmodel import Session

from crmdesk.errors import Problem, ValidationError
from crmdesk.models.base import now
from crmdesk.models.customer import Customer
from crmdesk.models.privacy import ConsentMethod
from crmdesk.services.consent import OPTIONAL_PURPOSES, Purpose, consent_states, record_consent

REFRESH_YEARS = 2


def record_answers(session: Session, customer_id: int, answers: Mapping[Purpose | str, bool], *,
                   method: ConsentMethod | str, staff_id: int | None = None) -> None:
    """Record the customer's answer to each asked purpose (grants and refusals alike)."""
    for purpose, granted in answers.items():
        record_consent(session, customer_id, Purpose(purpose), bool(granted), method=method, staff_id=staff_id)


def check_answers(values: Mapping[str, object], answers: Mapping[Purpose | str, bool] | None) -> None:
    """A card with a phone or an e-mail is kept only with the customer's agreement to collection."""
    if answers is None:
        return
    unknown = [str(p) for p in answers if str(p) not in {q.value for q in Purpose}]
    if unknown:
        raise ValidationError([Problem("consent", "purpose_invalid",
                                       f"purpose is one of {', '.join(p.value for p in Purpose)}", unknown[0])])
    collection = bool(answers.get(Purpose.COLLECTION, answers.get("collection", False)))
    if not collection and (values.get("phone") or values.get("email")):
        raise ValidationError([Problem(
            "consent", "collection_required",
            "a card with a phone or an e-mail needs the customer's agreement to collect and use personal data; "
            "without it, keep only a name")])
    if not collection and any(answers.get(p, False) for p in OPTIONAL_PURPOSES):
        raise ValidationError([Problem("consent", "collection_required",
                                       "a marketing purpose can be agreed only with the agreement to collection")])


@dataclass(frozen=True, slots=True)
class Unconfirmed:
    id: int
    name: str
    phone: str | None
    created_at: datetime


def unconfirmed(session: Session) -> list[Unconfirmed]:
    """Active cards marked "consent not confirmed", oldest first."""
    stmt = (select(Customer.id, Customer.name, Customer.phone, Customer.created_at)
            .where(Customer.consent_unconfirmed == True, Customer.archived == False)  # noqa: E712
            .order_by(Customer.created_at, Customer.id))
    return [Unconfirmed(*row) for row in session.exec(stmt)]


@dataclass(frozen=True, slots=True)
class Due:
    id: int
    name: str
    phone: str | None
    since: datetime  # the oldest grant (or notice) among the purposes that are due
    purposes: tuple[Purpose, ...]


def cutoff(today: date | None = None) -> datetime:
    """Grants at or before this moment are two years old or older (29 February counts from 28 February)."""
    day = today or now().date()
    try:
        back = day.replace(year=day.year - REFRESH_YEARS)
    except ValueError:
        back = day.replace(year=day.year - REFRESH_YEARS, day=28)
    return datetime.combine(back, datetime.max.time())


def due(session: Session, today: date | None = None) -> list[Due]:
    """Active customers with at least one optional purpose granted two years ago or earlier, oldest first."""
    limit = cutoff(today)
    found: dict[int, list[tuple[Purpose, datetime]]] = {}
    for purpose in OPTIONAL_PURPOSES:
        for cid, state in consent_states(session, purpose).items():
            if state.granted and state.since is not None and state.since <= limit:
                found.setdefault(cid, []).append((purpose, state.since))
    if not found:
        return []
    cards = {c.id: c for c in session.exec(select(Customer).where(
        Customer.id.in_(list(found)), Customer.archived == False)).scalars()}  # noqa: E712
    out = [Due(cid, cards[cid].name, cards[cid].phone, min(t for _, t in items), tuple(p for p, _ in items))
           for cid, items in found.items() if cid in cards]
    return sorted(out, key=lambda d: (d.since, d.id))


def record_notice(session: Session, rows: list[Due], *, staff_id: int | None = None) -> int:
    """The re-confirmation notice went out to these customers: one ``notice`` event per purpose that was due
    (the grant stands; its two years start again). Returns how many customers."""
    for row in rows:
        for purpose in row.purposes:
            record_consent(session, row.id, purpose, True, method=ConsentMethod.NOTICE, staff_id=staff_id)
    return len(rows)


# A promotional contact by these channels reaches the customer as advertising by that channel (정보통신망법 제50조):
# a message counts as agreed when either SMS or KakaoTalk is; a visit or a call the customer made needs none.
PROMOTION_CHANNELS: dict[str, tuple[Purpose, ...]] = {
    "phone_out": (Purpose.PHONE,), "message": (Purpose.SMS, Purpose.KAKAO), "email": (Purpose.EMAIL,)}


def promotion_without_consent(session: Session, customer_id: int | None, channel: str, purpose: str
                              ) -> tuple[Purpose, ...]:
    """The consent a promotional contact on ``channel`` lacks (empty when it is no promotion, needs none, or
    the customer agreed): the window warns before saving such a contact."""
    needed = PROMOTION_CHANNELS.get(channel, ()) if purpose == "promotion" else ()
    if not needed or customer_id is None:
        return ()
    agreed = [p for p in needed if (state := consent_states(session, p, [customer_id]).get(customer_id))
              and state.granted]
    return () if agreed else needed
