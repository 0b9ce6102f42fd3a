"""A customer's derived columns (phone_last4, search_text) come from one function, whoever writes the card:
the service (create, edit), the import (new and completed cards), the demo, a merge (its undo puts the
cards' stored columns back as they were), an erasure."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from crmdesk import normalise as nz
from crmdesk.models import DERIVED_COLUMNS, Customer, derived_columns

CARD = {"name": "김민수", "phone": "010-1234-5678", "email": "Min.Kim@Example.com", "customer_code": "C000123"}


def stored(store) -> dict[int, tuple]:
    """Every card's fields and its derived columns as stored."""
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(Customer.id, Customer.name, Customer.phone, Customer.email,
                                      Customer.customer_code, Customer.tags, Customer.erased_at,
                                      Customer.phone_last4, Customer.search_text)).all()
    return {r.id: r for r in rows}


def assert_derived_current(store) -> None:
    for row in stored(store).values():
        expected = derived_columns(name=row.name, phone=row.phone, email=row.email, customer_code=row.customer_code,
                                   tags=row.tags, erased=row.erased_at is not None)
        assert (row.phone_last4, row.search_text) == tuple(expected), row


def test_the_function():
    derived = derived_columns(name="김민수", phone="01012345678", email="a@b.kr", customer_code="C-0012", tags="VIP")
    assert DERIVED_COLUMNS == ("phone_last4", "search_text")
    assert derived.phone_last4 == "5678"
    assert derived.search_text == nz.search_text(name="김민수", phone="01012345678", email="a@b.kr", code="C-0012",
                                                 tags="VIP")
    assert "ㄱㅁㅅ" in derived.search_text and "0012" in derived.search_text
    no_phone = derived_columns(name="x", phone=None, email=None, customer_code=None, tags="")
    assert no_phone == (None, nz.SEARCH_SEPARATOR.join(["x", "", "", "", "", "", ""]))
    assert derived_columns(name="김민수", phone="01012345678", email=None, customer_code=None, tags="",
                           erased=True) == (None, "")


def test_service_import_merge_and_erase_write_the_same_derived_columns(store, tmp_path: Path):
    from crmdesk.importing import read_source, run_import, suggest_mapping
    from crmdesk.services import duplicates, privacy
    from crmdesk.services.customers import create_customer, update_customer

    with store.session() as session:
        by_service = create_customer(session, CARD).id
    path = tmp_path / "customers.csv"
    path.write_text("고객코드,이름,전화번호,이메일\nC000124,김민수,010-1234-5679,min.kim2@example.com\n"
                    "C000123,,,\n", encoding="utf-8")
    source = read_source(path)
    run_import(store, source, "customers", suggest_mapping(source.headers, "customers"))
    cards = stored(store)
    by_import = next(cid for cid, r in cards.items() if r.customer_code == "C000124")
    # The same fields give the same derived columns, whichever path wrote the card.
    twin = derived_columns(name="김민수", phone="01012345679", email="min.kim2@example.com", customer_code="C000124",
                           tags="")
    assert (cards[by_import].phone_last4, cards[by_import].search_text) == tuple(twin)
    assert_derived_current(store)

    with store.session() as session:  # an edit, then a card without a code that the import completes
        update_customer(session, by_service, {**CARD, "tags": "VIP"})
        bare = create_customer(session, {"name": "이서연", "phone": "010-2222-3333"}).id
    path.write_text("이름,전화번호,이메일\n이서연,010-2222-3333,seo@example.com\n", encoding="utf-8")
    source = read_source(path)
    run_import(store, source, "customers", suggest_mapping(source.headers, "customers"))
    assert stored(store)[bare].email == "seo@example.com"
    assert_derived_current(store)

    with store.session() as session:  # the survivor gains the duplicate's e-mail and code, then gives them back
        survivor = create_customer(session, {"name": "김민수", "phone": "010-1234-5679"}).id
    with store.session() as session:
        merge = duplicates.merge_customers(session, survivor, by_import)
    assert "min.kim2@example.com" in stored(store)[survivor].search_text
    assert_derived_current(store)
    with store.session() as session:
        duplicates.undo_merge(session, merge.id)
    assert stored(store)[survivor].search_text == derived_columns(
        name="김민수", phone="01012345679", email=None, customer_code=None, tags="").search_text
    assert_derived_current(store)

    with store.session() as session:
        privacy.erase_customer(session, by_service, confirm=True)
    assert (stored(store)[by_service].phone_last4, stored(store)[by_service].search_text) == (None, "")
    assert_derived_current(store)


@pytest.mark.parametrize("customers", [40])
def test_demo_cards_carry_the_derived_columns(store, customers):
    from crmdesk.demo import generate_demo

    generate_demo(store, customers=customers, seed=3, as_of=date(2026, 3, 1))
    assert len(stored(store)) == customers
    assert_derived_current(store)
