"""Sign-in holds on every path of the command line (issue 15): every command and option the parser knows declares
what it needs in cli.common.NEEDS (a permission of the services, or nothing), and with sign-in on each one that
needs something refuses without a password and runs with the right person's.

The commands are read from the parser itself, so a new command or option that is not declared fails here."""

import io
import json
import shutil
import sqlite3

import pytest

from crmdesk.access import Permission, roles_allowed
from crmdesk.app import main
from crmdesk.cli.common import NEEDS, PASSWORD_ENV
from crmdesk.cli.parser import build_parser, command_parsers

OWNER, OWNER_PASSWORD = "정다온", "owner-pass"
CLERK, CLERK_PIN = "김하늘", "2580"
PARSED = command_parsers(build_parser())
LEAVES = [path for path, parser, _ in PARSED if not any(p.startswith(path + " ") for p, _, _ in PARSED)]


def _declared(path: str) -> bool:
    words = path.split()
    return any(" ".join(words[:i]) in NEEDS for i in range(1, len(words) + 1))


def test_every_command_and_option_declares_what_it_needs():
    missing = [path for path in LEAVES if not _declared(path)]
    missing += [f"{path} {option}" for path, _, options in PARSED for option in options
                if f"{path} {option}" not in NEEDS]
    assert not missing, f"declare these in cli.common.NEEDS: {missing}"
    known = {path for path, _, _ in PARSED} | {f"{path} {o}" for path, _, options in PARSED for o in options}
    known |= {f"{path} --as" for path in known}
    assert not set(NEEDS) - known, "NEEDS names commands or options the parser does not have"


def test_the_table_speaks_only_of_the_services_permissions():
    assert {p for p in NEEDS.values() if p is not None} <= set(Permission)
    for key in ("report segments --full-phones", "report calls --full-phones", "report card --full-phones",
                "churn --list", "points --earn", "points --tiers", "rfm --default-segments", "rfm --set-segments",
                "consent --grant", "consent --withdraw", "backup", "restore", "customers --as"):
        assert NEEDS[key] is not None, key
    assert roles_allowed({NEEDS["consent --grant"]}) == ["owner", "staff"]  # a clerk records consent
    assert roles_allowed({NEEDS["backup"]}) == ["owner"]


