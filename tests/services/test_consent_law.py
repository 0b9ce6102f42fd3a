"""Consent that was really given (issue 17): asked, never assumed; the "consent not confirmed" marking; the
two-yearly re-confirmation list and its notice in the ledger."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text

from crmdesk.errors import ValidationError
from crmdesk.services import consent, consent_review
from crmdesk.services import customers as svc
from crmdesk.store import open_store, schema


def test_a_card_made_without_asking_writes_no_consent_event_and_is_unconfirmed(store):
    with store.session() as session:
        cid = svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"}).id
        mail = svc.create_customer(session, {"name": "한지우", "email": "jiwoo@example.com"}).id
        svc.create_customer(session, {"name": "이름만"})  # no contact details: nothing to confirm
        asked = svc.create_customer(session, {"name": "이서연", "phone": "010-2222-3333"},
                                    consents={"collection": True}).id
        assert consent.consent_history(session, cid) == []
        assert [u.id for u in consent_review.unconfirmed(session)] == [cid, mail]
        consent.record_consent(session, cid, "sms", True, method="paper")
        assert consent.consented_ids(session, "sms") == set()  # no marketing until collection is confirmed
        assert asked not in consent.unconfirmed_ids(session)


def test_stating_marketing_consent_on_an_unconfirmed_card_states_collection_too(store):
    with store.session() as session:
        cid = svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"}).id
        svc.update_customer(session, cid, {"marketing_consent": True}, consent_method="paper")
        assert consent_review.unconfirmed(session) == []
        assert consent.consented_ids(session, "sms") == {cid}
        assert consent.consent_history(session, cid, "collection")[0].method == "paper"


def test_each_answer_on_the_form_is_recorded_refusals_too_by_the_staff_and_method_named(store):
    with store.session() as session:
        cid = svc.create_customer(session, {"name": "이서연", "phone": "010-2222-3333"},
                                  consents={"collection": True, "sms": True, "kakao": False, "night": False},
                                  consent_method="paper").id
        history = consent.consent_history(session, cid)
        states = consent.customer_consents(session, cid)
    assert sorted((h.purpose.value, h.granted, h.method) for h in history) == [
        ("collection", True, "paper"), ("kakao", False, "paper"), ("night", False, "paper"), ("sms", True, "paper")]
    assert states[consent.Purpose.SMS].granted and not states[consent.Purpose.KAKAO].granted
    assert not states[consent.Purpose.EMAIL].granted and states[consent.Purpose.EMAIL].since is None  # not asked


def test_refusing_collection_keeps_no_card_with_a_phone_but_a_name_alone_is_fine(store):
    with store.session() as session:
        with pytest.raises(ValidationError) as caught:
            svc.create_customer(session, {"name": "박지훈", "phone": "010-5555-6666"}, consents={"collection": False})
        assert caught.value.problems[0].code == "collection_required"
        cid = svc.create_customer(session, {"name": "박지훈"}, consents={"collection": False}).id
        assert [(h.purpose.value, h.granted) for h in consent.consent_history(session, cid)] == [
            ("collection", False)]


def test_an_unconfirmed_card_has_no_marketing_until_staff_record_collection(store):
    with store.session() as session:
        cid = svc.create_customer(session, {"name": "최유리", "phone": "010-7777-4321"},
                                  consents={"collection": True, "sms": True}).id
        session.get(svc.Customer, cid).consent_unconfirmed = True
        session.flush()
        assert consent.consented_ids(session, "sms") == set()
        assert not consent.consent_states(session, "sms")[cid].granted
        assert not consent.customer_consents(session, cid)[consent.Purpose.SMS].granted
        assert [u.id for u in consent_review.unconfirmed(session)] == [cid]
        consent.record_consent(session, cid, "collection", True, method="verbal")
        assert consent.consented_ids(session, "sms") == {cid}
        assert consent_review.unconfirmed(session) == []


def test_upgrading_marks_cards_whose_collection_the_program_assumed_and_keeps_the_ledger(tmp_path):
    from crmdesk.store.engine import Store, database_url, make_engine

    path = tmp_path / "v12.sqlite3"
    url = database_url(path)
    old = Store(make_engine(url), url)
    schema.upgrade(old, "0012")
    made = "'2024-01-01 10:00:00'"
    with old.engine.begin() as conn:
        conn.execute(text("INSERT INTO staff (id, name, role, active, created_at) "
                          "VALUES (1, '정다온', 'owner', 1, '2024-01-01 09:00:00')"))
        for cid, name in ((1, "창구"), (2, "가져옴"), (3, "물어봄"), (4, "나중확인")):
            conn.execute(text(
                "INSERT INTO customer (id, name, birthday_lunar, tags, marketing_consent, archived, created_at, "
                f"updated_at, search_text) VALUES ({cid}, '{name}', 0, '', 1, 0, {made}, {made}, '')"))
        events = [(1, "collection", "verbal", "NULL", made), (1, "sms", "verbal", "NULL", made),
                  (2, "collection", "import", "NULL", made),
                  (3, "collection", "paper", "1", made), (3, "sms", "paper", "1", made),
                  (4, "collection", "verbal", "NULL", made), (4, "collection", "verbal", "1", "'2024-03-01 10:00:00'")]
        for cid, purpose, method, staff, at in events:
            conn.execute(text("INSERT INTO consent_event (customer_id, purpose, granted, at, method, staff_id, "
                              f"recorded_at) VALUES ({cid}, '{purpose}', 1, {at}, '{method}', {staff}, {at})"))
    old.close()
    store = open_store(path)
    try:
        with store.session() as session:
            assert consent.unconfirmed_ids(session) == {1, 2}
            assert consent.consented_ids(session, "sms") == {3}
            count = session.exec(text("SELECT count(*) FROM consent_event")).scalar()
        assert count == len(events)
    finally:
        store.close()


def _granted_long_ago(session, name, phone, at):
    cid = svc.create_customer(session, {"name": name, "phone": phone}, consents={"collection": True},
                              consent_method="paper").id
    consent.record_consent(session, cid, "sms", True, method="paper", at=at)
    return cid


def test_consent_two_years_old_is_due_until_the_notice_is_recorded_in_the_ledger(store):
    today = date.today()
    with store.session() as session:
        old = _granted_long_ago(session, "오래됨", "010-1000-0001", datetime.now() - timedelta(days=2 * 366))
        _granted_long_ago(session, "최근", "010-1000-0002", datetime.now() - timedelta(days=700))
        due = consent_review.due(session, today)
        assert [(d.id, d.purposes) for d in due] == [(old, (consent.Purpose.SMS,))]
        assert consent_review.record_notice(session, due) == 1
        assert consent_review.due(session, today) == []
        latest = consent.consent_history(session, old, "sms")[0]
        assert latest.method == "notice" and latest.granted
        assert consent.consented_ids(session, "sms") >= {old}
