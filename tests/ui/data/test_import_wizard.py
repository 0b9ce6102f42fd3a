"""The import wizard as a shop owner uses it: pick the POS file, check the columns, preview, import, read the
report; and the export action."""

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWizard
from sqlalchemy import func, select

from crmdesk.models import Customer, ImportBatch, ImportPreset, Purchase

SAMPLE = Path(__file__).resolve().parents[2] / "importing" / "data" / "pos_export_cp949.csv"
SHOTS = os.environ.get("CRMDESK_SCREENSHOTS")  # a folder: the wizard's pages are saved there as PNG


@pytest.fixture
def pos_file(tmp_path):
    target = tmp_path / "pos_export_cp949.csv"
    shutil.copyfile(SAMPLE, target)
    return target


@pytest.fixture
def wizard(app, qtbot, sample, answers, inline_jobs):
    from crmdesk.ui.data.import_wizard import ImportWizard

    w = ImportWizard(sample)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def purchases(store):
    with store.session() as session:
        return session.execute(select(func.count()).select_from(Purchase)).scalar_one()


def shot(widget, name):
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def run_to_report(qtbot, wizard):
    wizard.next()  # runs the import; the run page moves on by itself when it is done
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.page_report)


def to_mapping(wizard, path):
    wizard.page_file.path.setText(str(path))
    wizard.next()
    assert wizard.currentPage() is wizard.page_mapping


def test_mapping_page_suggests_fields_from_the_korean_headers(wizard, pos_file):
    to_mapping(wizard, pos_file)
    page = wizard.page_mapping
    assert "cp949" in page.format.text() and "pos_export_cp949.csv" in page.format.text()
    assert page.mapping() == {"영수증번호": "receipt_id", "판매일시": "date", "고객명": "name", "전화번호": "phone",
                              "상품명": "product", "분류": "category", "수량": "quantity", "금액": "amount"}
    assert page.table.item(7, 1).text() == "￦5,000"  # the first value, as the file has it
    assert page.combos[7].currentText() == "Amount (line total)"
    shot(wizard, "import-mapping")


def test_choosing_a_field_takes_it_from_the_other_column_and_a_preset_remembers_it(wizard, pos_file, sample):
    to_mapping(wizard, pos_file)
    page = wizard.page_mapping
    page.combos[2].setCurrentIndex(page.combos[2].findData("phone"))  # 고객명 -> phone (on purpose)
    assert page.mapping()["고객명"] == "phone" and page.mapping()["전화번호"] is None
    page.combos[2].setCurrentIndex(page.combos[2].findData("name"))
    page.combos[3].setCurrentIndex(page.combos[3].findData("phone"))
    page.combos[5].setCurrentIndex(0)  # do not import 분류
    page.preset_name.setText("우리 POS")
    page.save_preset()
    with sample.session() as session:
        preset = session.execute(select(ImportPreset)).scalar_one()
    assert preset.name == "우리 POS" and '"분류": null' in preset.mapping
    page.combos[5].setCurrentIndex(page.combos[5].findData("category"))
    page.presets.setCurrentIndex(page.presets.findData("우리 POS"))
    page.presets.activated.emit(page.presets.currentIndex())
    assert page.mapping()["분류"] is None


def test_preview_import_and_report(wizard, pos_file, sample, answers, qtbot):
    to_mapping(wizard, pos_file)
    before = purchases(sample)
    wizard.next()
    preview = wizard.page_preview
    assert wizard.currentPage() is preview
    assert purchases(sample) == before  # the dry run wrote nothing
    assert "Would import 274 of 274 rows as 180 purchases." in preview.summary.text()
    assert "56 new" in preview.summary.text()
    headers = [preview.table.horizontalHeaderItem(c).text() for c in range(preview.table.columnCount())]
    assert headers[:3] == ["Row", "Customer", "Name"]
    assert preview.table.item(0, 0).text() == "2" and preview.table.item(0, 1).text() == "new customer"
    assert preview.table.item(2, 1).text() == "walk-in"
    assert preview.table.item(0, headers.index("Phone")).text() == "010-8183-8440"
    run_to_report(qtbot, wizard)
    assert "Imported 274 of 274 rows as 180 purchases." in wizard.page_report.summary.text()
    assert wizard.imported and purchases(sample) == before + 180
    with sample.session() as session:
        batch = session.execute(select(ImportBatch)).scalar_one()
    assert (batch.rows_imported, batch.staff_id) == (274, None)  # nobody chosen at this counter
    assert not wizard.page_report.rejected.isVisibleTo(wizard)
    assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()



