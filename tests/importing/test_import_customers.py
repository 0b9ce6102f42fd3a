"""Importing a customer list: new cards, matches that fill only empty fields, and a re-import that adds nothing."""

from import_helpers import table_contents, write_csv
from sqlalchemy import select

from crmdesk.importing import read_source, run_import, suggest_mapping
from crmdesk.models import Customer
from crmdesk.services import customers as svc

HEAD = ["회원번호", "성명", "휴대폰", "이메일", "생년월일"]


def import_customers(store, path, **options):
    source = read_source(path)
    return run_import(store, source, "customers", suggest_mapping(source.headers, "customers"), **options)


def cards(store):
    with store.session() as session:
        return {c.name: c for c in session.execute(select(Customer)).scalars()}


def test_new_and_known_customers(store, tmp_path):
    with store.session() as session:
        svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678", "email": "old@example.com"})
    rows = [HEAD,
            ["M-1", "김민수", "01012345678", "new@example.com", "1988.03.04"],  # known by phone: fill the blanks
            ["M-2", "이서연", "010 3333 4444", "", "19900101"],
            ["", "박지훈", "", "park@example.com", ""],
            ["M-4", "", "", "", ""],  # a code alone cannot make a card
            ["M-5", "최유진", "010-12", "", ""]]
    report = import_customers(store, write_csv(tmp_path / "members.csv", rows))
    assert (report.customers_created, report.customers_updated, report.customers_matched) == (2, 1, 1)
    assert [(r.row, r.column, r.code) for r in report.rejections] == [
        (5, "성명", "name_required"), (6, "휴대폰", "phone_short")]
    people = cards(store)
    kim = people["김민수"]
    assert kim.customer_code == "M-1" and kim.email == "old@example.com"  # filled, never overwritten
    assert kim.birthday.isoformat() == "1988-03-04"
    assert people["이서연"].phone == "01033334444" and people["이서연"].phone_last4 == "4444"
    with store.session() as session:
        found = svc.search_customers(session, svc.CustomerQuery(text="M-1"))
        by_initials = svc.search_customers(session, svc.CustomerQuery(text="ㅂㅈㅎ"))
    assert [c.name for c in found] == ["김민수"]  # the search text was brought up to date
    assert [c.name for c in by_initials] == ["박지훈"]


def test_importing_the_list_again_adds_nothing(store, tmp_path):
    rows = [HEAD, ["M-1", "김민수", "010-1234-5678", "", ""], ["", "이름만", "", "", ""]]
    path = write_csv(tmp_path / "members.csv", rows)
    import_customers(store, path)
    before = table_contents(store)
    report = import_customers(store, path)
    assert (report.customers_created, report.rows_present) == (0, 2)
    after = table_contents(store)
    after.pop("import_batch"), before.pop("import_batch")
    assert after == before


def test_dry_run_of_a_customer_list_writes_nothing(store, tmp_path):
    before = table_contents(store)
    report = import_customers(store, write_csv(tmp_path / "m.csv", [HEAD, ["M-1", "김민수", "", "", ""]]),
                              dry_run=True)
    assert report.customers_created == 1 and report.preview[0].values == {"customer_code": "M-1", "name": "김민수"}
    assert table_contents(store) == before


def test_a_code_added_to_a_card_the_file_made_finds_it_for_later_rows(store, tmp_path):
    """Row 2 makes a card by its phone, row 3 adds a code to it, row 4 names that code alone: one card. Row 4 used
    to make a second card with the same code, and the import ended in a traceback (the code must be unique)."""
    rows = [HEAD, ["", "이민", "010-1111-0002", "", ""], ["C2", "이민", "010-1111-0002", "", ""],
            ["C2", "이민", "", "lee@example.com", ""]]
    report = import_customers(store, write_csv(tmp_path / "codes.csv", rows))
    assert (report.customers_created, report.rows_rejected) == (1, 0)
    card = cards(store)["이민"]
    assert (card.customer_code, card.phone, card.email) == ("C2", "01011110002", "lee@example.com")
