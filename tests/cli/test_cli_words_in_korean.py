"""Every command honours --lang ko|en (default: the system's): demo, customers, info, the exports and the refusals
of bad options were in the English-only table, and the parser's own checks of a date or a number of years ran
before there was a language. With --lang ko they say nothing in English-only words; with --lang en they say what
they always said, word for word (scripts read the last line of `customers`).

The sibling of test_trust_words_in_korean.py (the backup and trust commands, issue 15)."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

from crmdesk.app import main
from crmdesk.cli import texts
from crmdesk.cli.common import argv_language
from crmdesk.cli.texts_core import CORE_WORDS

CLI_DIR = Path(texts.__file__).parent
HANGUL = re.compile("[가-힣]")
FIELD = re.compile(r"\{(\w+)")
# An English word: three letters or more, not part of a path, an option (--list-limit), a file suffix (.pdf) or a
# code (C000012).
ENGLISH_WORD = re.compile(r"(?<![\w./-])[A-Za-z]{3,}(?![\w/])")
# "crmdesk: {reason}" reads the same in both languages; every other message the command line says has both.


# --- the tables -----------------------------------------------------------------------------------------------

def test_only_the_program_name_is_left_in_english_only():
    assert set(texts._ENGLISH) == {"refused"}
    assert texts._ENGLISH["refused"] == "crmdesk: {reason}"


def test_every_table_but_the_import_preview_has_korean_headers():
    in_english = {key for key, (_en, ko) in texts._HEADERS.items() if ko is None}
    assert in_english <= {"import_preview"}
    for key in ("customers", "info"):
        en, ko = texts._HEADERS[key]
        assert len(en) == len(ko) and all(HANGUL.search(word) for word in ko), key


@pytest.mark.parametrize("key", sorted(CORE_WORDS))
def test_the_moved_messages_fill_the_same_blanks_in_both(key):
    en, ko = CORE_WORDS[key]
    assert set(FIELD.findall(en)) - {"s"} == set(FIELD.findall(ko)) - {"s"}, key  # {s}: the English plural
    assert HANGUL.search(ko), key


def _say_calls(path: Path):
    """(line, key node, positional count) of every say(...) call in a module."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "say" and node.args:
            yield node.lineno, node.args[0], len(node.args)


def test_every_two_language_message_is_looked_up_in_a_language():
    """say(key) without a language speaks English: only the English-only table may be read so."""
    found, wrong = 0, []
    for path in sorted(CLI_DIR.glob("*.py")):
        for line, key, positional in _say_calls(path):
            found += 1
            constant = isinstance(key, ast.Constant) and key.value in texts._ENGLISH
            if positional < 2 and not constant:
                wrong.append(f"{path.name}:{line}")
    assert found > 10  # the scan finds them
    assert not wrong, f"pass the language (words(args)(...) or say(key, language(args))): {wrong}"


@pytest.mark.parametrize(("argv", "system", "expected"), [
    (["--lang", "ko", "customers"], "en_US.UTF-8", "ko"),
    (["customers", "--lang=ko"], "en_US.UTF-8", "ko"),
    (["--lang", "en", "rfm", "--lang", "ko"], "en_US.UTF-8", "ko"),  # the command's own, as argparse takes it
    (["--lang", "en", "customers"], "ko_KR.UTF-8", "en"),
    (["customers"], "ko_KR.UTF-8", "ko"),
    (["customers"], "en_US.UTF-8", "en"),
    (["customers", "--lang", "fr"], "ko_KR.UTF-8", "ko"),  # not a language: argparse refuses it anyway
    (["customers", "--", "--lang", "ko"], "en_US.UTF-8", "en"),
])
def test_the_language_of_a_command_line_before_it_is_parsed(argv, system, expected, monkeypatch):
    monkeypatch.setenv("LANG", system)
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    assert argv_language(argv) == expected


# --- the commands ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shop_template(tmp_path_factory, template_db):
    """A small demo café (language has nothing to do with the back end: SQLite alone)."""
    from crmdesk.demo import generate_demo
    from crmdesk.store import open_store

    path = tmp_path_factory.mktemp("words") / "shop.sqlite3"
    shutil.copyfile(template_db, path)
    store = open_store(path)
    generate_demo(store, customers=40, seed=5)
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path


