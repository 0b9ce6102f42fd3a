"""The trust commands after the review: a real process, real files, exit codes and messages."""

import os
import subprocess
import sys

import pytest

from crmdesk.services import customers as svc


def crmdesk(*args, check=True, lang="en_US.UTF-8", stdin=None, env=None):
    full = {**os.environ, "LANG": lang, **(env or {})}
    full.pop("CRMDESK_DB", None)
    full.pop("LC_ALL", None)
    if "CRMDESK_PASSWORD" not in (env or {}):
        full.pop("CRMDESK_PASSWORD", None)
    result = subprocess.run([sys.executable, "-m", "crmdesk.app", *map(str, args)], capture_output=True,
                            text=True, env=full, timeout=120, input=stdin)
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def shop(store, db_target):
    with store.session() as session:
        cid = svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"}).id
    store.close()
    return db_target, cid


@pytest.mark.parametrize("years", ["-1", "0", "x"])
def test_retention_refuses_a_period_below_one_year_before_reading_anything(shop, years):
    db, cid = shop
    refused = crmdesk("--db", db, "retention", "--years", years, "--erase", "--yes", check=False)
    assert refused.returncode == 2 and "--years" in refused.stderr and "Erased" not in refused.stdout
    assert "김민수" in crmdesk("--db", db, "customers").stdout


def test_wrong_numbers_and_a_mistyped_database_get_a_plain_answer(shop, tmp_path):
    db, cid = shop
    huge = crmdesk("--db", db, "audit", "--customer", "99999999999999999999")
    assert "Traceback" not in huge.stderr and "0 entries" in huge.stdout
    nobody = crmdesk("--db", db, "consent", "99999", check=False)
    assert nobody.returncode == 1 and "#99999 does not exist" in nobody.stderr and "granted" not in nobody.stdout
    typo = tmp_path / "typo" / "x.sqlite3"
    for args in (["audit"], ["info"], ["consent", str(cid)], ["privacy", "export", str(cid), str(tmp_path / "a.json")],
                 ["retention"]):
        refused = crmdesk("--db", typo, *args, check=False)
        assert refused.returncode == 1 and "There is no database at" in refused.stderr, args
    assert not typo.parent.exists()  # nothing was created


@pytest.fixture
def signed_shop(store, db_target):
    """Sign-in on: the owner 정다온 with a password, the clerk 김하늘 with a PIN."""
    from crmdesk.services import auth, staff

    with store.session() as session:
        cid = svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"}).id
        clerk = staff.create_staff(session, "김하늘").id
        owner = staff.create_staff(session, "정다온", "owner").id
        auth.set_password(session, owner, "owner-pass")
        auth.set_password(session, clerk, "2580")
    store.close()
    return db_target, cid, clerk, owner


def test_with_sign_in_on_privileged_commands_need_an_owners_password(signed_shop, tmp_path):
    db, cid, clerk, owner = signed_shop
    out = tmp_path / "all.csv"
    asked = crmdesk("--db", db, "export", "customers", out, check=False, stdin="")
    assert asked.returncode == 1 and "정다온's password" in asked.stderr and "CRMDESK_PASSWORD" in asked.stderr
    wrong = crmdesk("--db", db, "export", "customers", out, check=False, env={"CRMDESK_PASSWORD": "guess"})
    assert wrong.returncode == 1 and "Wrong password" in wrong.stderr and not out.exists()
    clerk_try = crmdesk("--db", db, "--as", "김하늘", "export", "customers", out, check=False,
                        env={"CRMDESK_PASSWORD": "2580"})
    assert clerk_try.returncode == 1 and "not an owner" in clerk_try.stderr and not out.exists()
    for args in (["password", clerk], ["privacy", "export", cid, tmp_path / "c.json"], ["audit"],
                 ["churn", "--out", tmp_path / "churn.csv"], ["retention", "--erase", "--yes"],
                 ["backup", tmp_path / "usb.sqlite3"]):
        refused = crmdesk("--db", db, *args, check=False, stdin="1234\n")
        assert refused.returncode == 1 and "password" in refused.stderr, args
    assert not (tmp_path / "c.json").exists() and not (tmp_path / "usb.sqlite3").exists()
    assert "김민수" in crmdesk("--db", db, "customers").stdout  # looking a customer up needs nothing

    done = crmdesk("--db", db, "export", "customers", out, "--reason", "세무 자료",  # issue 17: an export says why
                   env={"CRMDESK_PASSWORD": "owner-pass"})
    assert out.exists() and "1" in done.stdout
    crmdesk("--db", db, "--as", "정다온", "backup", tmp_path / "usb.sqlite3", env={"CRMDESK_PASSWORD": "owner-pass"})
    log = crmdesk("--db", db, "audit", "--limit", "20", env={"CRMDESK_PASSWORD": "owner-pass"}).stdout
    rows = [line for line in log.splitlines() if "export" in line or "backup" in line or "sign_in" in line]
    assert rows and all("정다온" in line for line in rows), log