@pytest.fixture(scope="module")
def shop_template(tmp_path_factory, template_db):
    """A small demo café with sign-in on: the owner with a password, the clerk with a PIN; and a backup of it."""
    from sqlmodel import select

    from crmdesk.demo import generate_demo
    from crmdesk.models import Staff
    from crmdesk.services import auth
    from crmdesk.store import open_store

    folder = tmp_path_factory.mktemp("signed")
    path = folder / "shop.sqlite3"
    shutil.copyfile(template_db, path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(auth, "SCRYPT_N", 2**10)
        store = open_store(path)
        generate_demo(store, customers=60, seed=3)
        with store.session() as session:
            ids = {s.name: s.id for s in session.exec(select(Staff))}
            auth.set_password(session, ids[OWNER], OWNER_PASSWORD)
            auth.set_password(session, ids[CLERK], CLERK_PIN)
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        store.close()
    return path, ids


@pytest.fixture
def shop(shop_template, tmp_path, monkeypatch):
    template, ids = shop_template
    db = tmp_path / "shop.sqlite3"
    shutil.copyfile(template, db)
    backup = tmp_path / "copy.sqlite3"
    shutil.copyfile(template, backup)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("CRMDESK_DB", raising=False)
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    return db, ids, backup


def _customer_id(db) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT min(id) FROM customer WHERE erased_at IS NULL").fetchone()[0]
    finally:
        conn.close()


def _argv(key: str, db, ids: dict, backup, tmp_path) -> tuple[list[str], list, str]:
    """A runnable command line for ``key`` (a command path, or a path and one option): (argv, files it would
    write, standard input)."""
    from crmdesk.analytics import rfm

    words = key.split()
    path = " ".join(w for w in words if not w.startswith("-"))
    option = next((w for w in words if w.startswith("-")), None)
    cid = _customer_id(db)
    out, pdf = tmp_path / "out.csv", tmp_path / "out.pdf"
    customers_csv = tmp_path / "new.csv"
    customers_csv.write_text("name,phone\n최수정,010-2222-3333\n", encoding="utf-8")
    sales_csv = tmp_path / "sales.csv"
    sales_csv.write_text("영수증번호,판매일시,고객명,핸드폰,상품명,금액\n"
                         "R1,2024-01-31 09:05,최수정,010-2222-3333,라떼,5000\n", encoding="utf-8")
    segments = tmp_path / "segments.json"
    segments.write_text(json.dumps({name: list(codes) for name, codes in rfm.DEFAULT_SEGMENT_CODES.items()}),
                        encoding="utf-8")
    base = {
        "demo": ["demo", "--customers", "5", "--if-empty"],
        "export customers": ["export", "customers", out], "export touchpoints": ["export", "touchpoints", out],
        "export feedback": ["export", "feedback", out], "export sales": ["export", "sales", out],
        "export ratings": ["export", "ratings", out],
        "import customers": ["import", "customers", customers_csv],
        "import sales": ["import", "sales", sales_csv],
        "report segments": ["report", "segments", "--pdf", pdf, "--list-limit", "3"],
        "report calls": ["report", "calls", "--segment", "Lost", "--pdf", pdf, "--limit", "3"],
        "report card": ["report", "card", "--customer", str(cid), "--pdf", pdf],
        "report consent-form": ["report", "consent-form", "--customer", str(cid), "--pdf", pdf],
        "campaign export": ["campaign", "export", "--segment", "Lost", "--channel", "sms", out],
        "backup": ["backup", tmp_path / "usb.sqlite3"],
        "restore": ["restore", backup, "--yes"],
        "privacy export": ["privacy", "export", str(cid), tmp_path / "one.json"],
        "privacy erase": ["privacy", "erase", str(cid), "--yes"],
        "consent": ["consent", str(cid)],
        "password": ["password", str(ids[CLERK])],
        "customers": ["customers", "--limit", "3"],
        "suggest": ["suggest", "--customer", str(cid)],
        "move-to": ["move-to", tmp_path / "moved.sqlite3"],
    }.get(path, path.split())
    if path in ("export customers", "export touchpoints", "export feedback", "export sales", "campaign export",
                "privacy export", "report segments", "report calls", "report card"):
        base = [*base, "--reason", "월말 점검"]  # with sign-in on, a file of personal data says why (issue 17)
    extra = {
        "--as": ["--as", OWNER], "--save-preset": ["--save-preset", "mine"], "--set-segments": ["--set-segments",
                                                                                                segments],
        "--default-segments": ["--default-segments"], "--out": ["--out", out], "--list": ["--list", "at-risk"],
        "--full-phones": ["--full-phones"], "--earn": ["--earn", "2"], "--expiry-months": ["--expiry-months", "12"],
        "--tiers": ["--tiers", "일반=0,실버=300000"], "--set-years": ["--set-years", "5"],
        "--erase": ["--erase", "--yes"],
        "--grant": ["--grant", "sms"], "--withdraw": ["--withdraw", "sms"], "--protect": ["--protect"],
        "--remove-open": ["--remove-open"], "--remove-erased": ["--remove-erased", "--yes"],
        "--shop-name": ["--shop-name", "카페 다온"], "--shop-phone": ["--shop-phone", "02-123-4567"],
        "--shop-address": ["--shop-address", "서울 마포구"], "--opt-out": ["--opt-out", "080-123-4567"],
        "--notice-file": ["--due", "--notice-file", out, "--reason", "재동의 안내"],
        "--notice-sent": ["--due", "--notice-sent"],
    }
    if path in ("rfm", "pareto", "clv", "churn", "staff"):  # a table with a row per person
        extra["--out"] = [*extra["--out"], "--reason", "월말 점검"]
    argv = ["--db", db, *base, *(extra[option] if option else [])]
    files = (out, pdf, tmp_path / "usb.sqlite3", tmp_path / "one.json", tmp_path / "moved.sqlite3")
    written = [f for f in files if str(f) in map(str, argv)]
    return [str(a) for a in argv], written, "4321\n" if path == "password" else ""


def _run(argv, monkeypatch, capsys, stdin="", secret=None):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    if secret is None:
        monkeypatch.delenv(PASSWORD_ENV, raising=False)
    else:
        monkeypatch.setenv(PASSWORD_ENV, secret)
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _needs_of(path: str) -> set:
    words = path.split()
    return {NEEDS.get(" ".join(words[:i])) for i in range(1, len(words) + 1)} - {None}


# Every command that needs a permission by itself or through its parent ("export" -> "export sales"), and every
# option that needs one.
PRIVILEGED = sorted([path for path in LEAVES if _needs_of(path)]
                    + [key for key, needs in NEEDS.items() if needs is not None and " -" in key])


@pytest.mark.parametrize("key", PRIVILEGED)
def test_each_privileged_command_refuses_without_a_password_and_runs_with_one(key, shop, tmp_path, monkeypatch,
                                                                             capsys):
    db, ids, backup = shop
    argv, written, stdin = _argv(key, db, ids, backup, tmp_path)
    code, out, err = _run(argv, monkeypatch, capsys, stdin)
    assert code == 1 and "password" in err and PASSWORD_ENV in err, (key, out, err)
    assert not any(f.exists() for f in written), key
    code, out, err = _run(argv, monkeypatch, capsys, stdin, secret="wrong-guess")
    assert code == 1 and "Wrong password" in err, (key, err)
    code, out, err = _run(argv, monkeypatch, capsys, stdin, secret=OWNER_PASSWORD)
    assert code == 0, (key, err)
    assert all(f.exists() for f in written), key


@pytest.mark.parametrize("key", PRIVILEGED)
def test_a_clerk_runs_only_what_the_services_give_staff(key, shop, tmp_path, monkeypatch, capsys):
    db, ids, backup = shop
    argv, written, stdin = _argv(key, db, ids, backup, tmp_path)
    if "--as" in argv:
        argv[argv.index("--as") + 1] = CLERK
    else:
        argv = ["--as", CLERK, *argv]
    code, out, err = _run(argv, monkeypatch, capsys, stdin, secret=CLERK_PIN)
    if (_needs_of(key) | {NEEDS.get(key)}) - {None} == {Permission.CONSENT}:
        assert code == 0, (key, err)
        assert CLERK in out  # the change is signed by the clerk who took it
    else:
        assert code == 1 and "not an owner" in err, (key, err)
        assert not any(f.exists() for f in written), key


# `server ...` works on a folder of this PC and opens no database (tests/cli/test_server_command.py runs it).
FREE = sorted(path for path in LEAVES if not _needs_of(path) and not path.startswith("server "))


@pytest.mark.parametrize("path", FREE)
def test_what_anyone_may_do_asks_for_nothing(path, shop, tmp_path, monkeypatch, capsys):
    db, ids, backup = shop
    argv, _, stdin = _argv(path, db, ids, backup, tmp_path)
    code, out, err = _run(argv, monkeypatch, capsys, stdin)
    assert code == 0, (path, err)