@pytest.fixture
def shop(shop_template, tmp_path, monkeypatch):
    db = tmp_path / "shop.sqlite3"
    shutil.copyfile(shop_template, db)
    monkeypatch.setenv("LANG", "en_US.UTF-8")  # --lang decides, never the machine running the tests
    for name in ("LC_ALL", "LC_MESSAGES", "CRMDESK_DB", "CRMDESK_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    return db


# (name, the command after --db, exit code, a Korean phrase it says, an English one, English words it may show:
# values to type, such as the sort columns)
SORTS = {"name", "phone", "customer_code", "tags", "last_purchase_at", "visit_count", "total_spent", "created_at"}
CASES = [
    ("customers", ["customers"], 0, "고객 40명을 찾았습니다.", "40 customers found.", set()),
    ("customers, some", ["customers", "--limit", "3"], 0, "찾은 고객 40명 중 3명을 보여 줍니다.",
     "3 of 40 customers found.", set()),
    ("customers' headers", ["customers", "--limit", "1"], 0, "최근 구매", "Last purchase", set()),
    ("info", ["info"], 0, "스키마 버전:", "Schema version:", set()),
    ("info's counts", ["info"], 0, "판매 품목:", "Purchase lines:", set()),
    ("export customers", ["export", "customers", "{tmp}/c.csv"], 0, "(으)로 내보냈습니다", "Exported 40 customers",
     set()),
    ("export touchpoints", ["export", "touchpoints", "{tmp}/t.csv"], 0, "접촉 기록", "contacts to", set()),
    ("export feedback", ["export", "feedback", "{tmp}/f.xlsx"], 0, "고객의 소리", "feedback items to", set()),
    ("export sales", ["export", "sales", "{tmp}/s.csv"], 0, "판매 품목", "purchase lines to", set()),
    ("export ratings", ["export", "ratings", "{tmp}/r.csv"], 0, "접점 평가", "touchpoint ratings to", set()),
    # the core's own refusals (crmdesk.errors.CrmError with ko=): said in the command's language
    ("export to a .txt", ["export", "customers", "{tmp}/x.txt"], 1, "파일 x.txt(으)로는 내보낼 수 없습니다",
     "Cannot export to x.txt: choose a file ending in .csv or .xlsx.", set()),
    ("export into no folder", ["export", "sales", "{tmp}/nowhere/s.csv"], 1, "폴더가 없습니다",
     "the folder", set()),
    ("demo on a shop", ["demo", "--customers", "5"], 1, "빈 데이터베이스에만", "only into an empty database", set()),
    ("demo --if-empty", ["demo", "--if-empty"], 0, "데모 데이터를 넣지 않았습니다", "no demo data added", set()),
    ("rfm --default-segments", ["rfm", "--default-segments"], 0, "기본 구분으로", "back to the default mapping",
     set()),
    ("a bad --sort", ["customers", "--sort", "age"], 1, "다음 중 하나로", "must be one of", SORTS),
    ("a bad --pdf", ["report", "card", "--customer", "1", "--pdf", "{tmp}/card.txt"], 1, ".pdf로 끝나야",
     "must end in .pdf", set()),
    ("no such customer", ["report", "card", "--customer", "NOPE", "--pdf", "{tmp}/card.pdf"], 1,
     "인 고객이 없습니다", "No customer with the code or id", {"NOPE"}),
    ("a bad --tiers", ["points", "--tiers", "gold"], 1, "형식으로 쓰세요", "write NAME=MIN", {"gold"}),
    # a service's field problems (errors.Problem codes), said through cli/texts_problems.py
    ("a bad opt-out number", ["settings", "--opt-out", "010-1234-5678"], 1, "080으로 시작하는 수신자 부담 번호",
     "toll-free 080 number", set()),
    ("a bad earn rate", ["points", "--earn", "150"], 1, "적립률은 0에서 100 사이", "percentage from 0 to 100", set()),
    ("an unknown segment", ["campaign", "export", "--segment", "Nobody", "--channel", "sms", "{tmp}/x.csv"], 1,
     "그런 이름의 RFM 세그먼트가 없습니다: Nobody", "no RFM segment is called", {"Nobody"}),
    ("a bad date", ["audit", "--from", "2025-13-01"], 2, "날짜는 2025-06-30처럼", "write the date like", set()),
    ("a date out of range", ["rfm", "--as-of", "1800-01-01"], 2, "1900-01-01부터 2199-12-31까지",
     "choose a date from", set()),
    ("bad years", ["retention", "--years", "three"], 2, "정수로 쓰세요", "is not a whole number of years",
     {"three"}),
    ("years out of range", ["retention", "--set-years", "99"], 2, "1년에서 50년 사이", "1 to 50 years", set()),
    ("a bad send time", ["campaign", "export", "--segment", "Champions", "--channel", "sms", "{tmp}/x.csv",
                         "--send-at", "soon"], 2, "보낼 시각은", "write the send time", {"soon", "YYYY"}),
]


def _run(db, tmp_path, command: list[str], lang: str, capsys) -> tuple[int, str]:
    argv = ["--lang", lang, "--db", str(db), *(arg.format(tmp=tmp_path) for arg in command)]
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse: a usage error
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _said(output: str, tmp_path) -> str:
    """What crmdesk itself says: without argparse's English usage lines and prefix, paths and option names."""
    lines = [line for line in output.splitlines() if not line.startswith((" ", "usage:"))]
    text = "\n".join(re.sub(r"^crmdesk [\w ]+: error: argument [-\w/]+: ", "", line) for line in lines)
    return re.sub(r"--[\w-]+", "", text.replace(str(tmp_path), ""))


@pytest.mark.parametrize(("command", "code", "korean", "english", "values"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_with_lang_ko_the_command_says_nothing_in_english_only(shop, tmp_path, capsys, command, code, korean,
                                                               english, values):
    returned, output = _run(shop, tmp_path, command, "ko", capsys)
    assert returned == code, output
    assert korean in output and english not in output, output
    left = set(ENGLISH_WORD.findall(_said(output, tmp_path))) - values - {"crmdesk", "RFM", "JSON"}
    assert not left, f"English in the Korean output: {sorted(left)}\n{output}"


@pytest.mark.parametrize(("command", "code", "korean", "english", "values"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_with_lang_en_the_command_says_it_in_english(shop, tmp_path, capsys, command, code, korean, english,
                                                     values):
    returned, output = _run(shop, tmp_path, command, "en", capsys)
    assert returned == code, output
    assert english in output and korean not in output, output


def test_the_listings_last_line_is_what_scripts_read_in_english(shop, tmp_path, capsys):
    assert _run(shop, tmp_path, ["customers", "--limit", "0"], "en", capsys)[1].splitlines()[-1] \
        == "40 customers found."
    assert _run(shop, tmp_path, ["customers", "--limit", "5"], "en", capsys)[1].splitlines()[-1] \
        == "5 of 40 customers found."
    assert _run(shop, tmp_path, ["customers", "--search", "없는이름"], "en", capsys)[1].splitlines()[-1] \
        == "0 customers found."
    assert _run(shop, tmp_path, ["customers", "--limit", "1"], "en", capsys)[1].splitlines()[0].split() \
        == ["ID", "Name", "Phone", "Code", "Tags", "Last", "purchase", "Visits", "Total", "spent"]


def test_without_lang_the_system_language_speaks_even_in_the_parsers_checks(shop, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    with pytest.raises(SystemExit):
        main(["--db", str(shop), "audit", "--to", "2025-02-30"])
    assert "날짜는 2025-06-30처럼 쓰세요" in capsys.readouterr().err
    assert main(["--db", str(shop), "info"]) == 0
    assert "스키마 버전" in capsys.readouterr().out
    with pytest.raises(SystemExit):  # --lang en wins over a Korean system, in the parser's checks too
        main(["--lang", "en", "--db", str(shop), "audit", "--to", "2025-02-30"])
    assert "write the date like 2025-06-30" in capsys.readouterr().err


def test_help_stays_english_whatever_the_language(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "ko", "customers", "--help"])
    said = capsys.readouterr().out
    assert "Print the customers matching a search" in said and not HANGUL.search(said)


@pytest.mark.parametrize("lang, first, third, locked", [
    ("ko", "4번 더 시도할 수 있습니다", "2번 더 시도할 수 있습니다", "분 동안 잠겼습니다"),
    ("en", "4 more tries before the account locks", "2 more tries", "account is locked for 5 minutes")])
def test_a_wrong_password_is_refused_in_the_commands_language(shop, tmp_path, capsys, monkeypatch, lang, first,
                                                              third, locked):
    """The sign-in's refusals (wrong password, the last try, a locked account) were the core's English whatever
    --lang said."""
    from crmdesk.services import auth, staff
    from crmdesk.store import open_store

    store = open_store(shop)
    with store.session() as session:
        owner = staff.create_staff(session, "정다온", "owner").id
    with store.session() as session:
        auth.set_password(session, owner, "owner-pass")
    store.close()
    monkeypatch.setenv("CRMDESK_PASSWORD", "wrong")
    said = [_run(shop, tmp_path, ["export", "customers", "{tmp}/c.csv", "--reason", "test"], lang, capsys)
            for _ in range(6)]
    assert all(code == 1 for code, _ in said)
    assert first in said[0][1] and third in said[2][1] and locked in said[4][1], said
    if lang == "ko":
        assert "Wrong" not in "".join(out for _, out in said) and "잠겨 있습니다" in said[5][1]


def test_every_field_problem_a_command_can_meet_has_korean():
    """The shop details, the loyalty rules and a campaign's target, plan and message (settings, points, campaign
    export): every problem code they write has its Korean in cli/texts_problems.py ("too long" by its field)."""
    from crmdesk.cli.texts_problems import PROBLEMS_KO, TOO_LONG_KO

    services = CLI_DIR.parent / "services"
    found: set[tuple[str, str]] = set()
    for name in ("shop.py", "campaigns.py", "ad_messages.py", "loyalty.py"):
        found |= set(re.findall(r'Problem\(\s*"(\w+)",\s*"(\w+)"', (services / name).read_text(encoding="utf-8")))
    loyalty_rules = {"percent_invalid", "months_invalid", "tiers_invalid", "tiers_no_base"}  # `points` sets these
    assert loyalty_rules <= {code for _field, code in found}
    found = {(f, c) for f, c in found if c in loyalty_rules or f not in ("points", "reason")}  # the window's alone
    missing = sorted((f, c) for f, c in found if c not in PROBLEMS_KO and not (c == "too_long" and f in TOO_LONG_KO))
    assert missing == []
