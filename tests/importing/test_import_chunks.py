"""A big file is read a block at a time and staged a batch at a time (issue 18): what crosses a block or a
batch boundary is imported exactly as when the whole file was in memory. Blocks and batches are made tiny here
so that a few rows cross them."""

import pytest
from import_helpers import table_contents, write_csv
from sqlalchemy import select

from crmdesk.importing import ImportRefused, read_source, readers, run_import, staging, suggest_mapping
from crmdesk.models import Product, Purchase, PurchaseLine

HEAD = ["영수증번호", "판매일시", "고객번호", "고객명", "전화번호", "이메일", "상품명", "분류", "수량", "금액",
        "담당자"]


@pytest.fixture(autouse=True)
def tiny_batches(monkeypatch):
    monkeypatch.setattr(staging, "BATCH", 2)
    monkeypatch.setattr(readers, "_BLOCK", 7)


def import_file(store, path, **options):
    source = read_source(path)
    return run_import(store, source, "sales", suggest_mapping(source.headers, "sales"), **options)


def sale(receipt, product, amount, *, when="2024-03-01 10:00", name="", phone=""):
    return [receipt, when, "", name, phone, "", product, "음료", "1", str(amount), ""]


def purchases(store):
    with store.session() as session:
        rows = session.execute(select(Purchase.receipt_no, Purchase.total, Purchase.customer_id)
                               .order_by(Purchase.id)).all()
        lines = session.execute(select(PurchaseLine.purchase_id, PurchaseLine.product)
                                .order_by(PurchaseLine.id)).all()
    return [tuple(r) for r in rows], [tuple(x) for x in lines]


def test_a_receipt_split_across_batches_is_one_purchase_and_is_recognised_again(store, tmp_path):
    rows = [HEAD, sale("R1", "라떼", 5000, name="김하늘", phone=""), sale("R2", "쿠키", 3000),
            sale("R3", "스콘", 3800), sale("R4", "차", 4000),
            sale("R1", "텀블러", 22000, phone="010-1234-5678")]  # row 6, batches later; completes R1's customer
    path = write_csv(tmp_path / "apart.csv", rows)
    report = import_file(store, path)
    assert (report.purchases_created, report.lines_created, report.customers_created) == (4, 5, 1)
    bought, lines = purchases(store)
    assert [(r, t) for r, t, _ in bought] == [("R1", 27000), ("R2", 3000), ("R3", 3800), ("R4", 4000)]
    assert bought[0][2] is not None and bought[1][2] is None  # R1's customer from its later line
    first = lines[0][0]
    assert lines == [(first, "라떼"), (first, "텀블러"), (first + 1, "쿠키"), (first + 2, "스콘"), (first + 3, "차")]
    before = table_contents(store)
    again = import_file(store, path)
    assert (again.purchases_created, again.rows_present) == (0, 5)
    after = table_contents(store)
    after.pop("import_batch"), before.pop("import_batch")
    assert after == before


def test_a_conflict_in_a_later_batch_names_its_row_and_the_first_one(store, tmp_path):
    rows = [HEAD, sale("R1", "라떼", 5000), sale("R2", "쿠키", 3000), sale("R3", "스콘", 3800),
            sale("R1", "차", 4000, when="2024-03-02 10:00")]  # row 5
    report = import_file(store, write_csv(tmp_path / "conflict.csv", rows))
    assert [(r.row, r.code, r.message) for r in report.rejections] == [
        (5, "receipt_conflict", "receipt R1 has another date in row 2")]
    assert report.purchases_created == 3


def test_a_bad_row_in_a_later_batch_is_named_and_strict_stores_nothing(store, tmp_path):
    rows = [HEAD, *(sale(f"R{i}", "라떼", 5000) for i in range(1, 7)), sale("R7", "라떼", "오천")]  # row 8
    path = write_csv(tmp_path / "bad.csv", rows)
    before = table_contents(store)
    with pytest.raises(ImportRefused, match="row 8"):
        import_file(store, path, strict=True)
    assert table_contents(store) == before
    report = import_file(store, path)
    assert [(r.row, r.column) for r in report.rejections] == [(8, "금액")]
    assert report.purchases_created == 6


