"""The backup, restore, check, trust and password commands speak Korean with --lang ko (issue 15): their messages
were in the English-only table. Every message in the two-language table has both languages."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from crmdesk.app import main
from crmdesk.cli import texts
from crmdesk.cli.texts_trust import TRUST_WORDS

CLI_DIR = Path(texts.__file__).parent
HANGUL = re.compile("[가-힣]")
FIELD = re.compile(r"\{(\w+)")


def _said_in(module: str) -> set[str]:
    tree = ast.parse((CLI_DIR / module).read_text(encoding="utf-8"))
    keys = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in ("say", "w", "_confirmed") and node.args and isinstance(node.args[0], ast.Constant):
                keys.add(node.args[0].value)
    return keys


# Korean that rightly has no Hangul: a loan word written in Latin letters, a period written with a tilde.
SAID_ALIKE = {"channel_sns", "coupons_between", "moments_period"}


@pytest.mark.parametrize("key", sorted(texts._WORDS))
def test_every_two_language_message_has_english_and_korean(key):
    en, ko = texts._WORDS[key]
    assert en.strip() and ko.strip(), key
    assert HANGUL.search(ko) or ko == en or key in SAID_ALIKE, f"{key}: the Korean is not Korean: {ko!r}"


@pytest.mark.parametrize("key", sorted(TRUST_WORDS))
def test_the_trust_and_backup_messages_fill_the_same_blanks_in_both(key):
    en, ko = TRUST_WORDS[key]
    assert set(FIELD.findall(en)) - {"s"} == set(FIELD.findall(ko)), key  # {s}: the English plural only


@pytest.mark.parametrize("module", ["backups.py", "trust.py"])
def test_the_backup_and_trust_commands_say_nothing_in_english_only(module):
    said = _said_in(module)
    assert len(said) > 10  # the scan finds them
    english_only = {k for k in said if k in texts._ENGLISH} - {"refused"}  # "crmdesk: {reason}" reads the same
    assert not english_only, english_only


@pytest.mark.sqlite_only("backs up and restores the SQLite file; pg_dump backups are issue 16's remaining work")
def test_backups_check_backup_and_restore_speak_korean(store, db_path, tmp_path, capsys):
    store.close()
    assert main(["--lang", "ko", "--db", str(db_path), "backups"]) == 0
    assert "아직 백업이 없습니다" in capsys.readouterr().out
    assert main(["--lang", "ko", "--db", str(db_path), "backup"]) == 0
    assert "백업했습니다" in capsys.readouterr().out
    assert main(["--lang", "ko", "--db", str(db_path), "backups"]) == 0
    listed = capsys.readouterr().out
    assert "백업 1개" in listed and "종류" in listed and "자동" not in listed.split("종류")[0]
    assert main(["--lang", "ko", "--db", str(db_path), "check"]) == 0
    assert "문제가 없습니다" in capsys.readouterr().out
    copy = next((db_path.parent / "backups").glob("*.sqlite3"))
    assert main(["--lang", "ko", "--db", str(db_path), "restore", str(copy), "--yes"]) == 0
    assert "복원했습니다" in capsys.readouterr().out
    assert main(["--lang", "en", "--db", str(db_path), "check"]) == 0
    assert "no problems found" in capsys.readouterr().out
