"""What a screen reader reads and the keyboard reaches, in one place for every screen.

``name_controls(root)`` runs once a screen or dialog is built (the main window, every lazily built screen, the
dialogs; ``name_dialogs`` names any crmdesk dialog when it first comes to the front): it gives each form label its
field as buddy and an ``&`` mnemonic (Alt+letter jumps to the field),
and names every interactive control Qt cannot name from its own text: from ``NAMES`` (tables, lists, charts and
icon-only buttons by object name), else the field's placeholder or tooltip, else the group box, wizard page or
tab it sits in. A screen that sets its own ``setAccessibleName`` keeps it. tests/ui/desktop walks every screen through
QAccessible and fails on an interactive control left without a name.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAccessible, QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QGraphicsView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QStackedWidget,
    QTabWidget,
    QTextEdit,
    QWidget,
    QWizardPage,
)

CONTEXT = "Accessibility"
# Controls whose name is not on screen beside them: tables and lists (their columns say what is in them, not what
# the list is), charts, icon-only buttons. Keyed by object name; the words are translated in the "Accessibility"
# context of crmdesk_ko.ts.
NAMES: dict[str, str] = {
    "navigation": QT_TRANSLATE_NOOP("Accessibility", "Screens"),
    "customerTable": QT_TRANSLATE_NOOP("Accessibility", "Customer list"),
    "customerSearch": QT_TRANSLATE_NOOP("Accessibility", "Search customers"),
    "purchaseHistory": QT_TRANSLATE_NOOP("Accessibility", "Purchase history"),
    "timeline": QT_TRANSLATE_NOOP("Accessibility", "Timeline of contacts, purchases and feedback"),
    "consentHistory": QT_TRANSLATE_NOOP("Accessibility", "Consent history"),
    "pointsLedger": QT_TRANSLATE_NOOP("Accessibility", "Points history"),
    "suggestions": QT_TRANSLATE_NOOP("Accessibility", "Suggested products"),
    "followUpTable": QT_TRANSLATE_NOOP("Accessibility", "Follow-ups due"),
    "birthdaysTable": QT_TRANSLATE_NOOP("Accessibility", "Birthdays"),
    "feedbackTable": QT_TRANSLATE_NOOP("Accessibility", "Feedback"),
    "campaignTable": QT_TRANSLATE_NOOP("Accessibility", "Campaigns"),
    "campaignResults": QT_TRANSLATE_NOOP("Accessibility", "Campaign results"),
    "staffTable": QT_TRANSLATE_NOOP("Accessibility", "Staff"),
    "pairTable": QT_TRANSLATE_NOOP("Accessibility", "Possible duplicates"),
    "segmentTable": QT_TRANSLATE_NOOP("Accessibility", "Segments by recency and frequency"),
    "auditTable": QT_TRANSLATE_NOOP("Accessibility", "Audit log"),
    "retentionTable": QT_TRANSLATE_NOOP("Accessibility", "Customers past the retention period"),
    "reactivationTable": QT_TRANSLATE_NOOP("Accessibility", "Customers to win back"),
    "serviceTable": QT_TRANSLATE_NOOP("Accessibility", "Touchpoint scores"),
    "serviceMonths": QT_TRANSLATE_NOOP("Accessibility", "Touchpoint averages by month"),
    "serviceLow": QT_TRANSLATE_NOOP("Accessibility", "Low ratings and their notes"),
    "revenueChart": QT_TRANSLATE_NOOP("Accessibility", "Revenue chart"),
    "segmentChart": QT_TRANSLATE_NOOP("Accessibility", "Customer segments chart"),
    "stageChart": QT_TRANSLATE_NOOP("Accessibility", "Customer stages chart"),
    "paretoChart": QT_TRANSLATE_NOOP("Accessibility", "Share of revenue by customers chart"),
    "rfGrid": QT_TRANSLATE_NOOP("Accessibility", "Customers by recency and frequency grid"),
    "cohortGrid": QT_TRANSLATE_NOOP("Accessibility", "Customers coming back by first month grid"),
    "handOverCustomers": QT_TRANSLATE_NOOP("Accessibility", "Customers to hand over"),
    "handOverTo": QT_TRANSLATE_NOOP("Accessibility", "Hand them over to"),
    "touchpointTable": QT_TRANSLATE_NOOP("Accessibility", "Touchpoints of the counter survey"),
    "birthdaysPeriod": QT_TRANSLATE_NOOP("Accessibility", "Birthdays in"),
    "recipientEncoding": QT_TRANSLATE_NOOP("Accessibility", "Recipient file encoding"),
}
INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QTextEdit, QPlainTextEdit,
               QGraphicsView)
_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_MNEMONIC = re.compile(r"&([^&\s])")


def accessible_name(widget: QWidget) -> str:
    """What a screen reader reads as the control's name (Qt's own: its text, its label's, or the set name)."""
    face = QAccessible.queryAccessibleInterface(widget)
    return face.text(QAccessible.Text.Name).strip() if face is not None else ""


