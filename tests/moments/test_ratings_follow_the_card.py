"""A card's ratings follow it: a merge moves them to the survivor (and its undo back); an erasure blanks their
notes."""

from datetime import datetime

from sqlmodel import select

from crmdesk.models import NpsAnswer, Rating
from crmdesk.services import customers as customers_svc
from crmdesk.services import duplicates, privacy
from crmdesk.services import moments as moments_svc

T0 = datetime(2026, 10, 5, 11)


def _shop(store):
    with store.session() as session:
        kim = customers_svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"}).id
        twin = customers_svc.create_customer(session, {"name": "김민수", "phone": "010-9999-5678"}).id
        ordering = moments_svc.list_moments(session)[0].id
        moments_svc.record_ratings(session, {ordering: 2}, customer_id=twin, note="김민수 님: 주문이 늦었어요", at=T0)
        session.add(NpsAnswer(score=3, answered_at=T0, customer_id=twin))
    return kim, twin


def test_a_merge_moves_the_ratings_and_its_undo_brings_them_back(store):
    kim, twin = _shop(store)
    with store.session() as session:
        merge = duplicates.merge_customers(session, kim, twin)
        assert {r.customer_id for r in session.exec(select(Rating))} == {kim}
        assert {a.customer_id for a in session.exec(select(NpsAnswer))} == {kim}
        duplicates.undo_merge(session, merge.id)
        assert {r.customer_id for r in session.exec(select(Rating))} == {twin}


def test_an_erasure_blanks_the_notes_of_their_ratings(store):
    _kim, twin = _shop(store)
    with store.session() as session:
        privacy.erase_customer(session, twin, confirm=True)
        assert [(r.score, r.note) for r in session.exec(select(Rating))] == [(2, "")]
