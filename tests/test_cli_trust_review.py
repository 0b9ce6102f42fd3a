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
def shop(store, db_path):
    with store.session() as session:
        cid = svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"}).id
    store.close()
    return db_path, cid


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
