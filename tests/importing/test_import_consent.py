"""Imported cards enter the consent ledger like cards made at the counter."""

from import_helpers import write_csv

from crmdesk.importing import read_source, run_import, suggest_mapping
from crmdesk.services import consent
from crmdesk.services import customers as svc


def test_each_imported_card_has_a_collection_grant_by_import(store, tmp_path):
    with store.session() as session:
        known = svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"}).id
    path = write_csv(tmp_path / "members.csv", [["성명", "휴대폰"], ["김민수", "01012345678"],
                                                ["이서연", "01033334444"],
                                                ["박지훈", "01055556666"]])
    source = read_source(path)
    report = run_import(store, source, "customers", suggest_mapping(source.headers, "customers"))
    assert report.customers_created == 2
    with store.session() as session:
        new = [c.id for c in svc.search_customers(session, svc.CustomerQuery(text="")) if c.id != known]
        assert len(new) == 2
        for cid in new:
            history = consent.consent_history(session, cid)
            assert [(h.purpose, h.granted, h.method) for h in history] == [("collection", True, "import")]
            assert not consent.customer_consents(session, cid)[consent.Purpose.SMS].granted
        assert len(consent.consent_history(session, known)) == 1  # the matched card gets no second grant
