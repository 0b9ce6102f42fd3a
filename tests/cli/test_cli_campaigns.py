"""`crmdesk campaign export`, `crmdesk campaign list`, `crmdesk points` and the consent columns of
`crmdesk export customers`, as a user runs them."""

import csv
import os
import subprocess
import sys
from datetime import timedelta

import pytest

from crmdesk.app import main
from crmdesk.models.base import now
from crmdesk.services import customers as svc
from crmdesk.services import purchases as psvc
from crmdesk.services.purchases import LineEntry, PurchaseEntry


def set_consent(session, customer_id, granted):
    """The one place these tests give or withdraw marketing consent."""
    svc.update_customer(session, customer_id, {"marketing_consent": granted})


@pytest.fixture
def shop(store, db_target):
    """Ten customers who bought once, the same day and amount: one tied RFM segment for all of them."""
    with store.session() as session:
        for i in range(10):
            c = svc.create_customer(session, {"name": f"손님{i}", "phone": f"010-4000-{i:04d}" if i != 9 else None})
            psvc.create_purchase(session, PurchaseEntry(c.id, now() - timedelta(days=200),
                                                        [LineEntry("커피", 1, 5000)]))
            if i < 7 or i == 9:
                set_consent(session, c.id, True)
            if i == 6:
                set_consent(session, c.id, False)  # withdrawn
    store.close()
    return db_target


def segment_of_everyone(db_target):
    from crmdesk.analytics.rfm import rfm_table
    from crmdesk.store import open_store

    store = open_store(db_target)
    try:
        segments = set(rfm_table(store)["segment"].astype(str))
    finally:
        store.close()
    assert len(segments) == 1
    return segments.pop()


def test_campaign_export_writes_only_consenting_reachable_customers_and_counts_the_rest(shop, tmp_path, capsys):
    segment = segment_of_everyone(shop)
    out = tmp_path / "sms.csv"
    code = main(["--db", str(shop), "campaign", "export", "--segment", segment, "--channel", "sms", str(out),
                 "--code", "COME10", "--lang", "en"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "Wrote 6 recipients" in printed
    assert "Included 6 · control group 0 · excluded 4" in printed
    assert "no marketing consent on this channel: 3" in printed and "no phone number: 1" in printed
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["phone", "name", "offer_code"]
    assert rows[1] == ["01040000000", "손님0", "COME10-1-00001"]  # each recipient's own coupon code
    assert len(rows) == 7 and len({row[2] for row in rows[1:]}) == 6


def test_campaign_export_in_cp949_with_a_control_group_and_korean_output(shop, tmp_path, capsys):
    from crmdesk.analytics.rfm import KOREAN_NAMES

    segment = KOREAN_NAMES[segment_of_everyone(shop)]  # the Korean name works as well
    out = tmp_path / "kakao.csv"
    assert main(["--db", str(shop), "campaign", "export", "--segment", segment, "--channel", "kakao", str(out),
                 "--encoding", "cp949", "--headers", "ko", "--control", "50", "--seed", "1", "--lang", "ko"]) == 0
    printed = capsys.readouterr().out
    assert "포함 3명 · 통제 그룹 3명 · 제외 4명" in printed
    with out.open(encoding="cp949") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["전화번호", "이름", "쿠폰코드"] and len(rows) == 1 + 3  # the control group is not written
    assert main(["--db", str(shop), "campaign", "list", "--lang", "en"]) == 0
    listed = capsys.readouterr().out
    assert "control" in listed and "no marketing consent on this channel: 3" in listed


def test_an_unknown_segment_is_refused_with_the_names(shop, tmp_path, capsys):
    assert main(["--db", str(shop), "campaign", "export", "--segment", "Friends", "--channel", "sms",
                 str(tmp_path / "x.csv")]) == 1
    assert "no RFM segment is called 'Friends'" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_export_customers_has_one_consent_column_per_channel(shop, tmp_path):
    out = tmp_path / "customers.csv"
    assert main(["--db", str(shop), "export", "customers", str(out), "--headers", "en"]) == 0
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert [rows[0][h] for h in ("Consent SMS", "Consent KakaoTalk", "Consent e-mail", "Consent phone call")] == \
        ["Y"] * 4
    assert rows[6]["Consent SMS"] == "N"  # withdrawn


def test_points_rules_and_upkeep_from_the_command_line(shop, capsys):
    assert main(["--db", str(shop), "points", "--earn", "2.5", "--expiry-months", "6",
                 "--tiers", "Basic=0,Gold=100000", "--upkeep", "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert "Earn 2.5% · points expire after 6 months · tiers Basic ≥ 0, Gold ≥ 100,000" in printed
    # Points already earned keep the expiry date of the rule they were earned under (12 months).
    assert "Expired 0 points; 0 tier changes." in printed
    assert main(["--db", str(shop), "points", "--earn", "lots"]) == 1
    assert "earn rate" in capsys.readouterr().err


def test_campaign_commands_do_not_import_qt(shop, tmp_path):
    probe = ("import sys, runpy; sys.argv=['crmdesk','--db',sys.argv[1],'campaign','list'];"
             "import crmdesk.app as a; code=a.main(sys.argv[1:]);"
             "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'; sys.exit(code)")
    env = {**os.environ, "LANG": "en_US.UTF-8"}
    result = subprocess.run([sys.executable, "-c", probe, str(shop)], capture_output=True, text=True, env=env,
                            timeout=120)
    assert result.returncode == 0, result.stderr
