"""The trigram index (migration 0003) is a shortcut: it must never change what a search shows."""

from crmdesk.services import customers as svc
from crmdesk.services.customers import CustomerQuery


def test_trigram_index_and_list_walk_agree_on_a_demo_shop(store, monkeypatch):
    """The trigram index only narrows the candidates: the same words, sorts and pages give the same rows."""
    from crmdesk.demo import generate_demo

    generate_demo(store, customers=600, seed=3)
    words = ["ㄱㅁㅅ", "김민", "010", "5678", "vip 김", "학생 ㅇㅅ", "gmail", "ㅇㅅㅇ", "0101", "민수", "없는이름"]
    sorts = [("name", False), ("total_spent", True), ("last_purchase_at", False), ("created_at", True)]
    found = 0
    with store.session() as session:
        for word in words:
            for key, desc in sorts:
                query = CustomerQuery(text=word, sort_key=key, descending=desc)
                fast = [svc.search_customers(session, query, offset=o, limit=7) for o in (0, 7)]
                fast_count = svc.count_customers(session, query)
                found += fast_count > 0
                monkeypatch.setattr(svc, "FTS_MAX_CANDIDATES", -1)
                walk = [svc.search_customers(session, query, offset=o, limit=7) for o in (0, 7)]
                assert svc.count_customers(session, query) == fast_count, word
                monkeypatch.undo()
                assert [[r.id for r in page] for page in fast] == [[r.id for r in page] for page in walk], (word, key)

    assert found >= 8 * len(sorts)  # most words match someone: the comparison is not between empty lists
