"""The Reports screen and the card's Print button, used like the owner would: options, preview, save as PDF."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrintPreviewWidget
from PySide6.QtWidgets import QLineEdit

from crmdesk.demo import generate_demo
from crmdesk.normalise import format_phone
from crmdesk.reports import render
from crmdesk.ui.kit import dialogs
from crmdesk.ui.reports import reports_screen


@pytest.fixture
def demo_window(app, qtbot, store, answers, inline_jobs):
    from crmdesk.ui.app.main_window import MainWindow

    generate_demo(store, customers=60, seed=3)
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def save_to(monkeypatch, tmp_path):
    chosen = []

    def pick(_parent, _title, suggested, _filters):
        chosen.append(suggested)
        return str(tmp_path / suggested)

    monkeypatch.setattr(dialogs, "_save_file_impl", pick)
    return chosen


def text_of(path) -> str:
    return "".join("".join(page.extract_text().split()) for page in PdfReader(str(path)).pages)


def test_reports_screen_saves_the_segment_report_as_pdf(demo_window, qtbot, save_to, tmp_path):
    window = demo_window
    window.nav.setCurrentRow(window.screens.index(window.reports))
    assert window.nav.currentItem().text() == "Reports"
    panel = window.reports.panel
    assert panel.kind.currentData() == "segments" and not panel.segment.isVisible()
    panel.language.setCurrentIndex(panel.language.findData("en"))
    panel.list_limit.setValue(5)
    panel.pdf_button.click()
    assert save_to and save_to[0].startswith("segment-report-")
    path = tmp_path / save_to[0]
    pages = len(PdfReader(str(path)).pages)
    assert panel.status.text() == f"Saved {pages} pages to {path}."
    assert window.statusBar().currentMessage() == panel.status.text()
    text = text_of(path)
    assert "Customersegmentreport" in text and "-****-" in text
    assert panel.preview_button.isEnabled() and not panel.progress.isVisible()


def test_call_list_preview_shows_the_same_pages_as_the_pdf(demo_window, qtbot, save_to, tmp_path):
    panel = demo_window.reports.panel
    demo_window.nav.setCurrentRow(demo_window.screens.index(demo_window.reports))
    panel.kind.setCurrentIndex(panel.kind.findData("calls"))
    assert panel.segment.isVisible() and not panel.list_limit.isVisible()
    panel.segment.setCurrentIndex(panel.segment.findData("Champions"))
    assert panel.call_limit.isVisible() and panel.call_limit.value() == 100
    panel.full_phones.setChecked(True)
    panel.paper.setCurrentIndex(panel.paper.findData("Letter"))
    panel.preview_button.click()
    preview = panel.preview
    assert preview is not None and preview.isVisible()
    widget = preview.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: widget.pageCount() > 0)
    document = panel.last_document
    assert document.title == "Call list: Champions"
    pdf_pages = render.write_pdf(document, tmp_path / "same.pdf", "Letter")
    assert widget.pageCount() == pdf_pages
    preview.close()
    panel.pdf_button.click()
    path = tmp_path / save_to[-1]
    assert save_to[-1].startswith("call-list-champions-")
    assert round(float(PdfReader(str(path)).pages[0].mediabox.width)) == 612
    assert "-****-" not in text_of(path)


def test_cancelled_save_writes_nothing(demo_window, monkeypatch):
    monkeypatch.setattr(dialogs, "_save_file_impl", lambda *_: "")
    panel = demo_window.reports.panel
    panel.pdf_button.click()
    assert panel.job is None and panel.last_document is None and panel.status.text() == ""


def test_card_print_button_saves_the_card(demo_window, qtbot, save_to, tmp_path):
    window = demo_window
    customers = window.customers
    customers.select_customer(1)
    card = customers.card
    assert card.print_button.isEnabled()
    card.print_button.click()
    dialog = window.card_print
    assert dialog.isVisible() and dialog.panel.current_kind() == "card"
    assert not dialog.panel.as_of.isVisible() and not dialog.panel.kind.isVisible()
    dialog.panel.language.setCurrentIndex(dialog.panel.language.findData("ko"))
    dialog.panel.pdf_button.click()
    path = tmp_path / save_to[-1]
    text = text_of(path)
    with window.store.session() as session:
        from crmdesk.models import Customer

        customer = session.get(Customer, 1)
        name, phone = customer.name, customer.phone
    assert "".join(name.split()) in text and "상담메모" in text
    assert format_phone(phone) not in text


def test_print_paints_the_pages_on_the_chosen_printer(demo_window, qtbot, tmp_path):
    panel = demo_window.reports.panel
    panel.list_limit.setValue(0)
    panel.print_button.click()
    dialog = panel.print_dialog
    assert dialog is not None and dialog.isVisible()
    # The machine has no printer: let the printer write its pages to a file, as "Print to file" does.
    target = tmp_path / "printed.pdf"
    file_name = dialog.findChild(QLineEdit, "filename")
    assert file_name.text().endswith(".pdf")  # no bare folder offered as the file to print to
    file_name.setText(str(target))
    dialog.accept()
    pages = len(PdfReader(str(target)).pages)
    assert pages >= 2 and demo_window.statusBar().currentMessage() == f"Sent {pages} pages to the printer."
    assert "Customersegmentreport" in text_of(target) or "고객세그먼트보고서" in text_of(target)


def test_call_list_limit_keeps_the_highest_value_customers(demo_window, save_to, tmp_path):
    panel = demo_window.reports.panel
    demo_window.nav.setCurrentRow(demo_window.screens.index(demo_window.reports))
    panel.kind.setCurrentIndex(panel.kind.findData("calls"))
    panel.segment.setCurrentIndex(panel.segment.findData("Champions"))
    panel.call_limit.setValue(2)
    panel.pdf_button.click()
    text = text_of(tmp_path / save_to[-1])
    assert re.search(r"…and[\d,]+more,notlisted", text)
    assert "Callslist" not in text and "Calllist:Champions" in text


def test_korean_window_offers_korean_reports(app, qtbot, store):
    from crmdesk.ui.kit.i18n import install_language

    install_language(app, "ko")
    panel = reports_screen.ReportPanel(store)
    qtbot.addWidget(panel)
    assert panel.language.currentData() == "ko"
    assert panel.segment.currentText() == "이탈 위험" and panel.segment.currentData() == "At Risk"
    assert panel.preview_button.text() == "미리 보기…"