def test_identical_receipt_less_rows_across_batches_count_as_two_and_once_again_as_none(store, tmp_path):
    row = sale("", "아메리카노", 4500, name="김민수", phone="010-1234-5678")
    path = write_csv(tmp_path / "same.csv", [HEAD, row, sale("", "라떼", 5000), sale("", "차", 4000), row])
    assert import_file(store, path).purchases_created == 4
    again = import_file(store, path)
    assert (again.purchases_created, again.rows_present) == (0, 4)
    write_csv(path, [HEAD, row, sale("", "라떼", 5000), sale("", "차", 4000), row, row])
    assert import_file(store, path).purchases_created == 1


def test_lines_apart_beside_a_stored_receipt_keep_the_order_of_purchase_then_row(store, tmp_path):
    import_file(store, write_csv(tmp_path / "earlier.csv", [HEAD, sale("R2", "쿠키", 3000)]))
    two_lattes = ["R1", "2024-03-01 10:00", "", "", "", "", "라떼", "음료", "2", "9000", ""]
    rows = [HEAD, sale("R1", "라떼", 5000), sale("R2", "쿠키", 3000), sale("", "차", 4000),
            sale("R3", "라떼", 6000), two_lattes]  # R1's second line comes after R3
    report = import_file(store, write_csv(tmp_path / "apart.csv", rows))
    assert (report.purchases_created, report.lines_created, report.rows_present) == (3, 4, 1)
    bought, lines = purchases(store)
    assert [(r, t) for r, t, _ in bought][1:] == [("R1", 14000), (None, 4000), ("R3", 6000)]
    first = lines[1][0]
    assert lines[1:] == [(first, "라떼"), (first, "라떼"), (first + 1, "차"), (first + 2, "라떼")]
    with store.session() as session:
        prices = dict(session.execute(select(Product.name, Product.unit_price)).all())
    assert prices["라떼"] == 6000  # the last line by purchase, then row: R3's, not R1's later row


def test_the_preview_of_a_dry_run_shows_the_first_rows_as_planned(store, tmp_path):
    rows = [HEAD, sale("R1", "라떼", 5000, name="김하늘"), sale("R2", "쿠키", 3000),
            sale("R1", "차", 4000, when="2024-03-02 10:00"), sale("R1", "스콘", 3800, phone="010-1234-5678")]
    report = import_file(store, write_csv(tmp_path / "preview.csv", rows), dry_run=True)
    assert [(p.row, p.status, p.customer) for p in report.preview] == [
        (2, "import", "new"), (3, "import", "walk-in"), (4, "rejected", ""), (5, "import", "new")]
    assert report.preview[0].values["phone"] == "01012345678"  # the receipt's later line completed its head
    assert purchases(store) == ([], [])


@pytest.mark.sqlite_only("reads files only: no database")
def test_lines_read_a_block_at_a_time_are_the_lines_of_the_whole_text(tmp_path):
    text = "\ufeff영수증번호,상품명\r\nR1,\"라떼\n두 줄\"\r\nR2,쿠키\r\n\nR4,끝"
    path = tmp_path / "blocks.csv"
    path.write_bytes(text.encode("utf-8"))
    lines = list(readers.text_lines(path, "utf-8-sig"))
    assert "".join(lines) == text.lstrip("\ufeff")
    assert lines == [line + "\n" for line in text.lstrip("\ufeff").split("\n")[:-1]] + ["R4,끝"]
    source = read_source(path)
    assert [list(r) for r in source.rows()] == [["R1", "라떼\n두 줄"], ["R2", "쿠키"], ["", ""], ["R4", "끝"]]


