"""An import records consent only as the user states it (issue 17): without a stated source the new cards are
"consent not confirmed" and the ledger gets nothing; with one, each new card gets a collection grant dated the
stated day, and the import's audit entry names the source."""

import json
from datetime import date, datetime

from import_helpers import write_csv

from crmdesk.importing import read_source, run_import, suggest_mapping
from crmdesk.services import audit, consent
from crmdesk.services import customers as svc

ROWS = [["성명", "휴대폰"], ["김민수", "01012345678"], ["이서연", "01033334444"], ["박지훈", "01055556666"]]


def _import(store, tmp_path, **options):
    with store.session() as session:
        known = svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"},
                                    consents={"collection": True, "sms": True}).id
    source = read_source(write_csv(tmp_path / "members.csv", ROWS))
    report = run_import(store, source, "customers", suggest_mapping(source.headers, "customers"), **options)
    assert report.customers_created == 2
    with store.session() as session:
        new = [c.id for c in svc.search_customers(session, svc.CustomerQuery(text="")) if c.id != known]
    return known, new


def test_without_a_stated_source_imported_cards_are_unconfirmed_and_the_ledger_gets_nothing(store, tmp_path):
    known, new = _import(store, tmp_path)
    with store.session() as session:
        assert len(new) == 2
        for cid in new:
            assert consent.consent_history(session, cid) == []
        assert consent.unconfirmed_ids(session) == set(new)
        assert len(consent.consent_history(session, known)) == 2  # the matched card keeps its own answers only
        assert consent.consented_ids(session, "sms") == {known}


def test_a_stated_source_and_day_become_each_new_cards_collection_grant(store, tmp_path):
    known, new = _import(store, tmp_path, consent_source=("종이 회원가입서", date(2025, 3, 2)))
    with store.session() as session:
        for cid in new:
            history = consent.consent_history(session, cid)
            assert [(h.purpose, h.granted, h.method, h.at) for h in history] == [
                ("collection", True, "import", datetime(2025, 3, 2))]
        assert consent.unconfirmed_ids(session) == set()
        entry = next(e for e in audit.list_entries(session) if e.action == "import")
        details = json.loads(entry.details)
    assert details["consent_source"] == "종이 회원가입서" and details["consent_date"] == "2025-03-02"
