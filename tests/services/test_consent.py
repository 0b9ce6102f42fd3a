from datetime import datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from crmdesk.errors import ValidationError
from crmdesk.models import Customer
from crmdesk.services import consent, staff
from crmdesk.services import customers as customers_svc


def _two(store):
    with store.session() as session:
        yes = customers_svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678",
                                                      "marketing_consent": True}).id
        no = customers_svc.create_customer(session, {"name": "이서연", "phone": "010-2222-3333"},
                                         consents={"collection": True}).id
    return yes, no


def test_marketing_consent_on_a_new_card_becomes_ledger_grants_for_every_channel(store):
    yes, no = _two(store)
    with store.session() as session:
        for purpose in consent.MARKETING_PURPOSES:
            assert consent.consented_ids(session, purpose) == {yes}
        states = consent.consent_states(session, "sms", [yes, no])
        history = consent.consent_history(session, yes)
    assert states[yes].granted and states[yes].since is not None
    assert not states[no].granted and states[no].since is None
    assert sorted(h.purpose for h in history) == sorted([consent.Purpose.COLLECTION, *consent.MARKETING_PURPOSES])
    assert {h.method for h in history} == {"verbal"}


def test_state_follows_the_latest_event_through_withdrawal_and_regrant(store):
    yes, no = _two(store)
    with store.session() as session:
        clerk = staff.create_staff(session, "김하늘").id
        consent.record_consent(session, yes, "sms", False, method="paper", staff_id=clerk)
        consent.record_consent(session, no, "kakao", True, method="online")
    with store.session() as session:
        assert consent.consented_ids(session, "sms") == set()
        assert consent.consented_ids(session, "kakao") == {yes, no}
        # still agrees to kakao, email and phone: the card's flag means "some marketing purpose"
        assert session.get(Customer, yes).marketing_consent is True
        assert session.get(Customer, no).marketing_consent is True
        consent.record_consent(session, yes, "sms", True, method="verbal")
        for purpose in ("kakao", "email", "phone"):
            consent.record_consent(session, no, purpose, False, method="verbal")
    with store.session() as session:
        assert consent.consented_ids(session, "sms") == {yes}
        assert session.get(Customer, no).marketing_consent is False
        sms = consent.consent_history(session, yes, "sms")
    assert [(h.granted, h.method) for h in sms] == [(True, "verbal"), (False, "paper"), (True, "verbal")]
    assert sms[1].staff_name == "김하늘"


def test_collection_is_granted_by_a_card_until_withdrawn(store):
    yes, no = _two(store)
    with store.session() as session:
        consent.record_consent(session, no, consent.Purpose.COLLECTION, False, method="paper")
    with store.session() as session:
        assert consent.consented_ids(session, "collection") == {yes}
        states = consent.customer_consents(session, no)
    assert states[consent.Purpose.COLLECTION].granted is False
    assert states[consent.Purpose.SMS].granted is False


def test_a_backdated_paper_form_keeps_its_own_date(store):
    yes, _ = _two(store)
    signed = datetime(2025, 3, 2, 14, 0)
    with store.session() as session:
        consent.record_consent(session, yes, "email", False, method="paper", at=signed)
        state = consent.consent_states(session, "email", [yes])[yes]
        history = consent.consent_history(session, yes, "email")
    # The form keeps its date; the grant given after it (when the card was made) is the latest act and stands.
    assert history[-1].at == signed and not history[-1].granted
    assert state.granted and state.since > signed


def test_bad_consent_input_is_refused_naming_the_field_and_nothing_is_written(store):
    yes, _ = _two(store)
    with pytest.raises(ValidationError) as err:
        with store.session() as session:
            consent.record_consent(session, yes, "fax", True, method="telepathy",
                                   at=datetime.now() + timedelta(days=2))
    assert {p.field for p in err.value.problems} == {"purpose", "method", "at"}
    with store.session() as session:
        assert len(consent.consent_history(session, yes)) == 5


def test_the_ledger_cannot_be_edited_or_deleted(store):
    yes, _ = _two(store)
    for sql in ("UPDATE consent_event SET granted = false", "DELETE FROM consent_event"):
        with pytest.raises(DatabaseError, match="append-only"):
            with store.session() as session:
                session.execute(text(sql))
    with store.session() as session:
        assert consent.consented_ids(session, "sms") == {yes}


def test_card_edit_of_the_flag_withdraws_every_channel(store):
    yes, _ = _two(store)
    with store.session() as session:
        customers_svc.update_customer(session, yes, {"marketing_consent": False})
    with store.session() as session:
        assert all(not consent.consented_ids(session, p) for p in consent.MARKETING_PURPOSES)
        assert session.get(Customer, yes).marketing_consent_at is not None


def test_the_cards_states_agree_with_the_ledger_query_for_every_purpose(store):
    """customer_consents (one read, for the card) and consent_states (per purpose, for lists) give the same
    answer, backdated paper forms and equal times included."""
    import random

    yes, no = _two(store)
    rng = random.Random(5)
    base = datetime.now().replace(microsecond=0) - timedelta(days=30)
    with store.session() as session:
        for _ in range(40):
            cid = rng.choice([yes, no])
            purpose = rng.choice(list(consent.Purpose))
            at = base + timedelta(days=rng.randrange(0, 20))  # often the same day: ties broken by id
            consent.record_consent(session, cid, purpose, rng.random() < 0.5, method="paper", at=at)
    with store.session() as session:
        for cid in (yes, no):
            card = consent.customer_consents(session, cid)
            for purpose in consent.Purpose:
                assert card[purpose] == consent.consent_states(session, purpose, [cid])[cid], (cid, purpose)


def test_a_purpose_this_version_does_not_know_leaves_the_card_readable(store):
    """A ledger row written by a newer crmdesk (or by hand) for another purpose is not this card's business."""
    from crmdesk.models import ConsentEvent

    yes, _ = _two(store)
    with store.session() as session:
        session.add(ConsentEvent(customer_id=yes, purpose="post", granted=False, method="paper"))
    with store.session() as session:
        states = consent.customer_consents(session, yes)
        history = consent.consent_history(session, yes)  # what the card's Consent tab lists
    assert set(states) == set(consent.Purpose) and states[consent.Purpose("sms")].granted
    assert {h.purpose for h in history} <= set(consent.Purpose)
