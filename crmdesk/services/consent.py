"""Who agreed to what: the one place the rest of crmdesk asks about consent.

Campaigns, call lists and recipient files ask here and nowhere else. The answer is derived from the
consent ledger (models.privacy.ConsentEvent): every grant and withdrawal per customer and purpose, with
when, how and who took it. The latest event per customer and purpose is the current state; one grouped
query answers for every customer at once.

The card's ``marketing_consent`` flag is kept in step by record_consent ("some marketing purpose is
granted"), because the list, the import and the export read it; nothing decides on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Select, func, select
from sqlmodel import Session

from crmdesk.errors import NotFound, Problem, ValidationError
from crmdesk.models.base import now
from crmdesk.models.customer import Customer
from crmdesk.models.privacy import ConsentEvent, ConsentMethod
from crmdesk.models.staff import Staff
from crmdesk.services.checks import check_staff

_CHUNK = 900  # ids per IN (...): below SQLite's old 999-variable limit


class Purpose(StrEnum):
    """What a customer agrees to. COLLECTION is consent to keep personal data at all."""

    COLLECTION = "collection"
    SMS = "sms"
    KAKAO = "kakao"
    EMAIL = "email"
    PHONE = "phone"
    PERSONALISED = "personalised"  # recommendations and offers chosen from what the customer bought
    NIGHT = "night"  # advertising between 21:00 and 08:00 (정보통신망법 제50조③)


# The channels an advertising message goes out on: the card's marketing flag is "one of these is granted".
MARKETING_PURPOSES = (Purpose.SMS, Purpose.KAKAO, Purpose.EMAIL, Purpose.PHONE)
# Everything a customer may refuse and still keep a card: asked separately, unticked until they say yes.
OPTIONAL_PURPOSES = (*MARKETING_PURPOSES, Purpose.PERSONALISED, Purpose.NIGHT)
METHODS = tuple(m.value for m in ConsentMethod)
# Methods that stand for a person's act at the shop: recording collection with one confirms an unconfirmed card.
PERSON_METHODS = (ConsentMethod.VERBAL, ConsentMethod.PAPER, ConsentMethod.ONLINE)


@dataclass(frozen=True, slots=True)
class ConsentState:
    granted: bool
    # When the current state was last given (a re-confirmed grant counts from the re-confirmation: Korean law
    # asks shops to re-confirm marketing consent every two years, so this is the date that matters); None
    # when never recorded.
    since: datetime | None


def _default(purpose: Purpose) -> ConsentState:
    # A card exists only with the customer's agreement to collection (the ledger records it for every card
    # made since it exists); marketing is refused until granted.
    return ConsentState(purpose is Purpose.COLLECTION, None)


def _latest(purpose: Purpose, ids: list[int] | None) -> Select:
    """(customer id, granted, at) of each customer's latest event for purpose: the latest act (``at``), not the
    last row typed in (a paper form dated before a withdrawal, typed in later, must not undo it); the id
    breaks a tie of equal times."""
    ranked = select(ConsentEvent.customer_id, ConsentEvent.granted, ConsentEvent.at,
                    func.row_number().over(partition_by=ConsentEvent.customer_id,
                                           order_by=(ConsentEvent.at.desc(), ConsentEvent.id.desc())).label("n")
                    ).where(ConsentEvent.purpose == purpose.value)
    if ids is not None:
        ranked = ranked.where(ConsentEvent.customer_id.in_(ids))
    ranked = ranked.subquery()
    return select(ranked.c.customer_id, ranked.c.granted, ranked.c.at).where(ranked.c.n == 1)


def consent_states(session: Session, purpose: Purpose | str,
                   customer_ids: Iterable[int] | None = None) -> dict[int, ConsentState]:
    """The current state of one purpose per customer (all active and archived cards when ids is None). A card
    whose consent is not confirmed has no optional purpose granted, whatever its ledger says."""
    purpose = Purpose(purpose)
    default = _default(purpose)
    if customer_ids is None:
        out = {cid: default for cid in session.exec(select(Customer.id)).scalars()}
        for cid, granted, at in session.exec(_latest(purpose, None)):
            out[cid] = ConsentState(bool(granted), at)
        return _unconfirmed_refused(session, purpose, out, None)
    ids = list(dict.fromkeys(customer_ids))
    out = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        for cid in session.exec(select(Customer.id).where(Customer.id.in_(chunk))).scalars():
            out[cid] = default
        for cid, granted, at in session.exec(_latest(purpose, chunk)):
            out[cid] = ConsentState(bool(granted), at)
        _unconfirmed_refused(session, purpose, out, chunk)
    return out


def unconfirmed_ids(session: Session, customer_ids: list[int] | None = None) -> set[int]:
    """The cards (of customer_ids, or all) marked "consent not confirmed"."""
    stmt = select(Customer.id).where(Customer.consent_unconfirmed == True)  # noqa: E712 (SQL, not Python)
    if customer_ids is not None:
        stmt = stmt.where(Customer.id.in_(customer_ids))
    return set(session.exec(stmt).scalars())


def _unconfirmed_refused(session: Session, purpose: Purpose, out: dict[int, ConsentState],
                         chunk: list[int] | None) -> dict[int, ConsentState]:
    if purpose is Purpose.COLLECTION:
        return out
    for cid in unconfirmed_ids(session, chunk):
        if cid in out and out[cid].granted:
            out[cid] = ConsentState(False, None)
    return out


def consented_ids(session: Session, purpose: Purpose | str,
                  customer_ids: Iterable[int] | None = None) -> set[int]:
    """The customers (of customer_ids, or all) whose current state for purpose is granted.

    Same answer as consent_states, without building a state per customer (campaigns ask for 100,000)."""
    purpose = Purpose(purpose)
    chunks: list[list[int] | None] = [None]
    if customer_ids is not None:
        ids = list(dict.fromkeys(customer_ids))
        chunks = [ids[start:start + _CHUNK] for start in range(0, len(ids), _CHUNK)]
    out: set[int] = set()
    for chunk in chunks:
        latest = _latest(purpose, chunk)
        if _default(purpose).granted:  # collection: every card unless its latest event withdrew it
            withdrawn = {cid for cid, granted, _at in session.exec(latest) if not granted}
            cards = select(Customer.id) if chunk is None else select(Customer.id).where(Customer.id.in_(chunk))
            out.update(cid for cid in session.exec(cards).scalars() if cid not in withdrawn)
        else:
            agreed = {cid for cid, granted, _at in session.exec(latest) if granted}
            out.update(agreed - unconfirmed_ids(session, chunk))
    return out


def customer_consents(session: Session, customer_id: int) -> dict[Purpose, ConsentState]:
    """Every purpose's current state for one card (what the card shows); NotFound for no such card. A card
    whose consent is not confirmed has no optional purpose granted."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound.of("Customer", customer_id)
    return states_of(consent_history(session, customer_id), unconfirmed=customer.consent_unconfirmed)


