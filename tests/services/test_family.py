"""Households with relations, referrals and referral value, and both surviving a duplicates merge."""

from datetime import datetime

import pytest

from crmdesk.errors import ValidationError
from crmdesk.services import customers as csvc
from crmdesk.services import duplicates as dup
from crmdesk.services import family
from crmdesk.services import purchases as psvc
from crmdesk.services.purchases import LineEntry, PurchaseEntry


def spend(session, customer_id, amount):
    psvc.create_purchase(session, PurchaseEntry(customer_id, datetime(2025, 5, 1, 12), [LineEntry("안경", 1, amount)]))


@pytest.fixture
def people(store):
    with store.session() as session:
        ids = [csvc.create_customer(session, {"name": n}).id for n in ("김엄마", "김아들", "김딸", "박친구", "이손님")]
    return store, ids


def test_a_child_added_beside_a_parent_makes_a_household_with_both(people):
    store, (mom, son, daughter, _friend, _guest) = people
    with store.session() as session:
        spend(session, mom, 100_000)
        spend(session, son, 30_000)
        family.add_to_household(session, son, "child", with_customer_id=mom)
        family.add_to_household(session, daughter, "child", with_customer_id=mom)
        view = family.household_of(session, daughter)
    assert view.name == "김엄마네"
    assert [(m.name, m.relation) for m in view.members] == [("김엄마", "parent"), ("김아들", "child"),
                                                            ("김딸", "child")]
    assert view.revenue == 130_000


def test_one_household_per_customer_and_relations_are_checked(people):
    store, (mom, son, _daughter, friend, guest) = people
    with store.session() as session:
        family.add_to_household(session, son, "child", with_customer_id=mom)
        family.add_to_household(session, guest, "spouse", with_customer_id=friend)
        with pytest.raises(ValidationError) as err:
            family.add_to_household(session, guest, "sibling", with_customer_id=mom)
        assert err.value.problems[0].code == "household_other"
        with pytest.raises(ValidationError) as err:
            family.add_to_household(session, guest, "cousin", with_customer_id=friend)
        assert err.value.problems[0].code == "relation_invalid"
        family.remove_from_household(session, guest)
        family.remove_from_household(session, friend)
        assert family.household_of(session, friend) is None
        assert [name for _, name, _ in family.households(session)] == ["김엄마네"]


def test_referral_value_is_the_spend_of_the_people_referred_beside_ones_own(people):
    store, (mom, son, daughter, friend, guest) = people
    with store.session() as session:
        spend(session, friend, 50_000)
        spend(session, guest, 70_000)
        spend(session, mom, 20_000)
        family.set_referrer(session, guest, friend)
        family.set_referrer(session, mom, friend)
        view = family.referrals_of(session, friend)
        assert (view.own_value, view.referral_value) == (50_000, 90_000)
        assert [name for _, name, _ in view.referred] == ["이손님", "김엄마"]
        assert family.referrals_of(session, guest).referred_by == (friend, "박친구")


def test_self_and_circular_referrals_are_refused(people):
    store, (mom, son, daughter, _friend, _guest) = people
    with store.session() as session:
        family.set_referrer(session, son, mom)
        family.set_referrer(session, daughter, son)
        with pytest.raises(ValidationError) as err:
            family.set_referrer(session, mom, daughter)
        assert err.value.problems[0].code == "referral_cycle"
        with pytest.raises(ValidationError) as err:
            family.set_referrer(session, mom, mom)
        assert err.value.problems[0].code == "referral_self"


def test_a_merge_moves_household_and_referrals_and_undo_puts_them_back(people):
    store, (mom, son, _daughter, friend, guest) = people
    with store.session() as session:
        twin = csvc.create_customer(session, {"name": "박친구"}).id  # a duplicate card of the friend
        family.add_to_household(session, twin, "spouse", with_customer_id=guest)
        family.set_referrer(session, mom, twin)  # the duplicate referred 김엄마
        family.set_referrer(session, twin, son)  # and was referred by 김아들
        merge = dup.merge_customers(session, friend, twin)
        assert family.referrals_of(session, friend).referred == [(mom, "김엄마", 0)]
        assert family.referrals_of(session, friend).referred_by == (son, "김아들")
        assert family.household_of(session, friend).members[1].customer_id == friend
        dup.undo_merge(session, merge.id)
        assert family.referrals_of(session, friend).referred == []
        assert family.referrals_of(session, twin).referred == [(mom, "김엄마", 0)]
        assert family.household_of(session, twin) is not None


