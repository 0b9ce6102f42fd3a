"""Importing sales as a shop owner would: the POS sample, matching, receipts, re-imports, dry runs, refusals."""

from datetime import datetime

import pytest
from import_helpers import table_contents, write_csv, write_xlsx
from sqlalchemy import func, select

from crmdesk.importing import ImportRefused, read_source, run_import, suggest_mapping
from crmdesk.importing.runner import rejected_file_path
from crmdesk.models import Customer, ImportBatch, Product, Purchase, PurchaseLine
from crmdesk.services import customers as svc

HEAD = ["영수증번호", "판매일시", "고객번호", "고객명", "전화번호", "이메일", "상품명", "분류", "수량", "금액",
        "담당자"]


SQLITE_ONLY = "compares sqlite_master: the FTS5 trigger and the indexes dropped for the load"


def import_file(store, path, kind="sales", **options):
    source = read_source(path)
    return run_import(store, source, kind, suggest_mapping(source.headers, kind), **options)


def count(store, model):
    with store.session() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def customer(store, phone):
    with store.session() as session:
        return session.execute(select(Customer).where(Customer.phone == phone)).scalar_one()


def test_the_pos_sample_imports_completely(store, sample_file):
    report = import_file(store, sample_file)
    assert report.encoding == "cp949"
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (274, 274, 0)
    assert report.purchases_created == count(store, Purchase) == 180
    assert count(store, PurchaseLine) == 274
    # The same person written 010-9376-8145 and 01093768145 is one customer.
    hwang = customer(store, "01093768145")
    assert hwang.name == "황우진" and hwang.phone_last4 == "8145"
    with store.session() as session:
        purchases = session.execute(select(Purchase).where(Purchase.customer_id == hwang.id)).scalars().all()
        receipt = session.execute(select(Purchase).where(Purchase.receipt_no == "R100029")).scalar_one()
        lines = session.execute(select(PurchaseLine).where(PurchaseLine.purchase_id == receipt.id)
                                .order_by(PurchaseLine.id)).scalars().all()
        walk_in = session.execute(select(Purchase).where(Purchase.receipt_no == "R100103")).scalar_one()
        products = {p.name: p.category for p in session.execute(select(Product)).scalars()}
        found = svc.search_customers(session, svc.CustomerQuery(text="황우진 8145"))
    assert hwang.visit_count == len(purchases) and hwang.total_spent == sum(p.total for p in purchases)
    assert hwang.last_purchase_at == max(p.purchased_at for p in purchases)
    assert receipt.purchased_at == datetime(2025, 1, 7, 13, 33)
    assert [(x.product, x.quantity, x.unit_price, x.amount) for x in lines] == [
        ("크루아상", 1, 3800, 3800), ("텀블러", 2, 22000, 44000), ("아메리카노", 1, 4500, 4500)]
    assert receipt.total == 52300
    assert walk_in.customer_id is None
    assert products["텀블러"] == "굿즈" and len(products) == 8
    # The search knows the new customer; the other 황우진 in the file has another phone and is another card.
    assert [(r.name, r.phone) for r in found] == [("황우진", "01093768145")]


def test_importing_the_same_file_again_adds_nothing(store, sample_file):
    import_file(store, sample_file)
    before = table_contents(store)
    report = import_file(store, sample_file)
    assert (report.rows_imported, report.rows_present, report.customers_created) == (0, 274, 0)
    assert report.same_file_imported_at is not None
    after = table_contents(store)
    after.pop("import_batch"), before.pop("import_batch")  # the second attempt is recorded, nothing else
    assert after == before


def test_two_identical_rows_are_two_purchases_and_a_reimport_keeps_two(store, tmp_path):
    row = ["", "2024-03-01 10:00", "", "김민수", "010-1234-5678", "", "아메리카노", "음료", "1", "4500", ""]
    path = write_csv(tmp_path / "no_receipts.csv", [HEAD, row, row, [*row[:6], "라떼", *row[7:]]])
    assert import_file(store, path).purchases_created == 3
    again = import_file(store, path)
    assert (again.purchases_created, again.rows_present) == (0, 3)
    assert count(store, Purchase) == 3
    assert customer(store, "01012345678").visit_count == 3
    # A third identical row, added later to the same file, is new.
    write_csv(path, [HEAD, row, row, row])
    assert import_file(store, path).purchases_created == 1


