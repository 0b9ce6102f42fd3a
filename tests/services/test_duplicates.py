from datetime import date, datetime

import pytest
from sqlalchemy import select
from sqlmodel import SQLModel

from crmdesk.models import Contact, Customer, CustomerMerge, Feedback, Purchase
from crmdesk.services import customers as csvc
from crmdesk.services import duplicates as dup
from crmdesk.services import purchases as psvc
from crmdesk.services.purchases import LineEntry, PurchaseEntry


def add(session, **fields):
    return csvc.create_customer(session, fields).id


def reasons_by_pair(scan):
    return {(p.first_id, p.second_id): p.reasons for p in scan.pairs}


def test_each_rule_finds_its_pair_and_nothing_else(store):
    with store.session() as session:
        a = add(session, name="김민수", phone="010-1234-5678")
        b = add(session, name="Kim Minsu", phone="01012345678")  # same phone, other spelling
        c = add(session, name="이서연", birthday="1990-05-17")
        d = add(session, name="이 서연", phone="010-9999-0000", birthday="1990-05-17")  # same name and birthday
        e = add(session, name="박지훈", phone="010-5555-4321")
        f = add(session, name="박지훈", phone="010-7777-4321")  # same name, same last four
        g = add(session, name="최유진", phone="010-2468-1357")
        h = add(session, name="최유진", phone="010-2468-1375")  # a typing slip in the phone
        add(session, name="김민지", phone="010-2222-5678")  # same last four as 김민수, another name: not a pair
        add(session, name="이서연", birthday="1991-05-17")  # same name, another birthday: not a pair
        add(session, name="정하늘", phone="010-3141-5926")
        scan = dup.find_duplicates(session)
    assert reasons_by_pair(scan) == {
        (a, b): (dup.SAME_PHONE,),
        (c, d): (dup.SAME_NAME_BIRTHDAY,),
        (e, f): (dup.SIMILAR_NAME_LAST4,),
        (g, h): (dup.SAME_NAME_PHONE_TYPO,),
    }
    assert scan.customers_scanned == 11
    # The strongest evidence first.
    assert scan.pairs[-1].reasons == (dup.SIMILAR_NAME_LAST4,)


def test_a_one_letter_slip_in_a_korean_name_is_near_identical(store):
    with store.session() as session:
        a = add(session, name="김민수", phone="010-1111-5678")
        b = add(session, name="김문수", phone="010-2222-5678")  # ㅣ/ㅜ: one letter of nine
        c = add(session, name="이수아", phone="010-3333-6710")
        d = add(session, name="이수어", phone="010-4444-6710")  # one letter of six (a ratio of only 83)
        add(session, name="이수민", phone="010-5555-6710")  # 수아/수민: two letters, another person
        scan = dup.find_duplicates(session)
    assert reasons_by_pair(scan) == {(a, b): (dup.SIMILAR_NAME_LAST4,), (c, d): (dup.SIMILAR_NAME_LAST4,)}


def test_archived_and_merged_cards_are_not_suggested(store):
    with store.session() as session:
        a = add(session, name="김민수", phone="010-1234-5678")
        b = add(session, name="김민수", phone="010-1234-5678")
        csvc.archive_customer(session, b)
        assert dup.find_duplicates(session).pairs == []
        csvc.restore_customer(session, b)
        assert [(p.first_id, p.second_id) for p in dup.find_duplicates(session).pairs] == [(a, b)]


def test_a_placeholder_phone_on_many_cards_is_reported_not_paired(store):
    with store.session() as session:
        for i in range(dup.CROWDED_BLOCK + 1):
            add(session, name=f"손님{i}", phone="010-0000-0000")
        scan = dup.find_duplicates(session)
    assert scan.pairs == []
    assert scan.crowded == [("010-0000-0000", dup.CROWDED_BLOCK + 1)]


def test_a_phone_slip_before_the_last_four_digits_is_named_as_such(store):
    with store.session() as session:
        a = add(session, name="최유진", phone="010-2468-1357")
        b = add(session, name="최유진", phone="010-2469-1357")
        c = add(session, name="최유진", phone="010-8642-1357")  # same ending, but not one slip away
        scan = dup.find_duplicates(session)
    assert reasons_by_pair(scan) == {(a, b): (dup.SAME_NAME_PHONE_TYPO,), (a, c): (dup.SIMILAR_NAME_LAST4,),
                                     (b, c): (dup.SIMILAR_NAME_LAST4,)}