def states_of(history: Iterable[ConsentHistoryRow], *, unconfirmed: bool = False) -> dict[Purpose, ConsentState]:
    """Every purpose's current state from one card's events newest first, as consent_history gives them (the
    latest act, as ``_latest`` orders them): a card that shows its history needs no second read. With
    ``unconfirmed`` (the card's marking) no optional purpose counts as granted."""
    out = {p: _default(p) for p in Purpose}
    seen: set[Purpose] = set()
    for event in history:
        if event.purpose not in seen:
            seen.add(event.purpose)
            out[event.purpose] = ConsentState(bool(event.granted), event.at)
    if unconfirmed:
        out.update({p: ConsentState(False, None) for p in OPTIONAL_PURPOSES if out[p].granted})
    return out


def record_consent(session: Session, customer_id: int, purpose: Purpose | str, granted: bool, *,
                   method: ConsentMethod | str, staff_id: int | None = None, at: datetime | None = None,
                   ) -> ConsentEvent:
    """Append one grant or withdrawal to the ledger and keep the card's marketing flag in step."""
    problems: list[Problem] = []
    try:
        purpose = Purpose(purpose)
    except ValueError:
        problems.append(Problem("purpose", "purpose_invalid",
                                f"purpose is one of {', '.join(p.value for p in Purpose)}", str(purpose)))
    if method not in METHODS:
        problems.append(Problem("method", "method_invalid", f"method is one of {', '.join(METHODS)}", str(method)))
    when = at or now()
    if when > now():
        problems.append(Problem("at", "date_future", "consent cannot be recorded for a time in the future"))
    check_staff(session, staff_id, problems)
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound.of("Customer", customer_id)
    if customer.erased_at is not None and granted:
        problems.append(Problem("customer", "customer_erased", "this customer's data was erased; nothing can be "
                                "granted on the card any more"))
    if problems:
        raise ValidationError(problems)
    event = ConsentEvent(customer_id=customer_id, purpose=Purpose(purpose).value, granted=bool(granted), at=when,
                         method=str(method), staff_id=staff_id)
    session.add(event)
    session.flush()
    if Purpose(purpose) is Purpose.COLLECTION and str(method) in PERSON_METHODS and customer.consent_unconfirmed:
        customer.consent_unconfirmed = False  # staff recorded the customer's answer: the card is confirmed
        session.add(customer)
        session.flush()
    if Purpose(purpose) in MARKETING_PURPOSES:
        any_marketing = any(customer_consents(session, customer_id)[p].granted for p in MARKETING_PURPOSES)
        if any_marketing != customer.marketing_consent:
            customer.marketing_consent = any_marketing
            customer.marketing_consent_at = when
            session.add(customer)
            session.flush()
    from crmdesk.services import audit  # audit imports nothing from here; lazy only to keep start-up lean

    audit.record(session, "consent", customer_id, {"purpose": event.purpose, "granted": event.granted,
                                                   "method": event.method, "at": when.isoformat(sep=" ")})
    return event


@dataclass(frozen=True, slots=True)
class ConsentHistoryRow:
    id: int
    purpose: Purpose
    granted: bool
    at: datetime
    method: str
    staff_name: str | None
    recorded_at: datetime


def consent_history(session: Session, customer_id: int, purpose: Purpose | str | None = None
                    ) -> list[ConsentHistoryRow]:
    """Every event of one customer (or of one purpose), newest first (by when it was given, as the state). Events
    for a purpose this version does not know (written by a newer crmdesk, or by hand) are left out."""
    stmt = (select(ConsentEvent, Staff.name).outerjoin(Staff, Staff.id == ConsentEvent.staff_id)
            .where(ConsentEvent.customer_id == customer_id, ConsentEvent.purpose.in_([p.value for p in Purpose]))
            .order_by(ConsentEvent.at.desc(), ConsentEvent.id.desc()))
    if purpose is not None:
        stmt = stmt.where(ConsentEvent.purpose == Purpose(purpose).value)
    return [ConsentHistoryRow(e.id, Purpose(e.purpose), e.granted, e.at, e.method, name, e.recorded_at)
            for e, name in session.exec(stmt)]


def set_marketing(session: Session, customer_id: int, granted: bool, *, method: ConsentMethod | str,
                  staff_id: int | None = None) -> None:
    """Grant or withdraw every marketing purpose at once (the old single checkbox's meaning)."""
    for purpose in MARKETING_PURPOSES:
        record_consent(session, customer_id, purpose, granted, method=method, staff_id=staff_id)
