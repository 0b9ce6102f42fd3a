"""The command line's shape: --help stays light, every word it uses is in the one table, and the import's field
names still reach the help of `crmdesk import` though the parser no longer loads the import engine."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

import crmdesk.cli
from crmdesk.cli import texts
from crmdesk.cli.texts import COMMAND_HELP, HELP, Words, headers, say

CLI_DIR = Path(crmdesk.cli.__file__).parent
HEAVY = ("pandas", "numpy", "scipy", "PySide6", "crmdesk.importing")


@pytest.mark.parametrize(("argv", "heavy"), [
    (["--help"], HEAVY), (["rfm", "--help"], HEAVY), (["report", "card", "--help"], HEAVY),
    (["import", "sales", "--help"], HEAVY[:-1]),  # its help names the import's fields, read from the engine
])
def test_help_imports_no_heavy_module(argv, heavy):
    probe = ("import sys, io, contextlib\nfrom crmdesk.app import main\n"
             f"with contextlib.redirect_stdout(io.StringIO()) as out:\n"
             f"    try: main({argv!r})\n    except SystemExit: pass\n"
             "assert 'usage: crmdesk' in out.getvalue(), out.getvalue()\n"
             f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r} or m.startswith({heavy!r}))\n"
             "assert not heavy, heavy")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("kind", ["customers", "sales"])
def test_import_help_names_the_fields_of_its_kind(kind, capsys):
    from crmdesk.app import main
    from crmdesk.importing.mapping import FIELDS

    with pytest.raises(SystemExit):
        main(["import", kind, "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "Fields: " + ", ".join(FIELDS[kind]) in out


def test_map_option_still_collects_every_mapping():
    from crmdesk.cli.parser import build_parser

    args = build_parser().parse_args(["import", "sales", "f.csv", "--map", "A=name", "--map", "B=-"])
    assert args.map == ["A=name", "B=-"]
    assert build_parser().parse_args(["import", "sales", "f.csv"]).map == []


def _used_keys() -> set[str]:
    """Keys given as literal strings to say(), a Words (w, said), headers(), w.headers(), _confirmed() and HELP[]."""
    keys = set()
    for path in CLI_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "HELP"
                    and isinstance(node.slice, ast.Constant)):
                keys.add(("HELP", node.slice.value))
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            literal = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if name in ("say", "w", "said", "_confirmed") and literal:
                keys.add(("say", literal[0]))
            elif name == "add" and literal:  # _Commands.add(sub, "export sales")
                keys.add(("command", literal[0]))
            elif name == "headers" and literal:
                keys.add(("headers", literal[0]))
            elif name in ("file_header", "file_title") and literal:  # w.file_header("rfm", columns)
                keys.add(("file titles", literal[0]))
    return keys


def test_every_word_the_command_line_uses_is_in_the_table():
    used = _used_keys()
    assert len(used) > 150  # the scan finds them
    for table, key in used:
        if table == "HELP":
            assert key in HELP, key
        elif table == "command":
            assert key in COMMAND_HELP, key
        elif table == "headers":
            assert headers(key, "ko") and headers(key, "en"), key
        elif table == "file titles":
            assert key in texts._FILE_TITLES, key
        else:
            assert key in texts._WORDS or key in texts._ENGLISH, key


def test_keys_built_at_run_time_are_in_the_table():
    from crmdesk.analytics import clv

    for what in ("customers", "touchpoints", "feedback", "sales"):
        assert say(f"exported_{what}", count=1, path="x")
    for lang in ("ko", "en"):
        w = Words(lang)
        for unit in ("days", "weeks"):
            assert w(f"unit_{unit}")
        for status in ("fitted", clv.TOO_LITTLE_HISTORY, clv.NOT_CONVERGED, clv.DEGENERATE):
            assert w(f"fit_{status}")


def test_a_message_lives_in_one_table_only():
    assert not set(texts._WORDS) & set(texts._ENGLISH)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_headers_have_a_word_per_column_in_both_languages(lang):
    for key, (en, ko) in texts._HEADERS.items():
        assert len(headers(key, lang)) == len(en), key
        assert ko is None or len(ko) == len(en), key


def test_korean_file_titles_are_korean_and_never_look_like_formulas():
    """--headers ko: every title a shop owner reads in Korean (the RFM letters aside); none starting with = + - @,
    which the file's writer would quote as a formula."""
    hangul = re.compile("[\uac00-\ud7a3]")
    for key, titles in texts._FILE_TITLES.items():
        for column, title in titles.items():
            assert hangul.search(title) or title in ("R", "F", "M", "RFM"), (key, column)
            assert title[0] not in "=+-@", (key, column)


def test_words_pick_the_language():
    assert Words("ko")("nothing_erased") == "삭제하지 않았습니다."
    assert Words("en")("nothing_erased") == "Nothing was erased."
    assert say("refused", "ko", reason="x") == "crmdesk: x"  # English-only messages read the same in both
    assert Words("ko").reason("excluded", "no_phone") == "전화번호 없음"
    assert Words("en").reason("dropped", "a_new_reason") == "a_new_reason"
    with pytest.raises(ValueError):
        Words("fr")


def test_no_cli_module_imports_another_commands_module():
    """Command modules share only common and texts: no cycles, no reaching into each other's private functions."""
    commands = {"customers", "transfer", "analytics", "reports", "backups", "trust", "loyalty"}
    for path in CLI_DIR.glob("*.py"):
        if path.stem not in commands:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("crmdesk.cli"):
                assert node.module in ("crmdesk.cli.common", "crmdesk.cli.texts"), (path.name, node.module)