def test_crowded_placeholder_cards_stay_out_of_the_last_four_rule(store):
    with store.session() as session:
        for _ in range(dup.CROWDED_BLOCK + 1):
            add(session, name="김민수", phone="010-0000-0000")
        real = add(session, name="김민수", phone="010-1234-0000")
        scan = dup.find_duplicates(session)
    assert all(real not in (p.first_id, p.second_id) for p in scan.pairs)
    assert scan.pairs == []


# --- merge and undo ----------------------------------------------------------------------------------------

@pytest.fixture
def pair(store):
    """A survivor and a duplicate, each with purchases, a contact and feedback."""
    with store.session() as session:
        survivor = csvc.create_customer(session, {
            "name": "김민수", "phone": "010-1234-5678", "tags": "VIP", "first_seen": "2024-03-01"}).id
        duplicate = csvc.create_customer(session, {
            "name": "김민수", "phone": "010-1234-5678", "email": "minsu@example.com", "birthday": "1990-05-17",
            "birthday_lunar": True, "customer_code": "POS-77", "tags": "학생, VIP", "first_seen": "2023-01-15",
            "address": "서울 마포구", "memo": "오트밀크"}).id
        for cid, price in ((survivor, 5000), (duplicate, 4500), (duplicate, 6000)):
            psvc.create_purchase(session, PurchaseEntry(cid, datetime(2025, 1, 2, 10), [LineEntry("라떼", 1, price)]))
        for cid in (survivor, duplicate):
            session.add(Contact(customer_id=cid, occurred_at=datetime(2025, 1, 3, 11), channel="visit",
                                purpose="inquiry", note=f"note {cid}"))
        session.add(Feedback(customer_id=duplicate, kind="complaint", channel="visit", description="너무 뜨거움",
                             received_at=datetime(2025, 1, 4, 12)))
    return store, survivor, duplicate


# A merge and its undo are changes of their own: each card gets a new version, stamped with who and when
# (tests/services/test_stale_edit.py); "exactly as before" means every other column.
STAMP_COLUMNS = ("version", "updated_by", "updated_at")


def rows(session, model, **where):
    table = model.__table__
    stmt = select(*[c for c in table.c if c.name not in STAMP_COLUMNS]).order_by(table.c.id)
    for key, value in where.items():
        stmt = stmt.where(model.__table__.c[key] == value)
    return [tuple(r) for r in session.execute(stmt)]


def everything(session):
    return {model.__name__: rows(session, model) for model in (Customer, Purchase, Contact, Feedback)}


def test_merge_moves_everything_to_the_survivor_and_fills_its_empty_fields(pair):
    store, survivor, duplicate = pair
    with store.session() as session:
        plan = dup.plan_merge(session, survivor, duplicate)
        assert set(plan.filled) == {"email", "birthday", "birthday_lunar", "customer_code", "address", "memo"}
        # The purchases (of January 2025, older than the points' 12 months, so they earned none: see
        # test_loyalty for a merge bringing points) move with the contact and the feedback.
        assert {k: n for k, n in plan.moving.items() if n} == {"purchase": 2, "contact": 1, "feedback": 1}
        dup.merge_customers(session, survivor, duplicate)
    with store.session() as session:
        s, d = csvc.get_customer(session, survivor), csvc.get_customer(session, duplicate)
        assert (s.email, s.birthday, s.birthday_lunar, s.customer_code, s.address, s.memo) == (
            "minsu@example.com", date(1990, 5, 17), True, "POS-77", "서울 마포구", "오트밀크")
        assert s.phone == "01012345678" and s.tags == "VIP,학생"
        assert s.first_seen == date(2023, 1, 15)  # the earlier one
        assert (s.visit_count, s.total_spent) == (3, 15500)
        assert d.archived and d.merged_into_id == survivor and d.customer_code is None
        assert (d.visit_count, d.total_spent) == (0, 0)
        for model in (Purchase, Contact, Feedback):
            assert rows(session, model, customer_id=duplicate) == []
        # The survivor is found by what it took over (the search index followed).
        found = csvc.search_customers(session, csvc.CustomerQuery(text="POS-77"))
        assert [r.id for r in found] == [survivor]
        # A merged card takes no new purchases.
        with pytest.raises(Exception, match="merged"):
            psvc.create_purchase(session, PurchaseEntry(duplicate, datetime(2025, 1, 5), [LineEntry("물", 1, 0)]))


