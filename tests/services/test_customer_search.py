import pytest

from crmdesk.errors import ValidationError
from crmdesk.services import customers as svc
from crmdesk.services.customers import CustomerQuery


@pytest.fixture(autouse=True, params=["trigram index", "list walk"])
def search_path(request, monkeypatch):
    """Every search test runs twice: words of 3+ characters through the trigram index, and (as when a word
    is too common for the index to help) by walking the list index. Both must give the same answers."""
    if request.param == "list walk":
        monkeypatch.setattr(svc, "FTS_MAX_CANDIDATES", -1)
    return request.param


@pytest.fixture
def shop(store):
    """A handful of customers whose names, phones and tags overlap in the ways the counter meets."""
    people = [
        {"name": "김민수", "phone": "010-1234-5678", "tags": "VIP", "email": "minsu@example.com"},
        {"name": "김민지", "phone": "010-2222-5678", "tags": "학생"},
        {"name": "이민수", "phone": "010-5678-1111", "customer_code": "C0042"},
        {"name": "박서준", "phone": "010-3333-4444", "tags": "단골, VIP"},
        {"name": "John Smith", "phone": "010-9999-0000", "email": "john@shop.kr"},
    ]
    ids = {}
    with store.session() as session:
        for person in people:
            ids[person["name"]] = svc.create_customer(session, person).id
    return store, ids


def names(store, text, **kw):
    with store.session() as session:
        return [row.name for row in svc.search_customers(session, CustomerQuery(text=text, **kw))]


def test_any_part_of_a_name_finds_it(shop):
    store, _ = shop
    assert names(store, "민수") == ["김민수", "이민수"]
    assert names(store, "smi") == ["John Smith"]
    assert names(store, "john smith") == ["John Smith"]


def test_initial_consonants_find_korean_names(shop):
    store, _ = shop
    assert names(store, "ㄱㅁㅅ") == ["김민수"]
    assert names(store, "ㅁㅅ") == ["김민수", "이민수"]
    assert names(store, "ㄱㅁ") == ["김민수", "김민지"]


def test_last_four_digits_put_phone_endings_first(shop):
    store, _ = shop
    # 5678 ends two phones and sits in the middle of a third: the endings come first.
    assert names(store, "5678") == ["김민수", "김민지", "이민수"]


def test_phone_with_or_without_hyphens(shop):
    store, _ = shop
    assert names(store, "010-1234-5678") == ["김민수"]
    assert names(store, "01012345678") == ["김민수"]


def test_email_code_and_tags(shop):
    store, _ = shop
    assert names(store, "shop.kr") == ["John Smith"]
    assert names(store, "c0042") == ["이민수"]
    assert names(store, "vip") == ["김민수", "박서준"]
    assert names(store, "vip ㄱㅁ") == ["김민수"]


def test_wildcards_are_taken_literally(shop):
    store, _ = shop
    assert names(store, "%") == []
    assert names(store, "_") == []


def test_sorting_happens_in_sql(shop):
    store, ids = shop
    with store.session() as session:
        from crmdesk.models import Customer

        session.get(Customer, ids["박서준"]).total_spent = 90000
        session.get(Customer, ids["이민수"]).total_spent = 50000
    assert names(store, "", sort_key="total_spent", descending=True)[:2] == ["박서준", "이민수"]
    assert names(store, "", sort_key="name", descending=True)[0] == "John Smith"  # Latin after Hangul


def test_archived_customers_leave_the_list_and_come_back(shop):
    store, ids = shop
    with store.session() as session:
        svc.archive_customer(session, ids["김민수"])
    assert names(store, "민수") == ["이민수"]
    assert names(store, "민수", only_archived=True) == ["김민수"]
    with store.session() as session:
        svc.restore_customer(session, ids["김민수"])
    assert names(store, "민수") == ["김민수", "이민수"]


def test_count_matches_search(shop):
    store, _ = shop
    with store.session() as session:
        assert svc.count_customers(session, CustomerQuery(text="김")) == 2
        assert svc.count_customers(session, CustomerQuery()) == 5


def test_validation_names_every_bad_field(store):
    with store.session() as session, pytest.raises(ValidationError) as err:
        svc.create_customer(session, {"name": " ", "phone": "12", "email": "x@", "birthday": "1990-13-01"})
    assert {p.field for p in err.value.problems} == {"name", "phone", "email", "birthday"}


def test_edit_updates_search_and_keeps_phone_normalised(shop):
    store, ids = shop
    with store.session() as session:
        customer = svc.update_customer(session, ids["김민지"], {"name": "최민지", "phone": "+82 10 7777 8888"})
        assert customer.phone == "01077778888"
        assert customer.phone_last4 == "8888"
    assert names(store, "ㅊㅁㅈ") == ["최민지"]
    assert names(store, "8888") == ["최민지"]
    assert names(store, "ㄱㅁㅈ") == []  # the old name left the index with the edit
    assert names(store, "2222") == []