def test_closing_the_wizard_during_the_import_cancels_it(wizard, pos_file, sample, monkeypatch, qtbot):
    from crmdesk.ui.kit import jobs

    to_mapping(wizard, pos_file)
    wizard.next()
    assert wizard.button(QWizard.WizardButton.CommitButton).text() == "Import"
    real_report = jobs.Job.report

    def close_midway(job, done, total):
        if done > 500 and wizard.isVisible():
            wizard.reject()  # the window's close button while the import runs
        real_report(job, done, total)

    monkeypatch.setattr(jobs.Job, "report", close_midway)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.page_run.finished)
    assert isinstance(wizard.failure, jobs.JobCancelled)
    assert purchases(sample) == 0


def test_report_lists_skipped_rows_with_reasons_in_korean(app, qtbot, sample, answers, inline_jobs, tmp_path):
    from crmdesk.ui.data.import_wizard import ImportWizard
    from crmdesk.ui.kit.i18n import install_language

    install_language(app, "ko")
    text = SAMPLE.read_bytes().decode("cp949").splitlines()
    text[3] = text[3].replace("2025-01-07 09:30", "2025-13-07 09:30")
    text[5] = text[5].replace(",2,", ",-2,")
    path = tmp_path / "pos.csv"
    path.write_bytes("\r\n".join(text).encode("cp949"))
    w = ImportWizard(sample)
    qtbot.addWidget(w)
    w.show()
    to_mapping(w, path)
    shot(w, "import-mapping-ko")
    w.next()
    assert "2" in w.page_preview.summary.text() and "건너뜁" in w.page_preview.summary.text()
    run_to_report(qtbot, w)
    report = w.page_report
    assert report.rejected.rowCount() == 2
    assert [report.rejected.item(0, c).text() for c in range(2)] == ["4", "판매일시"]
    assert report.rejected.item(0, 2).text() == (
        "날짜로 읽을 수 없습니다: 2025-13-07 09:30 (2024-01-31 13:05처럼 적어 주세요)")
    assert report.rejected.item(1, 2).text().startswith("음수 수량")
    assert "pos.rejected.csv" in report.summary.text()
    rejected = (tmp_path / "pos.rejected.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rejected[0].startswith("행,열,사유,") and "날짜로 읽을 수 없습니다" in rejected[1]  # the window's words
    shot(w, "import-report-ko")


def test_cancelling_the_import_leaves_the_database_as_it_was(wizard, pos_file, sample, monkeypatch, qtbot):
    from crmdesk.ui.kit import jobs

    to_mapping(wizard, pos_file)
    wizard.next()
    with sample.session() as session:
        customers = session.execute(select(func.count()).select_from(Customer)).scalar_one()
    real_report = jobs.Job.report

    def cancel_midway(job, done, total):
        if done > 500:
            job.cancelled = True  # as the Cancel button does
        real_report(job, done, total)

    monkeypatch.setattr(jobs.Job, "report", cancel_midway)
    run_to_report(qtbot, wizard)
    assert "cancelled" in wizard.page_report.summary.text() and not wizard.imported
    assert purchases(sample) == 0
    with sample.session() as session:
        assert session.execute(select(func.count()).select_from(Customer)).scalar_one() == customers


def test_a_file_that_is_not_data_stays_on_the_first_page(wizard, tmp_path, answers):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\x00\x00\x00" * 50)
    wizard.page_file.path.setText(str(path))
    wizard.next()
    assert wizard.currentPage() is wizard.page_file
    assert "binary" in answers["shown"][-1][1]


def test_main_window_imports_and_exports(window, pos_file, tmp_path, qtbot, answers):
    from crmdesk.ui.data.import_wizard import export_sales_dialog

    actions = {a.objectName(): a for a in window.data_menu.actions()}
    assert {"importAction", "exportSalesAction"} <= set(actions)
    actions["importAction"].trigger()
    wizard = window.import_wizard
    to_mapping(wizard, pos_file)
    wizard.next()
    run_to_report(qtbot, wizard)
    wizard.accept()
    assert window.customers.model.rowCount() == 3 + 56  # the list shows the imported customers
    target = tmp_path / "sales.csv"
    export_sales_dialog(window, window.store, target)
    assert "274 purchase lines exported" in answers["shown"][-1][1]
    assert target.read_text(encoding="utf-8-sig").splitlines()[0].startswith("receipt_id,date,customer_code")


def test_a_customer_list_through_the_wizard(wizard, tmp_path, sample, qtbot):
    path = tmp_path / "members.csv"
    path.write_text("회원번호,성명,휴대폰\nM-1,김민수,010-1234-5678\nM-2,정하늘,010-9090-1212\n", encoding="utf-8")
    wizard.page_file.customers.setChecked(True)
    to_mapping(wizard, path)
    assert wizard.page_mapping.mapping() == {"회원번호": "customer_code", "성명": "name", "휴대폰": "phone"}
    assert wizard.page_mapping.combos[0].count() == 1 + 5 + 8  # customer fields and consent answers, no sales
    wizard.next()
    assert "Would import 2 of 2 rows." in wizard.page_preview.summary.text()
    run_to_report(qtbot, wizard)
    assert "Customers: 1 new, 1 completed, 1 matched." in wizard.page_report.summary.text()
    with sample.session() as session:
        codes = dict(session.execute(select(Customer.name, Customer.customer_code)).all())
    assert codes["김민수"] == "M-1" and codes["정하늘"] == "M-2"


def test_consent_columns_through_the_wizard_record_the_answers(wizard, tmp_path, sample, qtbot):
    from crmdesk.services import consent

    path = tmp_path / "members.csv"
    path.write_text("성명,휴대폰,문자수신동의,동의일\n최수정,010-2222-3333,Y,2024-05-01\n", encoding="utf-8")
    wizard.page_file.customers.setChecked(True)
    to_mapping(wizard, path)
    assert wizard.page_mapping.mapping() == {"성명": "name", "휴대폰": "phone", "문자수신동의": "consent_sms",
                                             "동의일": "consent_date"}
    assert wizard.page_mapping.combos[2].currentText() == "Consent: SMS"
    wizard.next()
    run_to_report(qtbot, wizard)
    with sample.session() as session:
        cid = session.execute(select(Customer.id).where(Customer.name == "최수정")).scalar_one()
        history = consent.consent_history(session, cid, "sms")
        assert [(h.purpose.value, h.method) for h in history] == [("sms", "import")]
        assert cid in consent.consented_ids(session, "sms")


def test_the_import_is_recorded_with_the_staff_at_the_counter(app, qtbot, sample, answers, inline_jobs, pos_file):
    from crmdesk.services.staff import create_staff
    from crmdesk.ui.data.import_wizard import ImportWizard
    from crmdesk.ui.kit.staff_picker import set_counter_staff_id

    with sample.session() as session:
        staff_id = create_staff(session, "정다온").id
    set_counter_staff_id(staff_id)
    w = ImportWizard(sample)
    qtbot.addWidget(w)
    w.show()
    to_mapping(w, pos_file)
    w.next()
    run_to_report(qtbot, w)
    with sample.session() as session:
        assert session.execute(select(ImportBatch.staff_id)).scalar_one() == staff_id
    set_counter_staff_id(staff_id + 1)  # someone since removed: the wizard records nobody rather than fail
    later = ImportWizard(sample)
    qtbot.addWidget(later)
    assert later.staff_id is None