def name(widget: QWidget, text: str, description: str = "") -> None:
    """Name a control for screen readers; ``description`` is the longer text (a chart's summary)."""
    widget.setAccessibleName(text)
    if description:
        widget.setAccessibleDescription(description)


def name_controls(root: QWidget) -> None:
    """Buddies and mnemonics for the form labels under ``root``, names for its unnamed controls."""
    for layout in root.findChildren(QLayout):
        if isinstance(layout, QFormLayout):
            _buddy_form_labels(layout)
        elif isinstance(layout, QGridLayout):
            _buddy_grid_labels(layout)
        elif isinstance(layout, QHBoxLayout):  # a row; in a column a label over a list is a heading or a hint
            _buddy_row_labels(layout)
    used = _used_mnemonics(root)
    labelled = set()
    for label in root.findChildren(QLabel):
        if label.buddy() is not None:
            _add_mnemonic(label, used)
            labelled.add(label.buddy())
    # Qt names a control from its set name, its own text (buttons) or its label (a buddy): asking its
    # accessibility interface would say the same, at ten times the cost at start-up.
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, INTERACTIVE) or widget.accessibleName() or widget in labelled:
            continue
        if isinstance(widget, QAbstractButton) and _plain(widget.text()) or _internal(widget):
            continue
        derived = _derived_name(widget)
        if derived:
            widget.setAccessibleName(derived)


def name_dialogs(app: QApplication) -> None:
    """Name the controls of every dialog when it first comes to the front, those that do not call
    ``name_controls`` themselves included (a signal that fires when the focus window changes: no per-event
    filter)."""
    if app.property("crmdeskNamesDialogs"):
        return
    app.setProperty("crmdeskNamesDialogs", True)
    app.focusWindowChanged.connect(lambda _window: name_active_dialog())


def name_active_dialog() -> None:
    dialog = QApplication.activeModalWidget() or QApplication.activeWindow()
    # crmdesk's own dialogs; Qt's (message boxes, file dialogs) name their controls themselves.
    if isinstance(dialog, QDialog) and type(dialog).__module__.startswith("crmdesk.") \
            and not dialog.property("crmdeskNamed"):
        dialog.setProperty("crmdeskNamed", True)
        name_controls(dialog)


def _buddy_form_labels(form: QFormLayout) -> None:
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if label is None or field is None or not isinstance(label.widget(), QLabel):
            continue
        target = _first_control(field.widget(), field.layout())
        if target is not None and label.widget().buddy() in (None, field.widget()):
            label.widget().setBuddy(target)


def _buddy_grid_labels(grid: QGridLayout) -> None:
    """A label with the field on its right in a grid (``Payment [card ▾]``) leads to that field."""
    for row in range(grid.rowCount()):
        for column in range(grid.columnCount() - 1):
            label, field = grid.itemAtPosition(row, column), grid.itemAtPosition(row, column + 1)
            if label is not None and field is not None:
                _buddy(label.widget(), field.widget(), field.layout())


def _buddy_row_labels(box: QHBoxLayout) -> None:
    """A label followed by a field in a row or column (``Period [this month ▾]``) leads to that field."""
    for index in range(box.count() - 1):
        label, field = box.itemAt(index), box.itemAt(index + 1)
        if field.widget() is not None:  # not a nested layout: a label above a whole block is a heading
            _buddy(label.widget(), field.widget(), None)


def _buddy(label: QWidget | None, widget: QWidget | None, layout: QLayout | None) -> None:
    """Only a field the label names: a button or check box says what it does itself, and a label beside one (a
    chart's title beside its Save button) is a heading, not the button's name."""
    if not isinstance(label, QLabel) or label.wordWrap() or len(label.text()) > 40:
        return  # a sentence (a hint, a summary) is not a field's label
    if label.buddy() is None and label.text() and not isinstance(widget, QLabel):
        target = _first_control(widget, layout)
        if target is not None and not isinstance(target, QAbstractButton):
            label.setBuddy(target)


