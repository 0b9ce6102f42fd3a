"""`crmdesk report segments|calls|card`: PDFs from the command line, with Qt loaded only for this command."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from pypdf import PdfReader
from reportpdf import pdf_pages
from sqlalchemy import select

from crmdesk.app import main
from crmdesk.models import Customer
from crmdesk.normalise import format_phone


@pytest.fixture(scope="module")
def demo_file(small_store):
    return str(small_store.path)


def test_segments_pdf_from_a_process_without_display(demo_file, tmp_path):
    out = tmp_path / "segments.pdf"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["LANG"] = "ko_KR.UTF-8"
    result = subprocess.run([sys.executable, "-m", "crmdesk.app", "--db", demo_file, "report", "segments", "--pdf",
                             str(out), "--as-of", "2025-06-30", "--list-limit", "3"],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    pages = len(PdfReader(str(out)).pages)
    assert f"{pages}쪽을 {out}에 저장했습니다" in result.stdout
    assert "고객세그먼트보고서" in pdf_pages(out)[0]


def test_mistakes_are_refused_before_qt_is_loaded(demo_file, tmp_path):
    probe = ("import sys, runpy; sys.argv=['crmdesk', '--db', sys.argv[1], 'report', 'calls', '--segment', 'VIP', "
             "'--pdf', sys.argv[2], '--lang', 'en']"
             "\ntry: runpy.run_module('crmdesk.app', run_name='__main__')"
             "\nexcept SystemExit as exit: assert exit.code == 1, exit.code"
             "\nassert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'")
    result = subprocess.run([sys.executable, "-c", probe, demo_file, str(tmp_path / "calls.pdf")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Unknown segment 'VIP'" in result.stderr
    assert not (tmp_path / "calls.pdf").exists()


def test_calls_in_english_on_letter_with_full_numbers(demo_file, tmp_path, capsys):
    out = tmp_path / "calls.pdf"
    code = main(["--db", demo_file, "report", "calls", "--segment", "Hibernating", "--pdf", str(out),
                 "--as-of", "2025-06-30", "--lang", "en", "--page-size", "Letter", "--full-phones"])
    assert code == 0
    assert "Wrote the call list" in capsys.readouterr().out
    reader = PdfReader(str(out))
    assert round(float(reader.pages[0].mediabox.width)) == 612
    text = "".join(pdf_pages(out))
    assert "Calllist:Hibernating" in text and "Notes" in text
    assert "-****-" not in text


def test_card_by_customer_code_and_bad_arguments(demo_file, small_store, tmp_path, capsys):
    with small_store.session() as session:
        code, name, phone = session.execute(select(Customer.customer_code, Customer.name, Customer.phone)
                                            .where(Customer.customer_code.is_not(None))
                                            .order_by(Customer.id)).first()
    out = tmp_path / "card.pdf"
    assert main(["--db", demo_file, "report", "card", "--customer", code, "--pdf", str(out), "--lang", "ko"]) == 0
    text = "".join(pdf_pages(out))
    assert "".join(name.split()) in text and format_phone(phone) not in text
    capsys.readouterr()
    assert main(["--db", demo_file, "report", "card", "--customer", "NOPE", "--pdf", str(out)]) == 1
    assert "No customer with the code or id 'NOPE'" in capsys.readouterr().err
    assert main(["--db", demo_file, "report", "segments", "--pdf", str(tmp_path / "x.txt")]) == 1
    assert "must end in .pdf" in capsys.readouterr().err
    assert main(["--db", demo_file, "report", "segments", "--pdf", str(tmp_path / "no" / "x.pdf")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_report_data_and_documents_do_not_need_qt():
    probe = ("import sys; import crmdesk.reports.data, crmdesk.reports.documents, crmdesk.reports.fonts"
             "\nassert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
