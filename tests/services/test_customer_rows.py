"""The window's first rows are read without the models (services/customer_rows.py): the customer list shows
exactly what the full search gives for the plain list, page after page, archived cards left out, and the shop's
name in the title is the one Settings stores."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime

from crmdesk.services import customers as svc
from crmdesk.services import purchases, settings
from crmdesk.services.customer_rows import PLAIN_LIST, any_customer, plain_list_page, shop_name

NAMES = ["Kim Minsu", "황보영", "123 Café", "가나다", "alice", "김민수", "Zoe", "ㄱ이름", "#VIP", "김민수", "이서연"]


def test_the_plain_list_is_the_searchs_own_rows_page_by_page(store):
    with store.session() as session:
        assert not any_customer(session)  # the window offers the demo café
        made = [svc.create_customer(session, {"name": name, "phone": f"010-1234-{i:04d}", "tags": "VIP"})
                for i, name in enumerate(NAMES)]
        svc.archive_customer(session, made[3].id)
        svc.restore_customer(session, made[3].id)
        svc.archive_customer(session, made[4].id)
        for customer in made[5:8]:  # a last purchase and totals on some rows
            purchases.create_purchase(session, purchases.PurchaseEntry(
                customer.id, datetime(2025, 2, 5, 9, 30), [purchases.LineEntry("라떼", 2, 5000)]))
    with store.session() as session:
        for offset in (0, 4, 8, 12):
            plain = plain_list_page(session, offset=offset, limit=4)
            assert plain == svc.search_customers(session, PLAIN_LIST, offset=offset, limit=4)
        everyone = plain_list_page(session)
    assert "alice" not in [row.name for row in everyone]  # archived
    assert len(everyone) == len(NAMES) - 1
    with store.session() as session:
        for row in everyone:
            svc.archive_customer(session, row.id)
        assert plain_list_page(session) == [] and any_customer(session)  # archived cards: no welcome panel
    assert all(isinstance(row.created_at, datetime) and row.archived is False for row in everyone)
    assert {(row.last_purchase_at, row.visit_count, row.total_spent) for row in everyone if row.visit_count} == \
        {(datetime(2025, 2, 5, 9, 30), 1, 10000)}


def test_the_title_names_the_shop_as_settings_store_it(store):
    with store.session() as session:
        assert shop_name(session) == settings.get_setting(session, "shop_name") == ""
        settings.set_setting(session, "shop_name", "하늘 카페")
        assert shop_name(session) == "하늘 카페"


def test_reading_the_first_rows_loads_no_model():
    code = ("import sys, crmdesk.services.customer_rows\n"
            "print([m for m in sys.modules if m.startswith(('crmdesk.models', 'crmdesk.services.customers'))])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "[]"
