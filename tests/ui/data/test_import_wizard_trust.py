"""The window's side of the import's trust items (issue 15): a file in an unknown encoding makes the wizard ask
for the encoding instead of guessing; a phone with a letter is refused by quick add with the card's sentence."""

import pytest

from crmdesk.services import customers as svc


@pytest.fixture
def wizard(app, qtbot, sample, answers, inline_jobs):
    from crmdesk.ui.data.import_wizard import ImportWizard

    w = ImportWizard(sample)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_wizard_asks_for_the_encoding_when_neither_utf8_nor_cp949_reads_the_file(wizard, answers, tmp_path):
    broken = tmp_path / "customers.csv"
    broken.write_bytes("이름,전화번호\n김민수,010-1234-5678\n".encode("cp949") + b"\xb1\xff,010\n")
    page = wizard.page_file
    page.customers.setChecked(True)
    page.path.setText(str(broken))
    wizard.next()
    assert wizard.currentPage() is page  # nothing read, nothing guessed
    title, text = answers["shown"][-1]
    assert "customers.csv is neither UTF-8 nor CP949 text: line 3 cannot be read" in text
    assert "Choose the file's text encoding" in text and page.detected.text() == text
    assert page.encoding.findData("cp1252") > 0  # a choice beyond the two the reader tries
    page.encoding.setCurrentIndex(page.encoding.findData("cp949"))
    wizard.next()
    assert wizard.currentPage() is page  # strict in the chosen encoding too: the damaged line stays refused
    assert "is not cp949 text (line 3)" in answers["shown"][-1][1]

    western = tmp_path / "western.csv"
    western.write_bytes("name,phone\nZoë Café,010-4444-5555\n".encode("cp1252"))
    page.encoding.setCurrentIndex(0)  # Detect
    page.path.setText(str(western))
    wizard.next()
    assert wizard.currentPage() is page
    page.encoding.setCurrentIndex(page.encoding.findData("cp1252"))
    wizard.next()
    assert wizard.currentPage() is wizard.page_mapping
    assert wizard.source.encoding == "cp1252" and wizard.page_mapping.table.item(0, 1).text() == "Zoë Café"


def test_quick_add_refuses_a_phone_with_a_letter_with_the_cards_sentence(app, qtbot, store):
    from crmdesk.ui.customers.quick_add import QuickAddDialog

    with store.session() as session:
        svc.create_customer(session, {"name": "다른 사람", "phone": "010-123-4567"})
    dialog = QuickAddDialog(store)
    qtbot.addWidget(dialog)
    dialog.name.setText("김민수")
    dialog.phone.setText("010-1234-567A")
    assert dialog.warning.isHidden()  # not "010-123-4567 already belongs to 다른 사람"
    dialog.save()
    assert dialog.error.text() == "This is not a valid phone number; write it like 010-1234-5678."
    assert dialog.customer_id is None
