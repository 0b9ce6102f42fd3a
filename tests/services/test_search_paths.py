"""The trigram index (migration 0003) is a shortcut: it must never change what a search shows."""

from crmdesk.services import customers as svc
from crmdesk.services.customers import CustomerQuery


def test_trigram_index_and_list_walk_agree_on_a_demo_shop(store, monkeypatch):
    """The trigram index only narrows the candidates: the same words, sorts and pages give the same rows."""
    from crmdesk.demo import generate_demo

    generate_demo(store, customers=600, seed=3)
    words = ["ㄱㅁㅅ", "김민", "010", "5678", "vip 김", "학생 ㅇㅅ", "gmail", "ㅇㅅㅇ", "0101", "민수", "없는이름",
             'a"b', "NEAR(김", "ㄱㅁㅅ*"]
    sorts = [("name", False), ("total_spent", True), ("last_purchase_at", False), ("created_at", True)]
    archives = [{}, {"include_archived": True}, {"only_archived": True}]
    found = 0
    with store.session() as session:
        archived = svc.search_customers(session, CustomerQuery(text="김"), limit=40)[::2]
        for row in archived:  # some matches archived, so the three archive filters differ
            svc.archive_customer(session, row.id)
        for word, (key, desc), extra in ((w, s, a) for w in words for s in sorts for a in archives):
            query = CustomerQuery(text=word, sort_key=key, descending=desc, **extra)
            fast = [svc.search_customers(session, query, offset=o, limit=7) for o in (0, 7)]
            fast_count = svc.count_customers(session, query)
            found += fast_count > 0
            monkeypatch.setattr(svc, "FTS_MAX_CANDIDATES", -1)
            walk = [svc.search_customers(session, query, offset=o, limit=7) for o in (0, 7)]
            assert svc.count_customers(session, query) == fast_count, word
            monkeypatch.undo()
            assert [[r.id for r in page] for page in fast] == [[r.id for r in page] for page in walk], (word, key)

    assert found >= 8 * len(sorts) * 2  # most words match someone: the comparison is not between empty lists
