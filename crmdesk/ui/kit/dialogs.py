"""Every message box and confirmation goes through here, so tests can answer them without a modal loop."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from crmdesk.store.engine import mask_url

# Tests replace these with functions that record the question and return an answer.
_confirm_impl: Callable[[QWidget | None, str, str], bool] | None = None
_inform_impl: Callable[[QWidget | None, str, str], None] | None = None


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    text = mask_url(text)  # a server URL in a message never shows its password
    if _confirm_impl is not None:
        return _confirm_impl(parent, title, text)
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


_choose_impl: Callable[[QWidget | None, str, str, list[tuple[str, str]]], str | None] | None = None


def choose(parent: QWidget | None, title: str, text: str, choices: list[tuple[str, str]]) -> str | None:
    """A question with several answers: ``choices`` are (key, button text), the first one the default, the last
    one what Esc answers; the key of the button pressed, or None when the box is closed. Tests set
    ``_choose_impl`` to answer."""
    if _choose_impl is not None:
        return _choose_impl(parent, title, text, choices)
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    buttons = {box.addButton(label, QMessageBox.ButtonRole.ActionRole): key for key, label in choices}
    if buttons:
        box.setDefaultButton(next(iter(buttons)))
        box.setEscapeButton(list(buttons)[-1])  # Esc answers with the last choice
    box.exec()
    return buttons.get(box.clickedButton())


def inform(parent: QWidget | None, title: str, text: str) -> None:
    text = mask_url(text)
    if _inform_impl is not None:
        _inform_impl(parent, title, text)
        return
    QMessageBox.information(parent, title, text)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    text = mask_url(text)
    if _inform_impl is not None:
        _inform_impl(parent, title, text)
        return
    QMessageBox.warning(parent, title, text)


_open_file_impl: Callable[[QWidget | None, str, str, str], str] | None = None


def choose_open_file(parent: QWidget | None, title: str, folder: str, filters: str) -> str:
    """A file to open, or "" when the user cancels; tests set ``_open_file_impl`` to pick one."""
    if _open_file_impl is not None:
        return _open_file_impl(parent, title, folder, filters)
    from PySide6.QtWidgets import QFileDialog

    chosen, _ = QFileDialog.getOpenFileName(parent, title, folder, filters)
    return chosen


_ask_text_impl: Callable[[QWidget | None, str, str], str | None] | None = None


def ask_text(parent: QWidget | None, title: str, label: str) -> str | None:
    """One line of text, or None when the user cancels; tests set ``_ask_text_impl`` to answer."""
    if _ask_text_impl is not None:
        return _ask_text_impl(parent, title, label)
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal)
    return text if ok else None


_save_file_impl: Callable[[QWidget | None, str, str, str], str] | None = None


def choose_save_file(parent: QWidget | None, title: str, suggested: str, filters: str) -> str:
    """A file to write, or "" when the user cancels; tests set ``_save_file_impl`` to pick one."""
    return choose_save_file_and_filter(parent, title, suggested, filters)[0]


def choose_save_file_and_filter(parent: QWidget | None, title: str, suggested: str, filters: str) -> tuple[str, str]:
    """A file to write and the filter the user picked (it may name an encoding), or ("", "") when the user
    cancels. Under ``_save_file_impl`` the filter is "" (the caller's default)."""
    if _save_file_impl is not None:
        return _save_file_impl(parent, title, suggested, filters), ""
    from PySide6.QtWidgets import QFileDialog

    chosen, chosen_filter = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return chosen, chosen_filter


def choose_pdf_file(parent: QWidget | None, title: str, suggested: str) -> str:
    """Where to save a PDF (the name ends in .pdf), or "" when the user cancels."""
    chosen = choose_save_file(parent, title, suggested, "PDF (*.pdf)")
    if chosen and not chosen.lower().endswith(".pdf"):
        chosen += ".pdf"
    return chosen
