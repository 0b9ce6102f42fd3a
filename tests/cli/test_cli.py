"""The command line as a user runs it: a real process, real files, exit codes and messages."""

import csv
import os
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from crmdesk.app import main
from crmdesk.services import customers as svc


def crmdesk(*args, env_db=None, check=True):
    env = {**os.environ, "LANG": "en_US.UTF-8"}
    env.pop("CRMDESK_DB", None)
    if env_db:
        env["CRMDESK_DB"] = str(env_db)
    result = subprocess.run([sys.executable, "-m", "crmdesk.app", *map(str, args)], capture_output=True,
                            text=True, env=env, timeout=120)
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def filled(store, db_target):
    with store.session() as session:
        svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678", "tags": "VIP, 단골",
                                      "birthday": "1988-03-04"})
        svc.create_customer(session, {"name": "이서연", "phone": "010-3333-4444", "email": "seo@example.com"})
        archived = svc.create_customer(session, {"name": "박지난", "phone": "010-7777-0000"})
        svc.archive_customer(session, archived.id)
    store.close()
    return db_target


def test_customers_search_prints_matches_without_importing_qt(filled):
    probe = ("import sys, runpy; sys.argv=['crmdesk','--db',sys.argv[1],'customers','--search','ㄱㅁㅅ'];"
             "\ntry: runpy.run_module('crmdesk.app', run_name='__main__')"
             "\nexcept SystemExit: pass"
             "\nassert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'")
    result = subprocess.run([sys.executable, "-c", probe, str(filled)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "김민수" in result.stdout and "010-1234-5678" in result.stdout
    assert "이서연" not in result.stdout


def test_customers_by_last_four_digits_via_environment_variable(filled):
    result = crmdesk("customers", "-s", "4444", env_db=filled)
    assert "이서연" in result.stdout and "김민수" not in result.stdout
    assert "1 customer found." in result.stdout


def test_archived_customers_are_listed_only_on_request(filled):
    assert "박지난" not in crmdesk("--db", filled, "customers").stdout
    assert "박지난" in crmdesk("customers", "--db", filled, "--archived").stdout


def test_export_customers_csv_opens_in_excel(filled, tmp_path):
    out = tmp_path / "customers.csv"
    result = crmdesk("export", "customers", out, "--db", filled)
    assert "Exported 2 customers" in result.stdout
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads UTF-8 Hangul correctly
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["Name"] for r in rows] == ["김민수", "이서연"]
    assert rows[0]["Phone"] == "010-1234-5678" and rows[0]["Tags"] == "VIP,단골"


def test_export_customers_xlsx_with_korean_headers(filled, tmp_path):
    out = tmp_path / "고객.xlsx"
    assert main(["--db", str(filled), "export", "customers", str(out), "--headers", "ko", "--archived"]) == 0
    book = load_workbook(out)
    rows = list(book.active.iter_rows(values_only=True))
    book.close()
    assert rows[0][2] == "이름" and rows[0][3] == "전화번호"
    assert {r[2] for r in rows[1:]} == {"김민수", "이서연", "박지난"}


def test_export_to_an_unknown_format_is_refused_with_a_reason(filled, tmp_path, capsys):
    assert main(["--db", str(filled), "export", "customers", str(tmp_path / "out.pdf")]) == 1
    err = capsys.readouterr().err
    assert "choose a file ending in .csv or .xlsx" in err
    assert not (tmp_path / "out.pdf").exists()


def test_a_foreign_file_as_database_gives_one_clear_line(tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    result = crmdesk("--db", bogus, "customers", check=False)
    assert result.returncode == 1
    assert result.stderr.strip().startswith("crmdesk: ")
    assert "not a crmdesk database" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["--help"], ["demo", "--help"], ["customers", "--help"],
                                  ["export", "--help"], ["export", "customers", "--help"], ["info", "--help"]])
def test_every_command_has_help(args, capsys):
    with pytest.raises(SystemExit) as done:
        main(args)
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "usage: crmdesk" in out and "--db" in out


def test_info_names_the_database_and_counts(filled, capsys):
    assert main(["info", "--db", str(filled)]) == 0
    out = capsys.readouterr().out
    from crmdesk.store.engine import mask_url

    assert mask_url(str(filled)) in out and "Customers: 3" in out  # a server's password hidden (issue 16)


def test_demo_fills_an_empty_database_and_respects_if_empty(tmp_path):
    db = tmp_path / "demo.sqlite3"
    first = crmdesk("demo", "--customers", "150", "--seed", "3", "--db", db)
    assert "150 customers" in first.stdout
    again = crmdesk("demo", "--if-empty", "--db", db)
    assert "already has 150 customers" in again.stdout
    refused = crmdesk("demo", "--customers", "10", "--db", db, check=False)
    assert refused.returncode == 1 and "already has customers" in refused.stderr
    listed = crmdesk("customers", "--db", db, "--sort", "total_spent", "--desc", "--limit", "5")
    lines = listed.stdout.splitlines()
    totals = [int(line.split()[-1].replace(",", "")) for line in lines[2:7]]
    assert totals == sorted(totals, reverse=True) and totals[0] > 0
    archived = crmdesk("customers", "--db", db, "--archived", "--limit", "0").stdout.splitlines()[-1]
    active = int(lines[-1].split(" of ")[1].split()[0])
    assert active + int(archived.split()[0]) == 150


@pytest.mark.parametrize(("argv", "expected"), [
    ([], {"lang": None}),
    (["--db", "shop.sqlite3", "--lang", "ko"], {"db": "shop.sqlite3", "lang": "ko"}),
    (["--db=shop.sqlite3"], {"db": "shop.sqlite3", "lang": None}),
])
def test_opening_the_window_reads_its_options_without_the_full_parser(argv, expected):
    from crmdesk.app import window_args
    from crmdesk.cli.parser import build_parser

    quick = window_args(argv)
    assert {k: v for k, v in vars(quick).items() if k != "command"} == expected and quick.command is None
    assert vars(quick) == vars(build_parser().parse_args(argv))  # the window sees the same either way


@pytest.mark.parametrize("argv", [["customers"], ["--help"], ["--version"], ["--lang", "fr"], ["--db"],
                                  ["--as", "kim"]])
def test_anything_but_window_options_goes_to_the_full_parser(argv):
    from crmdesk.app import window_args

    assert window_args(argv) is None


def test_help_without_a_command_still_lists_the_commands(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "customers" in out and "Without a command, opens the window." in out


def test_a_wrong_window_option_is_explained_by_the_full_parser(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--lang", "fr"])
    assert exit_.value.code == 2
    assert "invalid choice: 'fr'" in capsys.readouterr().err