def test_undo_restores_every_row_exactly(pair):
    store, survivor, duplicate = pair
    with store.session() as session:
        before = everything(session)
        merge = dup.merge_customers(session, survivor, duplicate).id
    with store.session() as session:
        assert everything(session) != before
        dup.undo_merge(session, merge)
    with store.session() as session:
        assert everything(session) == before
        assert [r.id for r in csvc.search_customers(session, csvc.CustomerQuery(text="POS-77"))] == [duplicate]
        assert session.get(CustomerMerge, merge).undone_at is not None
        assert dup.recent_merges(session) == []
        with pytest.raises(dup.MergeRefused) as err:
            dup.undo_merge(session, merge)
        assert err.value.code == "undo_done"


def test_purchases_added_after_the_merge_stay_with_the_survivor(pair):
    store, survivor, duplicate = pair
    with store.session() as session:
        merge = dup.merge_customers(session, survivor, duplicate).id
        later = psvc.create_purchase(session, PurchaseEntry(survivor, datetime(2025, 2, 1, 9),
                                                            [LineEntry("라떼", 1, 7000)])).id
        dup.undo_merge(session, merge)
    with store.session() as session:
        assert session.get(Purchase, later).customer_id == survivor
        assert csvc.get_customer(session, survivor).total_spent == 12000
        assert csvc.get_customer(session, duplicate).total_spent == 10500


def test_undo_is_refused_when_the_survivor_was_edited_since(pair):
    store, survivor, duplicate = pair
    with store.session() as session:
        merge = dup.merge_customers(session, survivor, duplicate).id
        csvc.update_customer(session, survivor, {"address": "부산"})
        with pytest.raises(dup.MergeRefused) as err:
            dup.undo_merge(session, merge)
    assert err.value.code == "undo_card_changed"
    assert "김민수" in str(err.value)


def test_undo_is_refused_when_a_moved_purchase_was_moved_again(pair):
    store, survivor, duplicate = pair
    with store.session() as session:
        other = csvc.create_customer(session, {"name": "이서연"}).id
        merge = dup.merge_customers(session, survivor, duplicate).id
        moved = session.execute(select(Purchase.id).where(Purchase.customer_id == survivor)
                                .order_by(Purchase.id.desc())).scalars().first()
        psvc.update_purchase(session, moved, PurchaseEntry(other, datetime(2025, 1, 2, 10),
                                                           [LineEntry("라떼", 1, 6000)]))
        with pytest.raises(dup.MergeRefused) as err:
            dup.undo_merge(session, merge)
    assert err.value.code == "undo_rows_moved"


def test_undo_waits_for_a_later_merge_of_the_same_cards(pair):
    store, survivor, duplicate = pair
    with store.session() as session:
        third = csvc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"}).id
        first = dup.merge_customers(session, survivor, duplicate).id
        second = dup.merge_customers(session, survivor, third).id
        with pytest.raises(dup.MergeRefused) as err:
            dup.undo_merge(session, first)
        assert err.value.code == "undo_later_merge"
        dup.undo_merge(session, second)
        dup.undo_merge(session, first)
        assert not csvc.get_customer(session, duplicate).archived


def test_merge_refuses_nonsense(pair):
    store, survivor, duplicate = pair
    with store.session() as session:
        with pytest.raises(dup.MergeRefused):
            dup.merge_customers(session, survivor, survivor)
        dup.merge_customers(session, survivor, duplicate)
        with pytest.raises(dup.MergeRefused) as err:
            dup.merge_customers(session, duplicate, survivor)
        assert err.value.code == "merge_already_merged"


def test_every_table_pointing_at_customers_moves_with_a_merge():
    """A new table with a customer_id must be added to MOVED_TABLES, or a merge would strand its rows."""
    pointing = {fk.parent.table.name for table in SQLModel.metadata.tables.values() for fk in table.foreign_keys
                if fk.column.table.name == "customer"}
    assert pointing - {"customer", "customer_merge", *dup.KEPT_TABLES} == set(dup.MOVED_TABLES)


def test_an_archived_duplicate_goes_back_to_being_archived_on_undo(pair):
    store, survivor, duplicate = pair
    with store.session() as session:
        csvc.archive_customer(session, duplicate)
        before = everything(session)
        merge = dup.merge_customers(session, survivor, duplicate).id
        dup.undo_merge(session, merge)
    with store.session() as session:
        assert everything(session) == before
        d = csvc.get_customer(session, duplicate)
        assert d.archived and d.merged_into_id is None


def test_an_archived_survivor_is_refused(pair):
    store, survivor, duplicate = pair
    with store.session() as session:
        csvc.archive_customer(session, survivor)
        with pytest.raises(dup.MergeRefused) as err:
            dup.merge_customers(session, survivor, duplicate)
    assert err.value.code == "merge_survivor_archived"