def _first_control(widget: QWidget | None, layout: QLayout | None) -> QWidget | None:
    """The field itself when it takes the keyboard, else the first control in its box or layout."""
    if widget is not None and isinstance(widget, INTERACTIVE):
        return widget
    if widget is not None:
        for child in widget.findChildren(QWidget):
            if isinstance(child, INTERACTIVE) and not _internal(child):
                return child
    if layout is not None:
        for index in range(layout.count()):
            item = layout.itemAt(index)
            found = _first_control(item.widget(), item.layout())
            if found is not None:
                return found
    return None


def _used_mnemonics(root: QWidget) -> set[str]:
    window = root.window()
    used: set[str] = set()
    texts = [w.text() for w in window.findChildren(QWidget) if isinstance(w, (QLabel, QAbstractButton))]
    texts += [action.text() for action in window.findChildren(QAction)]  # the menus' Alt+letters (&Data)
    for text in texts:
        used.update(letter.lower() for letter in _MNEMONIC.findall(text))
    return used


def _add_mnemonic(label: QLabel, used: set[str]) -> None:
    """``&Name`` on an English label; ``이름(&N)`` on a Korean one, as Korean Windows programs write it."""
    text = label.text()
    if not text or "&" in text or "<" in text:
        return
    plain = text.rstrip(": ")
    if _HANGUL.search(plain):
        letters = [c for c in "abcdefghijklmnopqrstuvwxyz" if c not in used]
        if letters:
            used.add(letters[0])
            label.setText(f"{plain}(&{letters[0].upper()}){text[len(plain):]}")
        return
    for index, char in enumerate(plain):
        if char.isascii() and char.isalpha() and char.lower() not in used:
            used.add(char.lower())
            label.setText(f"{text[:index]}&{text[index:]}")
            return


def _derived_name(widget: QWidget) -> str:
    known = NAMES.get(widget.objectName())
    if known:
        return QCoreApplication.translate(CONTEXT, known)
    for text in (getattr(widget, "placeholderText", lambda: "")(), widget.toolTip()):
        if text:
            return _plain(text)
    return _plain(_container_title(widget))


def _container_title(widget: QWidget) -> str:
    """The title of the group box around the control, else the label of the tab page it is on."""
    child, parent = widget, widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QGroupBox, QWizardPage)) and parent.title():
            return parent.title()
        if isinstance(parent, QStackedWidget) and isinstance(parent.parentWidget(), QTabWidget):
            tabs = parent.parentWidget()
            index = tabs.indexOf(child)
            if index >= 0:
                return tabs.tabText(index)
        child, parent = parent, parent.parentWidget()
    return ""


def _plain(text: str) -> str:
    return _MNEMONIC.sub(r"\1", text).replace("&&", "&").strip().rstrip(":")


def _internal(widget: QWidget) -> bool:
    """Parts Qt builds inside its own controls (a combo box's popup and editor, a spin box's editor, a table's
    header and corner button, a line edit's clear button, a calendar's navigation): their owner is named."""
    if widget.objectName().startswith("qt_"):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QLineEdit, QAbstractItemView)):
            return True
        if type(parent).__name__ in ("QCalendarWidget", "QComboBoxPrivateContainer"):
            return True
        parent = parent.parentWidget()
    return type(widget).__name__ in ("QHeaderView", "QTableCornerButton", "QComboBoxListView")


def navigation_shortcuts(window: QWidget, nav: QListWidget) -> list[QShortcut]:
    """Ctrl+1 … Ctrl+9, Ctrl+0 open the navigation's screens in order (then Ctrl+Alt+1 …); Ctrl+PgDown and
    Ctrl+PgUp the next and previous screen the user may see. Each screen's tooltip and description say its key."""
    keys = [f"Ctrl+{n}" for n in (*range(1, 10), 0)] + [f"Ctrl+Alt+{n}" for n in (*range(1, 10), 0)]
    shortcuts = []
    for row in range(min(nav.count(), len(keys))):
        sequence = QKeySequence(keys[row])
        shortcut = QShortcut(sequence, window, context=Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(lambda row=row: _go_to(nav, row))
        item = nav.item(row)
        shown = sequence.toString(QKeySequence.SequenceFormat.NativeText)
        item.setToolTip(f"{item.text()} ({shown})")
        item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, shown)
        shortcuts.append(shortcut)
    for key, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
        shortcut = QShortcut(QKeySequence(key), window, context=Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(lambda step=step: _step(nav, step))
        shortcuts.append(shortcut)
    return shortcuts


def _go_to(nav: QListWidget, row: int) -> None:
    if not nav.item(row).isHidden():
        nav.setCurrentRow(row)


def _step(nav: QListWidget, step: int) -> None:
    row = nav.currentRow()
    for _ in range(nav.count()):
        row = (row + step) % nav.count()
        if not nav.item(row).isHidden():
            nav.setCurrentRow(row)
            return