@pytest.mark.sqlite_only("reads files only: no database")
def test_a_broken_byte_in_a_later_block_is_named_by_its_line(tmp_path):
    path = tmp_path / "broken.csv"
    path.write_bytes("날짜,금액\n".encode("cp949") + b"2024-01-01,1000\n" * 5 + b"2024-01-01,\xff\xff\n")
    with pytest.raises(readers.EncodingUnknown) as caught:
        read_source(path)
    assert caught.value.lines["utf-8"] == 1 and caught.value.lines["cp949"] == 7


def test_each_receipt_less_row_is_numbered_by_how_often_the_same_row_came_before_it():
    """The occurrences are counted from raw digests by a sort, not a dict of a million digests: the same digest
    far apart, digests that differ only in trailing zero bytes, and the first seen counted 1."""
    a, b = bytes(20), bytes(19) + b"\x01"
    c = b"\x01" + bytes(19)
    digests = a + b + a + c + a + b + bytes(18) + b"\x00\x00"
    assert staging.occurrences(digests) == [1, 1, 2, 1, 3, 2, 4]
    assert staging.occurrences(b"") == []


def test_repeated_receipt_less_rows_among_receipts_import_once_each_and_none_again(store, tmp_path):
    latte = sale("", "라떼", 5000, name="김하늘")
    rows = [HEAD, latte, sale("R1", "쿠키", 3000), latte, sale("R1", "스콘", 3800), sale("", "차", 4000), latte]
    path = write_csv(tmp_path / "mixed.csv", rows)
    report = import_file(store, path)
    assert (report.purchases_created, report.lines_created) == (5, 6)
    bought, _ = purchases(store)
    assert [(r, t) for r, t, _ in bought] == [(None, 5000), ("R1", 6800), (None, 5000), (None, 4000), (None, 5000)]
    again = import_file(store, path)
    assert (again.purchases_created, again.rows_present) == (0, 6)


def test_a_card_made_later_for_the_code_takes_the_rows_that_name_that_code(store, tmp_path):
    """The phone finds the card made by the first row until a row with the code alone makes the code's own card;
    from then on the same fields (code and phone) go to the code's card, as the matching always answered."""
    head = ["판매일시", "고객번호", "고객명", "전화번호", "상품명", "금액"]
    rows = [head, ["2024-03-01 10:00", "", "이민", "010-1234-5678", "라떼", "1000"],
            ["2024-03-01 11:00", "C1", "이민", "010-1234-5678", "라떼", "2000"],
            ["2024-03-01 12:00", "C1", "이민", "", "라떼", "3000"],
            ["2024-03-01 13:00", "C1", "이민", "010-1234-5678", "라떼", "4000"]]
    import_file(store, write_csv(tmp_path / "later.csv", rows))
    with store.engine.connect() as conn:
        bought = conn.exec_driver_sql("SELECT total, customer_id FROM purchase ORDER BY id").all()
        cards = conn.exec_driver_sql("SELECT id, customer_code, visit_count, total_spent FROM customer "
                                     "ORDER BY id").all()
    phone_card, code_card = cards[0][0], cards[1][0]
    assert [tuple(r) for r in bought] == [(1000, phone_card), (2000, phone_card), (3000, code_card),
                                          (4000, code_card)]
    assert [tuple(c)[1:] for c in cards] == [(None, 2, 3000), ("C1", 2, 7000)]


def test_strict_names_the_files_first_bad_row(store, tmp_path):
    """Receipt conflicts are found a receipt at a time: the refusal still names the first bad row of the file."""
    rows = [HEAD, sale("R2", "라떼", 5000, when="2025-03-01 10:00"), sale("R1", "라떼", 5000, when="2025-03-01 11:00"),
            sale("R2", "라떼", 5000, when="2025-03-02 10:00"), sale("R1", "라떼", 5000, when="2025-03-02 11:00")]
    with pytest.raises(ImportRefused, match="2 bad rows, the first at row 4") as refused:
        import_file(store, write_csv(tmp_path / "strict.csv", rows), strict=True)
    assert [r.row for r in refused.value.report.rejections] == [4, 5]
