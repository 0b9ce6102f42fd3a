"""The trust commands as a user runs them: a real process, real files, exit codes and messages."""

import os
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from crmdesk.services import customers as svc
from crmdesk.services import staff


def crmdesk(*args, check=True, lang="en_US.UTF-8", stdin=None, password=None):
    env = {**os.environ, "LANG": lang}
    env.pop("CRMDESK_PASSWORD", None)
    if password is not None:  # with sign-in on, the owner's password for privileged commands
        env["CRMDESK_PASSWORD"] = password
    env.pop("CRMDESK_DB", None)
    env.pop("LC_ALL", None)
    result = subprocess.run([sys.executable, "-m", "crmdesk.app", *map(str, args)], capture_output=True,
                            text=True, env=env, timeout=120, input=stdin)
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def shop(store, db_target):
    with store.session() as session:
        cid = svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678",
                                            "marketing_consent": True}).id
        clerk = staff.create_staff(session, "김하늘").id
        staff.create_staff(session, "정다온", "owner")
    store.close()
    return db_target, cid, clerk


def test_privacy_export_erase_and_the_audit_trail(shop, tmp_path):
    db, cid, _ = shop
    out = tmp_path / "minsu.xlsx"
    done = crmdesk("--db", db, "privacy", "export", cid, out)
    assert f"customer #{cid}" in done.stdout
    assert load_workbook(out)["Card"]["B2"].value == "김민수"
    refused = crmdesk("--db", db, "privacy", "erase", cid, check=False, stdin="")
    assert refused.returncode == 1 and "--yes" in refused.stderr
    erased = crmdesk("--db", db, "privacy", "erase", cid, "--yes")
    assert "Erased 1 card" in erased.stdout
    listed = crmdesk("--db", db, "customers", "--archived").stdout
    assert "김민수" not in listed and f"(erased #{cid})" in listed
    log = crmdesk("--db", db, "audit", "--customer", cid).stdout
    assert "erase" in log and "export" in log and "command line" in log
    assert "김민수" not in log  # the erased values are gone from the log too


def test_consent_commands_follow_the_ledger_in_korean(shop):
    db, cid, _ = shop
    shown = crmdesk("--db", db, "consent", cid, "--withdraw", "sms", "--method", "verbal", lang="ko_KR.UTF-8").stdout
    lines = [line.split() for line in shown.splitlines()]
    assert lines[2][:2] == ["collection", "동의"]
    assert lines[3][:2] == ["sms", "미동의"] and lines[4][:2] == ["kakao", "동의"]
    bad = crmdesk("--db", db, "consent", cid, "--grant", "fax", check=False)
    assert bad.returncode == 2 and "invalid choice" in bad.stderr


def test_password_from_stdin_turns_sign_in_on_and_retention_lists_nobody_new(shop):
    db, _, clerk = shop
    first = crmdesk("--db", db, "password", clerk, check=False, stdin="2580\n")
    assert first.returncode == 1 and "owner a password or PIN first" in first.stderr
    assert "new password" in crmdesk("--db", db, "password", clerk + 1, stdin="owner-pass\n").stdout
    short = crmdesk("--db", db, "password", clerk, check=False, stdin="12\n", password="owner-pass")
    assert short.returncode == 1 and "at least 4 digits" in short.stderr
    assert "new password" in crmdesk("--db", db, "password", clerk, stdin="2580\n", password="owner-pass").stdout
    assert "sign_in" not in crmdesk("--db", db, "audit", "--action", "password", password="owner-pass").stdout
    retention = crmdesk("--db", db, "retention", "--years", "2", password="owner-pass").stdout
    assert "0 customers inactive for 2 years" in retention


def test_trust_commands_do_not_import_qt(shop, tmp_path):
    db, cid, _ = shop
    for args in (["consent", str(cid)], ["audit"], ["retention"], ["privacy", "export", str(cid),
                                                                     str(tmp_path / "x.xlsx")]):
        probe = (f"import sys, runpy; sys.argv=['crmdesk','--db',sys.argv[1]] + {args!r}"
                 "\ntry: runpy.run_module('crmdesk.app', run_name='__main__')"
                 "\nexcept SystemExit as e: assert not e.code, e.code"
                 "\nassert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'")
        result = subprocess.run([sys.executable, "-c", probe, str(db)], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, (args, result.stderr)


def test_with_sign_in_on_the_customer_list_masks_phones_unless_an_owner_signs_in(shop):
    db, _, clerk = shop
    assert "010-1234-5678" in crmdesk("--db", db, "customers").stdout  # sign-in off: the machine's owner
    crmdesk("--db", db, "password", clerk + 1, stdin="owner-pass\n")  # the owner 정다온
    masked = crmdesk("--db", db, "customers")
    assert "010-****-5678" in masked.stdout and "010-1234-5678" not in masked.stdout
    assert masked.stdout.splitlines()[-1] == "1 customer found."  # the notice goes to stderr
    assert "--as OWNER" in masked.stderr
    assert "로그인이 켜져 있어 전화번호를 가렸습니다" in crmdesk("--db", db, "customers", lang="ko_KR.UTF-8").stderr
    full = crmdesk("--db", db, "customers", "--as", "정다온", password="owner-pass")
    assert "010-1234-5678" in full.stdout and "masked" not in full.stderr
    wrong = crmdesk("--db", db, "customers", "--as", "정다온", password="nope", check=False)
    assert wrong.returncode == 1 and "010-1234-5678" not in wrong.stdout