def test_rows_attach_by_code_then_phone_then_email(store, tmp_path):
    with store.session() as session:
        by_code = svc.create_customer(session, {"name": "코드고객", "customer_code": "C-1", "phone": "010-1111-1111"})
        by_phone = svc.create_customer(session, {"name": "전화고객", "phone": "010-2222-2222"})
        by_email = svc.create_customer(session, {"name": "메일고객", "email": "mail@example.com"})
    rows = [HEAD,
            # code wins over a phone that belongs to someone else
            ["R1", "2024-03-01", "C-1", "다른이름", "010-2222-2222", "", "라떼", "", "1", "5000", ""],
            ["R2", "2024-03-01", "C-404", "", "01022222222", "", "라떼", "", "1", "5000", ""],
            ["R3", "2024-03-01", "", "", "", "MAIL@example.com", "라떼", "", "1", "5000", ""],
            ["R4", "2024-03-01", "", "새고객", "010-3333-3333", "", "라떼", "", "1", "5000", ""],
            ["R5", "2024-03-02", "", "새고객", "+82 10-3333-3333", "", "라떼", "", "1", "0", ""]]
    report = import_file(store, write_csv(tmp_path / "s.csv", rows))
    assert (report.customers_matched, report.customers_created) == (3, 1)
    with store.session() as session:
        owner = dict(session.execute(select(Purchase.receipt_no, Purchase.customer_id)).all())
    new = customer(store, "01033333333")
    assert owner == {"R1": by_code.id, "R2": by_phone.id, "R3": by_email.id, "R4": new.id, "R5": new.id}
    assert new.visit_count == 2 and new.total_spent == 5000  # a free item (0 won) is a purchase too
    assert new.first_seen.isoformat() == "2024-03-01"


def test_rows_of_one_receipt_form_one_purchase_even_when_apart(store, tmp_path):
    rows = [HEAD,
            ["R9", "2024.03.01 10:00", "", "", "", "", "라떼", "음료", "1", "5,000원", "김하늘"],
            ["R8", "2024.03.01 11:00", "", "", "", "", "쿠키", "디저트", "2", "5,000원", ""],
            ["R9", "2024.03.01 10:00", "", "", "", "", "스콘", "디저트", "1", "₩3,800", "김하늘"]]
    import_file(store, write_csv(tmp_path / "s.csv", rows))
    with store.session() as session:
        r9 = session.execute(select(Purchase).where(Purchase.receipt_no == "R9")).scalar_one()
        n_lines = session.execute(select(func.count()).where(PurchaseLine.purchase_id == r9.id)).scalar_one()
        staff = session.execute(select(func.count()).select_from(Purchase).where(Purchase.staff_id.is_not(None)))
        assert staff.scalar_one() == 1
    assert (r9.total, n_lines) == (8800, 2)


def test_bad_rows_are_skipped_and_reported_by_row_and_column(store, tmp_path):
    good = ["R1", "2024-03-01", "", "김민수", "010-1234-5678", "", "라떼", "", "1", "5000", ""]
    rows = [HEAD, good,
            ["R2", "어제", "", "", "", "", "라떼", "", "1", "5000", ""],
            ["R3", "2024-03-01", "", "", "", "", "라떼", "", "1", "오천원", ""],
            ["R4", "2024-03-01", "", "", "", "", "라떼", "", "-1", "5000", ""],
            ["R5", "2024-03-01", "", "이름", "12", "", "라떼", "", "1", "5000", ""],
            ["R6", "2024-03-01", "", "", "", "", "x" * 10_000_000, "", "1", "5000", ""],
            ["R1", "2024-03-02", "", "김민수", "010-1234-5678", "", "쿠키", "", "1", "3000", ""]]
    path = write_csv(tmp_path / "sales.csv", rows)
    report = import_file(store, path)
    assert report.rows_imported == 1 and report.rows_rejected == 6
    assert [(r.row, r.column, r.code) for r in report.rejections] == [
        (3, "판매일시", "date_invalid"), (4, "금액", "amount_invalid"), (5, "수량", "quantity_negative"),
        (6, "전화번호", "phone_short"), (7, "상품명", "cell_too_long"), (8, "판매일시", "receipt_conflict")]
    assert "row 8, column 판매일시: receipt R1 has another date in row 2" in [r.describe() for r in report.rejections]
    saved = rejected_file_path(path)
    assert report.rejected_file == saved
    lines = saved.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("row,column,reason,영수증번호")
    assert lines[1].startswith("3,판매일시,") and lines[1].endswith("R2,어제,,,,,라떼,,1,5000,")
    assert len(lines) == 7


def test_strict_refuses_the_whole_file_and_writes_nothing(store, tmp_path, sample_file):
    import_file(store, sample_file)
    before = table_contents(store)
    rows = [HEAD, ["R1", "2024-03-01", "", "새사람", "010-9999-0000", "", "라떼", "", "1", "5000", ""],
            ["R2", "2024-13-01", "", "", "", "", "라떼", "", "1", "5000", ""]]
    with pytest.raises(ImportRefused, match="row 3, column 판매일시"):
        import_file(store, write_csv(tmp_path / "s.csv", rows), strict=True)
    assert table_contents(store) == before