def test_duplicate_customer_code_is_refused(shop):
    store, ids = shop
    with store.session() as session, pytest.raises(ValidationError) as err:
        svc.update_customer(session, ids["김민수"], {"customer_code": "C0042"})
    assert err.value.problems[0].code == "code_taken"


def test_phone_holders_for_duplicate_warning(shop):
    store, ids = shop
    with store.session() as session:
        assert [c.name for c in svc.customers_with_phone(session, "01012345678")] == ["김민수"]
        assert svc.customers_with_phone(session, "010-1234-5678", exclude_id=ids["김민수"]) == []
        assert svc.customers_with_phone(session, "010-12") == []


def test_consent_change_is_dated(shop):
    store, ids = shop
    with store.session() as session:
        customer = svc.update_customer(session, ids["김민수"], {"marketing_consent": True})
        assert customer.marketing_consent and customer.marketing_consent_at is not None


def test_phone_endings_first_across_pages(store):
    with store.session() as session:
        for i in range(6):
            svc.create_customer(session, {"name": f"가{i}", "phone": f"010-5678-{1000 + i}"})
        svc.create_customer(session, {"name": "하끝", "phone": "010-1111-5678"})
        svc.create_customer(session, {"name": "허끝", "phone": "010-2222-5678"})
    with store.session() as session:
        query = CustomerQuery(text="5678")
        pages = [svc.search_customers(session, query, offset=o, limit=3) for o in (0, 3, 6)]
    assert [[r.name for r in page] for page in pages] == [
        ["하끝", "허끝", "가0"], ["가1", "가2", "가3"], ["가4", "가5"]]


def test_contains_is_portable_like_outside_sqlite():
    from sqlalchemy.dialects import postgresql

    from crmdesk.models import Customer

    compiled = svc.contains_text(Customer.search_text, "50%_off").compile(dialect=postgresql.dialect())
    assert "LIKE" in str(compiled) and "instr" not in str(compiled)
    assert list(compiled.params.values()) == ["%50\\%\\_off%"]  # wildcards typed by the user are literal


def test_control_characters_pasted_into_the_search_are_ignored(shop):
    store, _ = shop
    assert names(store, "김민\x00수") == names(store, "김민수") == ["김민수"]


def test_a_set_of_customers_keeps_search_sorting_and_counting_inside_it(shop):
    store, ids = shop
    chosen = frozenset({ids["김민수"], ids["이민수"], ids["John Smith"]})
    assert names(store, "", customer_ids=chosen) == ["김민수", "이민수", "John Smith"]  # Hangul first
    assert names(store, "민수", customer_ids=chosen) == ["김민수", "이민수"]
    assert names(store, "민", customer_ids=frozenset({ids["김민지"]})) == ["김민지"]
    assert names(store, "5678", customer_ids=chosen) == ["김민수", "이민수"]  # phone ending first, then others
    assert names(store, "", customer_ids=chosen, sort_key="name", descending=True) == ["John Smith", "이민수",
                                                                                      "김민수"]
    assert names(store, "", customer_ids=frozenset()) == []
    with store.session() as session:
        assert svc.count_customers(session, CustomerQuery(text="민수", customer_ids=chosen)) == 2
        assert svc.count_customers(session, CustomerQuery(customer_ids=chosen)) == 3


def test_a_set_of_30000_ids_is_one_parameter_not_a_list_sqlite_would_refuse(shop):
    store, ids = shop
    # More ids than SQLite allows parameters in one statement (32,766): bound as one JSON array instead.
    chosen = frozenset(range(100_000, 140_000)) | {ids["박서준"]}
    assert names(store, "", customer_ids=chosen) == ["박서준"]
    with store.session() as session:
        assert svc.count_customers(session, CustomerQuery(customer_ids=chosen)) == 1
    # The statement cache must not serve one set's rows for another.
    assert names(store, "", customer_ids=frozenset({ids["김민지"]})) == ["김민지"]


def test_a_set_of_ids_is_one_array_parameter_on_postgresql(search_path):
    from sqlalchemy import select
    from sqlalchemy.dialects import postgresql

    from crmdesk.models import Customer

    ids = frozenset(range(1, 25_001))
    stmt = select(Customer.id).where(svc.in_id_set(Customer.id, ids, "postgresql"))
    compiled = stmt.compile(dialect=postgresql.dialect())
    assert "customer.id = ANY (%(id_set)s::BIGINT[])" in str(compiled)
    assert list(compiled.params) == ["id_set"] and compiled.params["id_set"] == sorted(ids)
