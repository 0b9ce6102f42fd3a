"""Who agreed to what: the one place the rest of crmdesk asks about consent.

Campaigns, call lists and recipient files ask here and nowhere else, so how consent is recorded can change
without touching them. Today it reads the card's single marketing-consent flag, which covers every
marketing channel; the consent ledger (issue 8) replaces the inside of these functions with events per
purpose, keeping their signatures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlmodel import Session

from crmdesk.models.customer import Customer


class Purpose(StrEnum):
    """What a customer agrees to. COLLECTION is consent to keep personal data at all."""

    COLLECTION = "collection"
    SMS = "sms"
    KAKAO = "kakao"
    EMAIL = "email"
    PHONE = "phone"


MARKETING_PURPOSES = (Purpose.SMS, Purpose.KAKAO, Purpose.EMAIL, Purpose.PHONE)


@dataclass(frozen=True, slots=True)
class ConsentState:
    granted: bool
    since: datetime | None  # when the current state began; None when never recorded


def _flag_state(customer_consent: bool, consent_at: datetime | None, purpose: Purpose) -> ConsentState:
    if purpose is Purpose.COLLECTION:
        # A card exists only with the customer's agreement to collection; the ledger records it properly.
        return ConsentState(True, None)
    return ConsentState(bool(customer_consent), consent_at)


def consent_states(session: Session, purpose: Purpose | str,
                   customer_ids: Iterable[int] | None = None) -> dict[int, ConsentState]:
    """The current state of one purpose per customer (all active and archived cards when ids is None)."""
    purpose = Purpose(purpose)
    stmt = select(Customer.id, Customer.marketing_consent, Customer.marketing_consent_at)
    if customer_ids is not None:
        ids = list(customer_ids)
        out: dict[int, ConsentState] = {}
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            for cid, flag, at in session.exec(stmt.where(Customer.id.in_(chunk))):
                out[cid] = _flag_state(flag, at, purpose)
        return out
    return {cid: _flag_state(flag, at, purpose) for cid, flag, at in session.exec(stmt)}


def consented_ids(session: Session, purpose: Purpose | str,
                  customer_ids: Iterable[int] | None = None) -> set[int]:
    """The customers (of customer_ids, or all) whose current state for purpose is granted."""
    return {cid for cid, state in consent_states(session, purpose, customer_ids).items() if state.granted}