def test_a_file_with_no_good_row_is_refused(store, tmp_path):
    rows = [HEAD, ["R2", "", "", "", "", "", "라떼", "", "1", "5000", ""]]
    before = table_contents(store)
    with pytest.raises(ImportRefused, match="No row of s.csv can be imported.*row 2, column 판매일시: no date"):
        import_file(store, write_csv(tmp_path / "s.csv", rows))
    assert table_contents(store) == before


def test_no_recognisable_columns_is_refused(store, tmp_path):
    from crmdesk.importing import ImportFileError

    path = write_csv(tmp_path / "s.csv", [["a", "b"], ["1", "2"]])
    with pytest.raises(ImportFileError, match="no recognisable columns .found: a, b"):
        import_file(store, path)
    path = write_csv(tmp_path / "s.csv", [["이름", "전화번호"], ["김", "010-1234-5678"]])
    with pytest.raises(ImportFileError, match="no date or amount column"):
        import_file(store, path)


def test_dry_run_reports_and_writes_nothing(store, sample_file):
    before = table_contents(store)
    report = import_file(store, sample_file, dry_run=True)
    assert (report.rows_imported, report.customers_created, report.purchases_created) == (274, 56, 180)
    assert report.preview[0].values["product"] == "카페라떼" and report.preview[0].customer == "new"
    assert report.preview[2].customer == "walk-in"
    assert table_contents(store) == before
    assert not (sample_file.parent / "pos_export_cp949.rejected.csv").exists()


def test_a_cancel_halfway_leaves_the_database_as_it_was(store, sample_file, tmp_path):
    rows = [HEAD] + [[f"R{i}", "2024-03-01", "", f"고객{i}", f"010-5555-{i:04d}", "", "라떼", "", "1", "5000", ""]
                     for i in range(12_000)]
    import_file(store, sample_file)
    before = table_contents(store)

    class Cancelled(Exception):
        pass

    def progress(done, total):
        if done > 700:  # after customers and purchases were written
            raise Cancelled

    with pytest.raises(Cancelled):
        import_file(store, write_csv(tmp_path / "big.csv", rows), progress=progress)
    assert table_contents(store) == before


def test_an_error_while_writing_rolls_everything_back(store, sample_file, monkeypatch):
    from crmdesk.importing import runner

    before = table_contents(store)

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(runner._Importer, "refresh_totals", broken)  # the very last write
    with pytest.raises(RuntimeError):
        import_file(store, sample_file)
    assert table_contents(store) == before


def test_xlsx_with_typed_cells_and_serial_dates(store, tmp_path):
    rows = [["판매일", "휴대폰", "금액", "수량", "품목"],
            [datetime(2024, 1, 31, 9, 5), 1012345678, 12000, 2, "원두"],
            [45322.5, "010-1234-5678", 3000.0, None, "쿠키"]]
    report = import_file(store, write_xlsx(tmp_path / "s.xlsx", rows))
    assert report.rows_imported == 2 and report.customers_created == 1
    with store.session() as session:
        stamps = sorted(session.execute(select(Purchase.purchased_at)).scalars())
    assert stamps == [datetime(2024, 1, 31, 9, 5), datetime(2024, 1, 31, 12, 0)]
    assert customer(store, "01012345678").total_spent == 15000


def test_export_then_import_round_trips_unchanged(store, sample_file, tmp_path, make_store):

    from crmdesk.services.exporting import export_sales

    import_file(store, sample_file)
    with store.session() as session:
        svc.update_customer(session, customer(store, "01081838440").id,
                            {"customer_code": "C-7", "email": "ha@example.com"})

    def shop(s):
        with s.engine.connect() as conn:
            return sorted(conn.exec_driver_sql(
                "SELECT p.receipt_no, p.purchased_at, p.total, c.name, c.phone, c.email, c.customer_code, "
                "c.visit_count, c.total_spent, l.product, l.category, l.quantity, l.unit_price, l.amount "
                "FROM purchase p JOIN purchase_line l ON l.purchase_id = p.id "
                "LEFT JOIN customer c ON c.id = p.customer_id").all())

    for suffix, options in ((".csv", {}), (".xlsx", {}), (".csv", {"encoding": "cp949", "headers": "ko"})):
        path = tmp_path / f"export-{options.get('encoding', 'utf8')}{suffix}"
        assert export_sales(store, path, **options) == 274
        fresh = make_store()  # a fresh shop on the same back end
        try:
            report = import_file(fresh, path)
            assert report.rows_rejected == 0
            assert shop(fresh) == shop(store)
        finally:
            fresh.close()
        # and into the shop it came from: nothing new
        assert import_file(store, path).purchases_created == 0


