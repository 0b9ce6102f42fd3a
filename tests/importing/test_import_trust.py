"""Import that survives the real world (issue 15): another write during an import, cells no parser foresaw,
a file in an unknown encoding, a phone with a letter in it, a very wide header, and a rejected-rows file that
cannot carry a formula. One section per item; the README's trust section points here."""

import csv
import os
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime

import pytest
from import_helpers import table_contents, write_csv, write_xlsx
from sqlalchemy import func, select

from crmdesk import normalise as nz
from crmdesk.errors import ValidationError
from crmdesk.importing import EncodingUnknown, ImportRefused, locking, read_source, run_import, suggest_mapping
from crmdesk.importing.runner import rejected_file_path
from crmdesk.models import AuditEntry, Customer, Purchase
from crmdesk.services import customers as svc

HEAD = ["영수증번호", "판매일시", "고객명", "전화번호", "상품명", "수량", "금액"]


SQLITE_ONLY = "SQLite's write lock held by another process (BEGIN IMMEDIATE)"


def import_file(store, path, kind="sales", **options):
    source = read_source(path, encoding=options.pop("encoding", None))
    return run_import(store, source, kind, suggest_mapping(source.headers, kind), **options)


def count(store, model):
    with store.session() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def crmdesk(*args):
    env = {**os.environ, "LANG": "en_US.UTF-8"}
    env.pop("CRMDESK_DB", None)
    return subprocess.run([sys.executable, "-m", "crmdesk.app", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=120)


def sales_rows(n, start=0):
    return [[f"R{i}", f"2024-03-{i % 28 + 1:02d} 12:00", f"손님{i % 50}", f"010-5{i % 50:03d}-{i % 50:04d}",
             "아메리카노", "1", "4500"] for i in range(start, start + n)]


# --- 1. Another write during an import ----------------------------------------------------------------------------
# The import takes SQLite's write lock when its transaction begins (BEGIN IMMEDIATE), after the file is read and
# before it reads the database to plan; a write elsewhere waits for it, or it waits (up to LOCK_WAIT_SECONDS) for
# the write in progress. Before, a consent change committed between the import's first read and its first write
# failed the whole import with "database is locked".

# A second process: a backup (its audit entry is written first, then the copy is taken), or a consent change in
# a unit of work that takes the write lock when it begins, as every read-then-write in the window should (the
# purchase dialog does: Store.session(immediate=True)).
OTHER_WRITER = """
import sys, time
from crmdesk.services import consent
from crmdesk.store import backups, open_store

db, what, target = sys.argv[1:4]
store = open_store(db, migrate=False)
with store.session() as session:
    session.connection()  # connected and warmed up: the write below is all that is left
print("ready", flush=True)
started = time.monotonic()
if what == "backup":
    backups.backup(db, target)
else:
    with store.session(immediate=True) as session:
        consent.record_consent(session, int(target), "sms", True, method="verbal")
print(f"waited {time.monotonic() - started:.2f}", flush=True)
"""


@pytest.mark.parametrize("what", ["backup", "consent"])
@pytest.mark.sqlite_only(SQLITE_ONLY)
def test_import_lock_another_process_writing_during_an_import_waits_and_both_are_kept(
        store, db_path, tmp_path, what):
    with store.session() as session:
        regular = svc.create_customer(session, {"name": "단골", "phone": "010-9999-0000"},
                                      consents={"collection": True}).id
    path = write_csv(tmp_path / "sales.csv", [HEAD, *sales_rows(2000)])
    copy = tmp_path / "copy.db"
    writer: list[subprocess.Popen] = []

    def progress(done, total):
        # Planning has begun (the database has been read): the moment the old import could be overtaken.
        if done >= total * 0.6 and not writer:
            child = subprocess.Popen([sys.executable, "-c", OTHER_WRITER, str(db_path), what,
                                      str(copy) if what == "backup" else str(regular)],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            writer.append(child)
            assert child.stdout.readline().strip() == "ready", child.communicate()
            time.sleep(0.8)  # the other process tries its write now, while the import holds the lock

    report = import_file(store, path, progress=progress)
    out, err = writer[0].communicate(timeout=60)
    assert writer[0].returncode == 0, err
    assert report.rows_imported == 2000 and count(store, Purchase) == 2000
    assert float(out.split()[-1]) >= 0.5  # it waited for the import's commit instead of overtaking it
    if what == "backup":
        copied = sqlite3.connect(copy)
        try:  # taken after the import: it holds the purchases
            assert copied.execute("SELECT count(*) FROM purchase").fetchone() == (2000,)
        finally:
            copied.close()
    else:
        with store.session() as session:
            assert session.get(Customer, regular).marketing_consent  # the other write is kept too


@pytest.mark.sqlite_only(SQLITE_ONLY)
def test_import_lock_an_import_waits_for_another_connections_write_in_progress(store, db_path, tmp_path):
    path = write_csv(tmp_path / "sales.csv", [HEAD, *sales_rows(300)])
    holding, done = threading.Event(), threading.Event()

    def other_writer():  # another connection, as a backup logging itself or the window saving a card
        conn = sqlite3.connect(db_path, timeout=10, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO staff (name, role, active, created_at) VALUES ('다른 창', 'staff', 1, '2024-01-01')")
        holding.set()
        time.sleep(1.0)
        conn.execute("COMMIT")
        conn.close()
        done.set()

    thread = threading.Thread(target=other_writer)
    thread.start()
    assert holding.wait(10)
    started = time.monotonic()
    report = import_file(store, path)
    thread.join(10)
    assert done.is_set() and time.monotonic() - started >= 0.5  # the import waited for the other write
    assert report.rows_imported == 300 and count(store, Purchase) == 300


@pytest.mark.sqlite_only(SQLITE_ONLY)
def test_import_lock_an_import_refuses_clearly_when_the_database_stays_busy(store, db_path, tmp_path, monkeypatch):
    monkeypatch.setattr(locking, "LOCK_WAIT_SECONDS", 0.3)
    path = write_csv(tmp_path / "sales.csv", [HEAD, *sales_rows(50)])
    before = table_contents(store)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(ImportRefused, match="busy with another change for 0.3 seconds.*Nothing was written"):
            import_file(store, path)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert table_contents(store) == before
    assert import_file(store, path).rows_imported == 50  # and once the other write is done, it goes in


@pytest.mark.sqlite_only(SQLITE_ONLY)
def test_import_lock_a_dry_run_takes_no_lock(store, db_path, tmp_path, monkeypatch):
    monkeypatch.setattr(locking, "LOCK_WAIT_SECONDS", 0.3)
    path = write_csv(tmp_path / "sales.csv", [HEAD, *sales_rows(50)])
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        assert import_file(store, path, dry_run=True).rows_imported == 50  # the wizard's preview only reads
    finally:
        other.execute("ROLLBACK")
        other.close()


# --- 2. Values no parser foresaw ----------------------------------------------------------------------------------

def test_unreadable_values_are_rejected_rows_with_their_reason_and_the_rest_is_imported(store, tmp_path):
    rows = [HEAD,
            ["R1", "2024-03-01 10:00", "김민수", "010-1234-5678", "라떼", "1", "5000"],
            ["R2", "2024-03-01 10:00", "김민수", "010-1234-5678", "라떼", "1", "5²"],
            ["R3", "2024-03-01 10:00", "김민수", "010-1234-5678", "라떼", "①", "5000"],
            ["R4", "9999-12-31 23:59:59", "김민수", "010-1234-5678", "라떼", "1", "5000"],
            ["R5", "9999-12-31", "김민수", "010-1234-5678", "라떼", "2", "5000"],
            ["R6", "0001-01-01", "김민수", "010-1234-5678", "라떼", "1", "5000"],
            ["R7", "2024-03-02 10:00", "김민수", "010-1234-5678", "라떼", "２", "５,０００"]]  # full-width digits read
    report = import_file(store, write_csv(tmp_path / "s.csv", rows))
    assert report.rows_imported == 2 and report.rows_rejected == 5
    assert [(r.row, r.column, r.code) for r in report.rejections] == [
        (3, "금액", "amount_invalid"), (4, "수량", "quantity_invalid"), (5, "판매일시", "date_future"),
        (6, "판매일시", "date_future"), (7, "판매일시", "date_too_old")]
    summary = [r.describe() for r in report.rejections]
    assert "row 3, column 금액: not an amount: 5²" in summary
    assert "row 5, column 판매일시: a sale cannot lie in the future: 9999-12-31" in summary
    with store.session() as session:
        assert sorted(session.execute(select(Purchase.total)).scalars()) == [5000, 5000]


def test_unreadable_values_in_a_customer_list_and_an_xlsx_are_rejected_rows(store, tmp_path):
    customers = write_csv(tmp_path / "c.csv", [["이름", "전화번호", "생일"], ["김민수", "010-1234-5678", "1990-05-01"],
                                               ["박서준", "010-2222-3333", "9999-12-31"],
                                               ["이서연", "①", ""]])
    report = import_file(store, customers, kind="customers")
    assert report.customers_created == 1
    assert [(r.row, r.code) for r in report.rejections] == [(3, "birthday_implausible"), (4, "phone_invalid")]
    book = write_xlsx(tmp_path / "s.xlsx", [["판매일시", "금액"], [datetime(2024, 3, 1, 9), 5000],
                                            [datetime(9999, 12, 31, 23, 59), 5000], [datetime(2024, 3, 2), "5²"]])
    report = import_file(store, book)
    assert report.rows_imported == 1 and [(r.row, r.code) for r in report.rejections] == [
        (3, "date_future"), (4, "amount_invalid")]


def test_a_parser_surprise_costs_its_row_not_the_file(store, tmp_path, monkeypatch):
    from crmdesk.importing import rows

    def overflowing(raw):
        if raw == "boom":
            raise OverflowError("date value out of range")
        return raw

    monkeypatch.setitem(rows._PARSERS, "name", overflowing)
    path = write_csv(tmp_path / "s.csv", [HEAD, ["R1", "2024-03-01", "김민수", "", "라떼", "1", "5000"],
                                          ["R2", "2024-03-01", "boom", "", "라떼", "1", "5000"]])
    report = import_file(store, path)
    assert report.rows_imported == 1
    assert [(r.row, r.code) for r in report.rejections] == [(3, "name_invalid")]
    assert "cannot be read as name (date value out of range): boom" in report.rejections[0].message


# The commands with a date option; each once overflowed on 9999-12-31 (a period's end plus a day, a horizon, or
# pandas' calendar, which ends in 2262).
DATE_COMMANDS = [
    *[[command, "--as-of"] for command in ("rfm", "pareto", "clv", "churn", "recovery", "basket", "cohorts")],
    ["report", "segments", "--pdf", "x.pdf", "--as-of"],
    ["report", "calls", "--segment", "Champions", "--pdf", "x.pdf", "--as-of"],
    ["export", "touchpoints", "t.csv", "--from"], ["export", "touchpoints", "t.csv", "--to"],
    ["export", "feedback", "f.csv", "--from"], ["export", "feedback", "f.csv", "--to"],
    ["audit", "--from"], ["audit", "--to"],
]


@pytest.mark.parametrize("command", DATE_COMMANDS, ids=lambda c: " ".join(a for a in c if not a.endswith(".pdf")))
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_date_option_past_the_calendar_is_a_usage_error_not_an_overflow(db_target, capsys, command, day):
    from crmdesk.app import main

    with pytest.raises(SystemExit) as usage:
        main(["--db", str(db_target), *command, day])
    assert usage.value.code == 2  # as a misspelt date
    err = capsys.readouterr().err
    assert f"'{day}': choose a date from 1900-01-01 to 2199-12-31" in err
    assert "Traceback" not in err and "OverflowError" not in err


def test_the_edges_of_the_date_range_still_run(db_target, capsys):
    from crmdesk.app import main

    for day in ("1900-01-01", "2199-12-31"):
        assert main(["--db", str(db_target), "rfm", "--as-of", day]) == 0
        assert main(["--db", str(db_target), "audit", "--to", day]) == 0


# --- 3. A file in an unknown encoding -----------------------------------------------------------------------------

def cp949_file_with_one_bad_byte(path):
    good = "이름,전화번호\n김민수,010-1234-5678\n".encode("cp949")
    path.write_bytes(good + "박서준,010-2222-3333\n".encode("cp949")[:3] + b"\xff" + "이서연,010-3333-4444\n".encode(
        "cp949"))
    return path


def test_encoding_neither_utf8_nor_cp949_is_refused_naming_the_lines(tmp_path):
    path = cp949_file_with_one_bad_byte(tmp_path / "customers.csv")
    with pytest.raises(EncodingUnknown) as refused:
        read_source(path)
    assert refused.value.lines == {"utf-8": 1, "cp949": 3}  # UTF-8 trips over the CP949 header already
    assert ("customers.csv is neither UTF-8 nor CP949 text (unreadable as UTF-8 at line 1, CP949 at line 3); "
            "nothing was imported. Say which encoding it is in with --encoding NAME") in str(refused.value)


def test_encoding_the_command_line_requires_encoding_and_stores_exactly_what_the_file_says(db_target, tmp_path):
    broken = cp949_file_with_one_bad_byte(tmp_path / "customers.csv")
    result = crmdesk("--db", db_target, "import", "customers", broken)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "neither UTF-8 nor CP949" in result.stderr and "--encoding" in result.stderr
    result = crmdesk("--db", db_target, "import", "customers", broken, "--encoding", "cp949")
    assert result.returncode == 1 and "is not cp949 text (line 3)" in result.stderr  # still no guessing
    western = tmp_path / "western.csv"
    western.write_bytes("name,phone\nZoë Café,010-4444-5555\n".encode("cp1252"))
    refused = crmdesk("--db", db_target, "import", "customers", western)
    assert refused.returncode == 1 and "neither UTF-8 nor CP949" in refused.stderr
    result = crmdesk("--db", db_target, "import", "customers", western, "--encoding", "cp1252")
    assert result.returncode == 0, result.stderr
    from crmdesk.store import open_store

    store = open_store(db_target)
    try:
        with store.session() as session:
            assert list(session.execute(select(Customer.name)).scalars()) == ["Zoë Café"]
    finally:
        store.close()


# --- 4. A phone with letters --------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["010-1234-567A", "010-1234-567²", "①010-1234-5678", "tel. 010-1234-5678"])
def test_phone_with_letters_is_refused_not_read_as_another_number(raw):
    with pytest.raises(nz.InvalidValue) as refused:
        nz.normalise_phone(raw)
    assert refused.value.code == "phone_invalid"
    assert not nz.is_phone_text(raw)


def test_phone_with_letters_is_refused_by_the_import_the_card_and_quick_add(store, tmp_path):
    with store.session() as session:
        other = svc.create_customer(session, {"name": "다른 사람", "phone": "010-123-4567"})
    path = write_csv(tmp_path / "s.csv", [HEAD, ["R1", "2024-03-01", "김민수", "010-1234-567A", "라떼", "1", "5000"],
                                          ["R2", "2024-03-01", "이서연", "010-3333-4444", "라떼", "1", "5000"]])
    report = import_file(store, path)
    assert [(r.row, r.column, r.code) for r in report.rejections] == [(2, "전화번호", "phone_invalid")]
    customers = write_csv(tmp_path / "c.csv", [["이름", "전화번호"], ["김민수", "010-1234-567A"]])
    with pytest.raises(ImportRefused, match="row 2, column 전화번호: a phone number holds only digits"):
        import_file(store, customers, kind="customers")
    with store.session() as session:
        assert session.execute(select(func.count()).where(Customer.phone == "0101234567")).scalar_one() == 1
        # The card and quick add go through the same service: refused, and no "already belongs to" warning
        # pointing at the customer whose number it would have become.
        with pytest.raises(ValidationError) as refused:
            svc.create_customer(session, {"name": "김민수", "phone": "010-1234-567A"})
        assert [(p.field, p.code) for p in refused.value.problems] == [("phone", "phone_invalid")]
        with pytest.raises(ValidationError):
            svc.update_customer(session, other.id, {"phone": "010-123-4567A"})
        assert svc.customers_with_phone(session, "010-123-456A7") == []


# --- 5. A very wide header ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("filler", ["same", "distinct"])
def test_a_40_kb_header_is_read_mapped_and_imported_in_linear_time(store, tmp_path, filler):
    # 20,000 extra columns. Duplicate names used to cost a search per earlier duplicate (cubic: 4 KB of
    # header took 80 s), distinct names an index() per mapped column (quadratic); linear, this takes well
    # under a second.
    width = 20_000
    extra = ["x"] * width if filler == "same" else [f"c{i}" for i in range(width)]
    path = write_csv(tmp_path / "wide.csv", [["판매일시", "금액", *extra], ["2024-03-01", "5000", *[""] * width]])
    assert path.stat().st_size > 40_000
    started = time.perf_counter()
    source = read_source(path)
    mapping = suggest_mapping(source.headers, "sales")
    report = run_import(store, source, "sales", mapping)
    seconds = time.perf_counter() - started
    assert report.rows_imported == 1
    assert len(set(source.headers)) == width + 2
    if filler == "same":
        assert source.headers[2:5] == ["x", "x (2)", "x (3)"] and source.headers[-1] == f"x ({width})"
    assert seconds < 8, seconds


def test_duplicate_headers_keep_their_numbering():
    from crmdesk.importing.readers import _clean_headers

    assert _clean_headers(["금액", "금액", "금액 (2)", "금액", None, "", "column 5"]) == [
        "금액", "금액 (2)", "금액 (2) (2)", "금액 (3)", "column 5", "column 6", "column 5 (2)"]


def test_overrides_move_a_field_between_columns_as_before():
    from crmdesk.importing.mapping import apply_overrides

    headers = ["a", "b", "c"]
    mapping = {"a": "phone", "b": "name", "c": None}
    assert apply_overrides(headers, mapping, {"c": "phone"}, "sales") == {"a": None, "b": "name", "c": "phone"}
    assert apply_overrides(headers, mapping, {"a": "name", "b": "phone"}, "sales") == {
        "a": "name", "b": "phone", "c": None}
    assert apply_overrides(headers, mapping, {"a": None, "c": "phone"}, "sales") == {
        "a": None, "b": "name", "c": "phone"}


# --- 6. The rejected rows' file -----------------------------------------------------------------------------------

FORMULAS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example","click")', "+1+1", "@SUM(A1:A9)"]


def test_rejected_file_goes_through_the_formula_safe_writer(store, tmp_path):
    rows = [HEAD, ["R1", "2024-03-01", "김민수", "010-1234-5678", "라떼", "1", "5000"]]
    rows += [[f"R{i + 2}", "2024-03-01", formula, "", "라떼", "1", formula] for i, formula in enumerate(FORMULAS)]
    rows.append(["R9", "2024-03-01", FORMULAS[0], "", "라떼", "1", "-5,000"])
    path = write_csv(tmp_path / "s.csv", rows)
    report = import_file(store, path)
    assert report.rows_rejected == 5 and report.rejected_file == rejected_file_path(path)
    with report.rejected_file.open(encoding="utf-8-sig", newline="") as fh:
        saved = list(csv.reader(fh))
    assert saved[0] == ["row", "column", "reason", *HEAD]
    for line, (formula, rejection) in zip(saved[1:5], zip(FORMULAS, report.rejections, strict=False), strict=True):
        row, column, reason, *cells = line
        assert (row, column) == (str(rejection.row), "금액")
        assert not reason.startswith(formula) and not reason.startswith(("=", "+", "-", "@"))
        assert reason == f"not an amount: {formula}"
        assert cells[2] == cells[6] == "'" + formula  # text, not a live formula
    assert saved[5][-1] == "'-5,000"
    for line in saved:  # nothing in the file is a formula
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in line), line
    with store.session() as session:  # a file of customers' data written by crmdesk: in the log like an export
        entry = session.execute(select(AuditEntry).where(AuditEntry.action == "export")).scalar_one()
        assert "rejected rows" in entry.details and "s.rejected.csv" in entry.details


def test_rejected_file_fixed_and_imported_again_gives_back_the_cells_as_typed(store, tmp_path):
    path = write_csv(tmp_path / "s.csv", [HEAD, ["R1", "2024-03-01", "김민수", "", "라떼", "1", "5000"],
                                          ["R2", "2024-03-01", FORMULAS[1], "", "라떼", "1", "오천"]])
    report = import_file(store, path)
    saved = report.rejected_file
    with saved.open(encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh))
    lines[1][-1] = "5000"  # the owner fixes the amount
    fixed = write_csv(tmp_path / "fixed.csv", [line[3:] for line in lines], encoding="utf-8-sig")
    assert import_file(store, fixed).rows_imported == 1
    with store.session() as session:
        assert session.execute(select(Customer.name).where(Customer.name.startswith("="))).scalar_one() == FORMULAS[1]
