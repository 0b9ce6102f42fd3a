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


# --- consent answers in mapped columns ---------------------------------------------------------------------------

ANSWERS = [["성명", "휴대폰", "문자수신동의", "이메일 수신 동의", "동의일자"],
           ["최수정", "01022223333", "Y", "아니오", "2024-05-01"],
           ["한지우", "01044445555", "거부", "", "2024-06-02"],
           ["오민재", "01066667777", "", "", ""],
           ["윤하늘", "01088889999", "아마도", "Y", "2024-07-03"]]


def _history(session, cid):
    return sorted((h.purpose.value, h.granted, h.method, h.at) for h in consent.consent_history(session, cid))


def _ids(session):
    return {c.name: c.id for c in svc.search_customers(session, svc.CustomerQuery(text=""))}


def test_mapped_consent_columns_record_each_answer_refusals_too_dated_by_the_row(store, tmp_path):
    source = read_source(write_csv(tmp_path / "members.csv", ANSWERS))
    mapping = suggest_mapping(source.headers, "customers")
    assert list(mapping.values()) == ["name", "phone", "consent_sms", "consent_email", "consent_date"]
    report = run_import(store, source, "customers", mapping)
    assert report.customers_created == 3
    bad = [r for r in report.rejections if r.code == "consent_invalid"]
    assert [(r.row, r.column) for r in bad] == [(5, "문자수신동의")] and "아마도" in bad[0].describe()
    with store.session() as session:
        ids = _ids(session)
        assert "윤하늘" not in ids  # the row with a bad answer is not imported
        assert _history(session, ids["최수정"]) == [("collection", True, "import", datetime(2024, 5, 1)),
                                                    ("email", False, "import", datetime(2024, 5, 1)),
                                                    ("sms", True, "import", datetime(2024, 5, 1))]
        assert _history(session, ids["한지우"]) == [("sms", False, "import", datetime(2024, 6, 2))]
        assert _history(session, ids["오민재"]) == []
        # only a collection answer confirms a card: the refusal alone and no answer leave it unconfirmed
        assert consent.unconfirmed_ids(session) == {ids["한지우"], ids["오민재"]}
        assert consent.consented_ids(session, "sms") == {ids["최수정"]}
        assert svc.get_customer(session, ids["최수정"]).marketing_consent is True
        entry = next(e for e in audit.list_entries(session) if e.action == "import")
    details = json.loads(entry.details)
    assert details["consent_answers_from"] == "members.csv" and details["consent_answers"] == 4


def test_answers_without_a_day_are_refused_for_the_file_or_dated_by_the_stated_day(store, tmp_path):
    from crmdesk.errors import CrmError

    rows = [["성명", "휴대폰", "문자수신동의"], ["최수정", "01022223333", "동의"]]
    source = read_source(write_csv(tmp_path / "members.csv", rows))
    mapping = suggest_mapping(source.headers, "customers")
    try:
        run_import(store, source, "customers", mapping)
    except CrmError as exc:
        assert "consent_date" in str(exc) and "--consent-date" in str(exc)
    else:
        raise AssertionError("a file of answers without their day was imported")
    with store.session() as session:
        assert _ids(session) == {}
    run_import(store, source, "customers", mapping, consent_source=("종이 회원가입서", date(2025, 3, 2)))
    with store.session() as session:
        cid = _ids(session)["최수정"]
        assert _history(session, cid) == [("collection", True, "import", datetime(2025, 3, 2)),
                                          ("sms", True, "import", datetime(2025, 3, 2))]


def test_a_row_answering_without_its_day_is_rejected_by_row(store, tmp_path):
    rows = [["성명", "휴대폰", "문자수신동의", "동의일"], ["최수정", "01022223333", "1", ""],
            ["한지우", "01044445555", "0", "2024-06-02"]]
    report = run_import(store, source := read_source(write_csv(tmp_path / "m.csv", rows)), "customers",
                        suggest_mapping(source.headers, "customers"))
    assert [(r.row, r.code) for r in report.rejections] == [(2, "consent_date_missing")]
    assert report.customers_created == 1


def test_a_matched_card_gets_the_files_answers_once_and_a_newer_act_stands(store, tmp_path):
    with store.session() as session:
        known = svc.create_customer(session, {"name": "최수정", "phone": "010-2222-3333"}).id  # unconfirmed
        other = svc.create_customer(session, {"name": "한지우", "phone": "010-4444-5555"},
                                    consents={"collection": True}).id
        consent.record_consent(session, other, "sms", False, method="paper", at=datetime(2025, 1, 1))
    rows = [["성명", "휴대폰", "문자수신동의", "동의일"], ["최수정", "01022223333", "O", "2024-05-01"],
            ["한지우", "01044445555", "O", "2024-05-01"]]
    source = read_source(write_csv(tmp_path / "m.csv", rows))
    for _ in range(2):  # the same file twice adds nothing the second time
        run_import(store, source, "customers", suggest_mapping(source.headers, "customers"))
    with store.session() as session:
        assert len(_history(session, known)) == 2 and known not in consent.unconfirmed_ids(session)
        assert consent.consented_ids(session, "sms") == {known}  # the paper withdrawal of 2025 is newer