def test_formula_defusing_of_the_export_is_undone_on_import(store, tmp_path, template_db):
    from crmdesk.services.exporting import export_sales

    rows = [HEAD, ["R1", "2024-03-01", "", "", "", "", "-50% 쿠폰", "", "1", "0", ""]]
    import_file(store, write_csv(tmp_path / "s.csv", rows))
    export_sales(store, tmp_path / "out.csv")
    assert "'-50% 쿠폰" in (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    with store.session() as session:
        assert session.execute(select(Product.name)).scalar_one() == "-50% 쿠폰"


def test_batches_record_each_import(store, sample_file):
    report = import_file(store, sample_file)
    with store.session() as session:
        batch = session.get(ImportBatch, report.batch_id)
        linked = session.execute(select(func.count()).where(Purchase.import_batch_id == batch.id)).scalar_one()
    assert (batch.kind, batch.rows_read, batch.rows_imported, batch.customers_created) == ("sales", 274, 274, 56)
    assert batch.finished_at is not None and linked == 180


def test_walk_in_names_and_masked_phones_do_not_make_customers(store, tmp_path):
    rows = [HEAD, ["R1", "2024-03-01", "", "비회원", "", "", "라떼", "", "1", "5000", ""],
            ["R2", "2024-03-01", "", "-", "", "", "라떼", "", "1", "5000", ""],
            ["R3", "2024-03-01", "", "김민수", "010-****-5678", "", "라떼", "", "1", "5000", ""]]
    report = import_file(store, write_csv(tmp_path / "s.csv", rows))
    assert (report.rows_imported, report.rows_rejected, report.customers_created) == (3, 0, 1)
    with store.session() as session:
        owners = dict(session.execute(select(Purchase.receipt_no, Purchase.customer_id)).all())
        kim = session.execute(select(Customer)).scalar_one()
    assert owners["R1"] is None and owners["R2"] is None and owners["R3"] == kim.id
    assert kim.name == "김민수" and kim.phone is None


def test_a_merged_card_leads_to_its_survivor(store, tmp_path):
    with store.session() as session:
        survivor = svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"})
        merged = svc.create_customer(session, {"name": "김민수", "phone": "010-9999-8888"})
        merged.merged_into_id = survivor.id
        merged.archived = True
    rows = [HEAD, ["R1", "2024-03-01", "", "김민수", "010-9999-8888", "", "라떼", "", "1", "5000", ""]]
    report = import_file(store, write_csv(tmp_path / "s.csv", rows))
    assert report.customers_matched == 1 and report.customers_created == 0
    with store.session() as session:
        assert session.execute(select(Purchase.customer_id)).scalar_one() == survivor.id


@pytest.mark.sqlite_only(SQLITE_ONLY)
def test_a_large_import_keeps_the_search_index_and_its_trigger(store, tmp_path, monkeypatch):
    from crmdesk.importing import sales

    monkeypatch.setattr(sales, "_BULK_LINES", 1000)  # take the drop-and-rebuild path for purchase indexes

    def schema():
        with store.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT type, name, sql FROM sqlite_master ORDER BY name").all()

    before = schema()
    rows = [HEAD] + [[f"R{i}", "2024-03-01", "", f"손님{i:04d}", f"010-4444-{i:04d}", "", "라떼", "", "1", "5000", ""]
                     for i in range(1500)]  # enough new customers for the one-statement search index path
    assert import_file(store, write_csv(tmp_path / "big.csv", rows)).customers_created == 1500
    with store.session() as session:
        svc.create_customer(session, {"name": "나중고객", "phone": "010-7777-1234"})
        found = [r.name for r in svc.search_customers(session, svc.CustomerQuery(text="손님1234"))]
        later = [r.name for r in svc.search_customers(session, svc.CustomerQuery(text="나중고객"))]
    assert found == ["손님1234"] and later == ["나중고객"]
    assert schema() == before  # the trigger and the indexes dropped for the bulk load are all back


def test_imported_sales_earn_points_except_those_older_than_the_expiry_period(store, tmp_path):
    from datetime import timedelta

    from crmdesk.models.base import now
    from crmdesk.services import loyalty

    recent = (now() - timedelta(days=10)).strftime("%Y-%m-%d %H:%M")
    old = (now() - timedelta(days=500)).strftime("%Y-%m-%d %H:%M")
    path = write_csv(tmp_path / "sales.csv", [HEAD,
                     ["R1", recent, "", "김하나", "010-1111-2222", "", "라떼", "커피", "1", "45000", ""],
                     ["R2", old, "", "김하나", "010-1111-2222", "", "라떼", "커피", "1", "90000", ""]])
    import_file(store, path)
    hana = customer(store, "01011112222")
    with store.session() as session:
        assert loyalty.balance(session, hana.id) == 450  # 1% of the recent one only
        assert [line.reason for line in loyalty.ledger(session, hana.id)] == ["import"]
