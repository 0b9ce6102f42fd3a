"""Every interactive control has a name a screen reader reads; form labels lead to their fields; every screen has
a keyboard shortcut (issue 21)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton

from tests.ui.desktop.walk import accessible_name, duplicate_names, interactive, unnamed, unnamed_combos


def _every_screen(window, qtbot) -> None:
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        qtbot.wait(20)
    window.nav.setCurrentRow(0)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_control_of_every_screen_has_a_name(window, qtbot, app, language):
    from crmdesk.ui.kit.i18n import install_language

    if language == "ko":  # the window is built again in Korean, as a language change does
        from crmdesk.ui.app.main_window import MainWindow

        install_language(app, "ko")
        window = MainWindow(window.store)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: bool(window.nav.accessibleName()), timeout=5000)
    window.customers.select_customer(1)
    _every_screen(window, qtbot)
    controls = interactive(window)
    assert len(controls) > 150  # the walk reaches every screen's controls, hidden tabs included
    missing = unnamed(window)
    assert missing == [], "\n".join(missing)
    table = window.customers.findChild(type(window.customers.table), "customerTable")
    assert accessible_name(table) == ("고객 목록" if language == "ko" else "Customer list")
    nav = window.nav
    assert accessible_name(nav) == ("화면" if language == "ko" else "Screens")


def test_the_dialogs_name_their_controls(window, qtbot, answers):
    window.customers.select_customer(1)
    card = window.customers.card
    opened = []
    window.log_contact(1)
    opened.append(window.contact_dialog)
    card.open_purchase(None)
    opened.append(card.purchase_dialog)
    window.print_card(1)
    opened.append(window.card_print)
    window.open_import()
    opened.append(window.import_wizard)
    feedback = window.feedback
    opened.append(feedback._new_dialog(customer_id=1))
    from crmdesk.ui.admin.segment_editor import SegmentEditor
    from crmdesk.ui.app.sign_in import SignInDialog
    from crmdesk.ui.customers.quick_add import QuickAddDialog

    opened += [SegmentEditor(window.store, window), SignInDialog(window.store), QuickAddDialog(window.store, window)]
    for dialog in opened:
        qtbot.addWidget(dialog) if dialog.parent() is None else None
        assert interactive(dialog), type(dialog).__name__
        assert unnamed(dialog) == [], type(dialog).__name__
        assert duplicate_names(dialog) == [], type(dialog).__name__
        assert unnamed_combos(dialog) == [], type(dialog).__name__
        dialog.close()


def test_the_dialogs_that_do_not_name_themselves_are_named_when_shown(window, qtbot):
    """The hand-over, catalogue, touchpoint and staff-unlock dialogs: shown as the window shows them, their
    controls are named (ui/kit/accessibility.name_dialogs names a dialog when it first comes to the front)."""
    from crmdesk.ui.admin.catalogue import CatalogueEditor
    from crmdesk.ui.admin.staff_regulars import HandOverDialog
    from crmdesk.ui.moments.survey_screen import StaffUnlock
    from crmdesk.ui.moments.touchpoint_editor import TouchpointEditor

    store = window.store
    for dialog in (HandOverDialog(store, 1, "김민수", window), CatalogueEditor(store, window),
                   TouchpointEditor(store, window), StaffUnlock(store, window)):
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.waitUntil(lambda d=dialog: not unnamed(d), timeout=3000)
        assert interactive(dialog), type(dialog).__name__
        assert duplicate_names(dialog) == [], type(dialog).__name__
        assert unnamed_combos(dialog) == [], type(dialog).__name__
        dialog.close()


def test_no_two_controls_of_a_screen_read_alike_and_every_combo_has_a_name(window, qtbot):
    window.customers.select_customer(1)
    _every_screen(window, qtbot)
    window.nav.setCurrentRow(window.screen_row("dashboard"))
    window.dashboard.build()
    problems = []
    for index in range(window.stack.count()):
        page = window.stack.widget(index)
        problems += duplicate_names(page) + [f"combo without a name: {c}" for c in unnamed_combos(page)]
    assert problems == [], "\n".join(problems)
    toggles = [accessible_name(b) for b in window.customers.card.findChildren(QPushButton)
               if b.objectName().startswith("consentToggle_")]
    assert len(toggles) == 7 and "Grant: Marketing by SMS" in toggles
    from crmdesk.ui.dashboard.charts import ChartCard

    saves = [accessible_name(card.save_button) for card in window.findChildren(ChartCard)]
    assert len(saves) >= 6 and len(set(saves)) == len(saves) and "Save PNG: Revenue by month" in saves


def test_the_walk_finds_controls_read_alike_and_combos_without_a_name(qtbot):
    from PySide6.QtWidgets import QComboBox, QVBoxLayout, QWidget

    screen = QWidget()
    qtbot.addWidget(screen)
    layout = QVBoxLayout(screen)
    for _ in range(2):
        layout.addWidget(QPushButton("Save PNG…"))
    combo = QComboBox()
    combo.addItem("This week")
    layout.addWidget(combo)
    assert len(duplicate_names(screen)) == 1 and len(unnamed_combos(screen)) == 1
    label = QLabel("Period")
    label.setBuddy(combo)
    layout.addWidget(label)
    assert unnamed_combos(screen) == []


def test_form_labels_have_their_field_as_buddy_and_a_mnemonic(window):
    window.customers.select_customer(1)
    card = window.customers.card
    name_field = card.findChild(QLineEdit, "field_name")
    labels = [label for label in card.findChildren(QLabel) if label.buddy() is name_field]
    assert len(labels) == 1
    assert "&" in labels[0].text()  # Alt+letter jumps to the field
    assert accessible_name(name_field) == "Name"  # read from its label
    forms = card.findChildren(QFormLayout)
    assert forms
    for form in forms:
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if item is None or field is None or not isinstance(item.widget(), QLabel):
                continue
            label = item.widget()
            if field.widget() is not None and isinstance(field.widget(), QLabel):
                continue  # a read-only value, not a field
            assert label.buddy() is not None, label.text()


def test_the_mnemonic_takes_the_keyboard_to_the_field(window, qtbot):
    window.customers.select_customer(1)
    card = window.customers.card
    email = card.findChild(QLineEdit, "field_email")
    label = next(label for label in card.findChildren(QLabel) if label.buddy() is email)
    letter = label.text()[label.text().index("&") + 1]
    window.activateWindow()
    qtbot.keyClick(window.customers.search, getattr(Qt.Key, f"Key_{letter.upper()}"),
                   Qt.KeyboardModifier.AltModifier)
    assert email.hasFocus()


def _digit_key(row: int):
    return getattr(Qt.Key, f"Key_{(row + 1) % 10}")  # Ctrl+1 .. Ctrl+9, Ctrl+0 for the tenth


def test_a_shortcut_per_screen_in_the_navigation(window, qtbot):
    window.activateWindow()
    qtbot.keyClick(window.nav, _digit_key(window.screen_row("dashboard")), Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.dashboard
    qtbot.keyClick(window.nav, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.customers
    qtbot.keyClick(window.nav, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.nav.currentRow() == 1
    qtbot.keyClick(window.nav, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.nav, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.nav.currentRow() == window.nav.count() - 1  # wraps to the last screen
    assert "Ctrl+1" in window.nav.item(0).toolTip()
    face = QAccessible.queryAccessibleInterface(window.nav)
    assert face.childCount() == window.nav.count()


def test_a_screen_hidden_from_staff_keeps_its_shortcut_closed(window, qtbot):
    row = window.screen_row("dashboard")
    window.nav.item(row).setHidden(True)
    window.activateWindow()
    qtbot.keyClick(window.nav, _digit_key(row), Qt.KeyboardModifier.ControlModifier)
    assert window.nav.currentRow() == 0


def test_charts_have_a_name_and_a_text_summary(window, qtbot):
    from datetime import datetime, timedelta

    from crmdesk.models import Purchase
    from crmdesk.services import customers as svc

    with window.store.session() as session:
        for customer_id, total, days in ((1, 50_000, 3), (2, 12_000, 40), (3, 8_000, 70), (1, 20_000, 100)):
            session.add(Purchase(customer_id=customer_id, total=total,
                                 purchased_at=datetime.now() - timedelta(days=days)))
        session.flush()
        svc.refresh_purchase_totals(session)
    window.nav.setCurrentRow(window.screen_row("dashboard"))
    screen = window.dashboard.build()
    qtbot.waitUntil(lambda: bool(screen.findChild(QPushButton) is not None), timeout=5000)
    from pyqtgraph import PlotWidget

    charts = [w for w in screen.findChildren(PlotWidget)]
    assert charts
    qtbot.waitUntil(lambda: all(chart.accessibleDescription() for chart in charts if chart.isVisibleTo(screen)),
                    timeout=10000)
    assert "paretoChart" in {chart.objectName() for chart in charts if chart.isVisibleTo(screen)}
    from PySide6.QtWidgets import QTableWidget

    for name, words in (("rfGrid", "Most are at recency"), ("cohortGrid", "cohorts from")):
        grid = screen.findChild(QTableWidget, name)
        face = QAccessible.queryAccessibleInterface(grid)
        assert words in face.text(QAccessible.Text.Description), name
        assert face.text(QAccessible.Text.Name) != "Overview", name  # named for what it shows, not the tab
    segments = screen.findChild(PlotWidget, "segmentChart")
    assert accessible_name(segments) == "Customer segments chart"
    face = QAccessible.queryAccessibleInterface(segments)
    summary = face.text(QAccessible.Text.Description)
    assert "customers (" in summary and "revenue ₩" in summary  # every segment's share, in words
    from crmdesk.ui.dashboard.charts import ChartCard

    for card in screen.findChildren(ChartCard):  # a heading beside a button is not the button's label
        assert "&" not in card.title.text() and card.title.buddy() is None
    revenue = screen.findChild(PlotWidget, "revenueChart")
    described = QAccessible.queryAccessibleInterface(revenue).text(QAccessible.Text.Description)
    assert "best month" in described and "₩90,000;" in described  # whole won, not ₩90,000.0


def test_the_stages_chart_says_its_months_in_words(app, qtbot):
    from crmdesk.ui.dashboard.lifecycle_view import STAGE_NAMES, StageChart

    chart = StageChart()
    qtbot.addWidget(chart)
    first = {"label": "2026-01", **{key: 10 for key in STAGE_NAMES}}
    last = {"label": "2026-03", **{key: 10 for key in STAGE_NAMES}, "loyal": 14}
    chart.show_counts([first, {**first, "label": "2026-02"}, last])
    described = chart.accessibleDescription()
    assert described.startswith("2026-01 to 2026-03.") and "+4" in described


def test_the_focused_navigation_shows_its_focus(window, qtbot):
    window.activateWindow()
    window.customers.search.setFocus()
    qtbot.waitUntil(lambda: window.customers.search.hasFocus())
    unfocused = window.nav.grab().toImage()
    window.nav.setFocus()
    qtbot.waitUntil(lambda: window.nav.hasFocus())
    focused = window.nav.grab().toImage()
    edge = [focused.pixelColor(x, focused.height() // 2) for x in range(3)]
    assert focused != unfocused
    highlight = window.nav.palette().color(window.nav.palette().ColorRole.Highlight)
    assert any(abs(c.hue() - highlight.hue()) < 20 and c.saturation() > 60 for c in edge)


def test_tab_goes_from_the_search_to_the_list_and_on_to_the_card(window, qtbot):
    window.activateWindow()
    search = window.customers.search
    search.setFocus()
    qtbot.waitUntil(search.hasFocus)
    reached = []
    widget = search
    for _ in range(8):
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) or not widget.isVisible():
            widget = widget.nextInFocusChain()
        reached.append(widget.objectName())
    assert reached.index("customerTable") < reached.index("field_name")


def test_a_hint_sentence_is_not_taken_for_a_label(window, qtbot):
    window.customers.select_customer(1)
    card = window.customers.card
    card.open_purchase(None)
    dialog = card.purchase_dialog
    assert dialog.hint.buddy() is None and "&" not in dialog.hint.text()
    payment = next(label for label in dialog.findChildren(QLabel) if label.buddy() is dialog.payment)
    assert "&" in payment.text()  # the grid's "Payment" label leads to its field
    dialog.close()


def test_tab_reaches_the_bars_above_the_list_before_the_list(window, qtbot):
    """With the drilled-into set's bar and the Undo bar shown above the list, Tab goes down the screen as it reads:
    the bars' buttons, then the list, then the card (they were built after the list and came after it)."""
    screen = window.customers
    screen.show_customer_set("Champions", {1, 2})
    screen.undo_bar.show()
    window.activateWindow()
    screen.add_button.setFocus()
    reached = []
    widget = screen.add_button
    for _ in range(6):
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) or not widget.isVisible():
            widget = widget.nextInFocusChain()
        reached.append(widget.objectName())
    assert reached[:3] == ["clearCustomerSet", "undoArchive", "customerTable"], reached
