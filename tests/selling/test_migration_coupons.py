"""Migration 0017: birthday coupons already handed out get their coupon row with the same code; nothing else
changes, and the counter takes the old code."""

from datetime import date, datetime

from sqlalchemy import text

from crmdesk.services import coupons
from crmdesk.services import purchases as psvc
from crmdesk.services.purchases import LineEntry, PurchaseEntry
from crmdesk.store import open_store, schema
from crmdesk.store.engine import Store, database_url, make_engine


def test_a_version_12_database_gives_its_birthday_coupons_codes_the_counter_takes(tmp_path):
    path = tmp_path / "v12.sqlite3"
    url = database_url(path)
    old = Store(make_engine(url), url)
    schema.upgrade(old, "0012")
    with old.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO customer (name, phone, phone_last4, birthday_lunar, tags, marketing_consent, archived, "
            "created_at, updated_at, search_text, visit_count, total_spent) VALUES ('박서준', '01055556666', "
            "'6666', 0, '', 1, 0, '2025-01-01 10:00:00', '2025-01-01 10:00:00', '박서준 01055556666', 0, 0)"))
        conn.execute(text("INSERT INTO birthday_coupon (customer_id, year, birthday_on, code, issued_at) VALUES "
                          "(1, 2025, '2025-05-17', 'BDAY2025-00001', '2025-05-10 10:00:00'), "
                          "(1, 2024, '', 'BDAY2024-00001', '2024-05-10 10:00:00')"))
    old.close()

    store = open_store(path)
    try:
        assert schema.current_revision(store) == schema.HEAD
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM birthday_coupon")).scalar() == 2
            rows = conn.execute(text("SELECT code, customer_id, kind, birthday_coupon_id, expires_on FROM coupon "
                                     "ORDER BY code")).all()
        assert [tuple(r) for r in rows] == [("BDAY2024-00001", 1, "birthday", 2, "2024-12-31"),
                                            ("BDAY2025-00001", 1, "birthday", 1, "2025-06-16")]
        with store.session() as s:
            assert coupons.check_code(s, "bday2025-00001", 1, date(2025, 6, 16)).code == "BDAY2025-00001"
            assert psvc.create_purchase(s, PurchaseEntry(1, datetime(2025, 6, 1, 12), [LineEntry("라떼", 1, 5000)],
                                                         coupon_code="BDAY2025-00001")).id
    finally:
        store.close()
