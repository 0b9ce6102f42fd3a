"""The window after the trust review: an erased card offers nothing that would bring it back."""

from PySide6.QtCore import Qt


def test_an_erased_card_offers_neither_restore_nor_a_new_purchase(window, qtbot, sample, answers):
    screen = window.customers
    screen.select_row(0)
    card = screen.card
    assert card.archive_button.isEnabled() and card.new_purchase_button.isEnabled()
    qtbot.mouseClick(card.consent_panel.erase_button, Qt.MouseButton.LeftButton)
    assert card.title.text().startswith("(erased #")
    assert not card.archive_button.isEnabled() and not card.new_purchase_button.isEnabled()