def family_rows(session):
    from sqlalchemy import select

    from crmdesk.models import HouseholdMember, Referral

    return (sorted(tuple(r) for r in session.execute(select(Referral.__table__))),
            sorted(tuple(r) for r in session.execute(select(HouseholdMember.__table__))))


def test_merging_a_referrer_with_the_card_it_referred_leaves_no_self_referral_and_one_household(people):
    store, (mom, son, _daughter, _friend, _guest) = people
    with store.session() as session:
        twin = csvc.create_customer(session, {"name": "김엄마"}).id  # the same mother, entered twice
        family.set_referrer(session, twin, mom)
        family.add_to_household(session, mom, "parent")
        family.add_to_household(session, son, "child", with_customer_id=mom)
        family.add_to_household(session, twin, "parent")  # a second household of her own
        spend(session, twin, 50_000)
        before = family_rows(session)
        merge = dup.merge_customers(session, mom, twin)
        view = family.referrals_of(session, mom)
        assert (view.referred_by, view.referred, view.referral_value) == (None, [], 0)
        assert [(m.customer_id, m.relation) for m in family.household_of(session, mom).members] == [
            (mom, "parent"), (son, "child")]
        dup.undo_merge(session, merge.id)
        assert family_rows(session) == before  # the deleted links come back exactly


def test_a_merge_within_one_household_counts_the_survivor_once(people):
    store, (mom, son, _daughter, _friend, _guest) = people
    with store.session() as session:
        twin = csvc.create_customer(session, {"name": "김엄마"}).id
        family.add_to_household(session, mom, "parent")
        family.add_to_household(session, son, "child", with_customer_id=mom)
        family.add_to_household(session, twin, "spouse", with_customer_id=mom)
        spend(session, mom, 70_000)
        dup.merge_customers(session, mom, twin)
        view = family.household_of(session, mom)
    assert [m.customer_id for m in view.members] == [mom, son] and view.revenue == 70_000


def test_a_merge_cannot_close_a_referral_cycle_nor_give_two_referrers(people):
    store, (mom, son, daughter, friend, _guest) = people
    with store.session() as session:
        twin = csvc.create_customer(session, {"name": "김아들"}).id  # a duplicate of the son
        family.set_referrer(session, son, mom)  # mom referred son
        family.set_referrer(session, mom, twin)  # and the son's duplicate referred mom
        family.set_referrer(session, twin, friend)  # the duplicate says 박친구 brought it
        dup.merge_customers(session, son, twin)
        assert family.referrals_of(session, son).referred_by == (mom, "김엄마")
        assert family.referrals_of(session, mom).referred_by is None  # mom → son → mom would be a cycle
        assert family.referrals_of(session, friend).referred == []


def test_erased_customers_leave_households_and_referral_lists(people):
    from crmdesk.services import privacy

    store, (mom, son, daughter, _friend, _guest) = people
    with store.session() as session:
        family.add_to_household(session, son, "child", with_customer_id=mom)
        family.set_referrer(session, daughter, mom)
        family.set_referrer(session, mom, son)
        spend(session, son, 30_000)
        privacy.erase_customer(session, son, confirm=True)
        privacy.erase_customer(session, daughter, confirm=True)
        assert [m.customer_id for m in family.household_of(session, mom).members] == [mom]
        assert family.household_of(session, mom).revenue == 0
        assert family.household_member_ids(session, family.household_id_of(session, mom)) == [mom]
        view = family.referrals_of(session, mom)
        assert (view.referred_by, view.referred) == (None, [])
