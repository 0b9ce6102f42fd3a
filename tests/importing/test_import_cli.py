"""`crmdesk import` and `crmdesk export sales` as a user runs them: a real process, exit codes, messages."""

import os
import subprocess
import sys

from import_helpers import write_csv

HEAD = ["영수증번호", "판매일시", "고객명", "핸드폰", "상품명", "금액"]


def crmdesk(*args):
    env = {**os.environ, "LANG": "en_US.UTF-8"}
    env.pop("CRMDESK_DB", None)
    return subprocess.run([sys.executable, "-m", "crmdesk.app", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=120)


def test_import_sample_then_again_then_export(db_target, sample_file, tmp_path):
    result = crmdesk("--db", db_target, "import", "sales", sample_file, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "Would import 274 of 274 rows" in result.stdout and "nothing was written" in result.stdout
    assert "금액 -> amount" in result.stdout
    result = crmdesk("--db", db_target, "import", "sales", sample_file)
    assert result.returncode == 0, result.stderr
    assert "Imported 274 of 274 rows: 180 purchases" in result.stdout
    again = crmdesk("--db", db_target, "import", "sales", sample_file)
    assert again.returncode == 0 and "274 rows were already imported earlier" in again.stdout
    out = tmp_path / "sales.csv"
    result = crmdesk("--db", db_target, "export", "sales", out, "--encoding", "cp949")
    assert result.returncode == 0 and "Exported 274 purchase lines" in result.stdout
    assert out.read_bytes().decode("cp949").startswith("receipt_id,date,")


def test_map_options_and_a_saved_preset(db_target, tmp_path):
    path = write_csv(tmp_path / "pos.csv", [["No", "When", "Who", "Cell", "Item", "Paid"],
                                            ["1", "2024/1/31 9:05", "김민수", "010-1234-5678", "라떼", "₩5,000"]])
    refused = crmdesk("--db", db_target, "import", "sales", path)
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "pos.csv has no date column (found: No, When" in refused.stderr
    result = crmdesk("--db", db_target, "import", "sales", path, "--map", "When=date", "--map", "Paid=amount",
                     "--map", "Who=name", "--map", "Cell=phone", "--map", "No=receipt_id", "--save-preset", "우리포스")
    assert result.returncode == 0, result.stderr
    assert "Imported 1 of 1 rows" in result.stdout and "Saved the column mapping as preset 우리포스" in result.stdout
    write_csv(path, [["No", "When", "Who", "Cell", "Item", "Paid"],
                     ["2", "2024/2/1 10:00", "김민수", "01012345678", "라떼", "4,500원"]])
    result = crmdesk("--db", db_target, "import", "sales", path, "--preset", "우리포스")
    assert result.returncode == 0, result.stderr
    assert "customers 0 new, 1 matched" in result.stdout


def test_refusals_exit_non_zero_with_one_line(db_target, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    bad = write_csv(tmp_path / "bad.csv", [HEAD, ["R1", "2024-01-01", "", "", "라떼", "5,000"],
                                           ["R2", "2024-01-32", "", "", "라떼", "5,000"]])
    cases = [
        (("import", "sales", empty), "empty.csv is empty"),
        (("import", "sales", tmp_path / "missing.csv"), "does not exist"),
        (("import", "sales", bad, "--strict"), "row 3, column 판매일시"),
        (("import", "sales", bad, "--preset", "없는설정"), "no import preset named 없는설정"),
        (("import", "sales", bad, "--map", "없는열=phone"), "a column the file does not have: 없는열"),
        (("import", "sales", bad, "--map", "금액=price"), "price is not a field for sales"),
        (("import", "sales", bad, "--encoding", "klingon"), "klingon is not a known text encoding"),
    ]
    for args, message in cases:
        result = crmdesk("--db", db_target, *args)
        assert result.returncode == 1, (args, result.stdout)
        assert message in result.stderr and result.stderr.count("\n") == 1, (args, result.stderr)
    info = crmdesk("--db", db_target, "info")
    assert "Purchases: 0" in info.stdout  # nothing of the refused files was written


def test_bad_rows_are_skipped_with_exit_zero_and_a_rejected_file(db_target, tmp_path):
    bad = write_csv(tmp_path / "bad.csv", [HEAD, ["R1", "2024-01-01", "", "", "라떼", "5,000"],
                                           ["R2", "2024-01-01", "", "", "라떼", "-5,000"]])
    result = crmdesk("--db", db_target, "import", "sales", bad)
    assert result.returncode == 0, result.stderr
    assert "row 3, column 금액: a negative amount" in result.stdout
    assert (tmp_path / "bad.rejected.csv").exists()
