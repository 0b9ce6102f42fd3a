"""Settings → Products and costs…: the owner types what products cost, or a margin, and the margin follows."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from crmdesk.models import Product, ProductCategory
from tests.analytics.margin_shop import build_margin_shop


def open_editor(window, qtbot):
    window.nav.setCurrentRow(window.screen_row("settings"))
    qtbot.mouseClick(window.settings.findChild(QPushButton, "editCosts"), Qt.MouseButton.LeftButton)
    editor = window.settings.catalogue_editor
    assert editor is not None and editor.isVisible()
    return editor


def ids(store) -> dict[str, int]:
    with store.session() as session:
        return {p.name: p.id for p in session.execute(select(Product)).scalars()}


def test_typed_costs_and_margins_are_stored_and_count_in_the_margin(window, sample, qtbot):
    from crmdesk.analytics import margin

    build_margin_shop(sample)
    before = margin.coverage(margin.purchase_margins(sample, date(2024, 6, 30)))
    editor = open_editor(window, qtbot)
    product = ids(sample)
    assert editor.cost_edits[product["아메리카노"]].text() == "1,000"
    assert editor.margin_edits[product["라떼"]].text() == "60"
    editor.cost_edits[product["쿠키"]].setText("500원")
    editor.margin_edits[product["라떼"]].setText("")
    editor.cost_edits[product["라떼"]].setText("2,500")
    editor.category_edits["기타"].setText("40")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    assert "Costs saved" in window.statusBar().currentMessage()
    with sample.session() as session:
        stored = {p.name: (p.cost, p.margin_percent) for p in session.execute(select(Product)).scalars()}
        categories = {c.name: c.margin_percent for c in session.execute(select(ProductCategory)).scalars()}
    assert stored["쿠키"] == (500, None) and stored["라떼"] == (2500, None)
    assert categories == {"디저트": 50.0, "기타": 40.0}
    after = margin.coverage(margin.purchase_margins(sample, date(2024, 6, 30)))
    # The cookie now has a cost (2,000 - 500) and the latte costs 500 more.
    assert after.margin == before.margin + 1500 - 500
    assert after.uncosted_revenue == before.uncosted_revenue - 2000


def test_a_figure_that_does_not_read_names_the_product_and_saves_nothing(window, sample, qtbot):
    build_margin_shop(sample)
    editor = open_editor(window, qtbot)
    product = ids(sample)
    editor.cost_edits[product["쿠키"]].setText("700")
    editor.margin_edits[product["케이크"]].setText("140")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    assert editor.error.text() == "케이크: A margin is 0 to 100 %."
    with sample.session() as session:
        assert session.execute(select(Product.cost).where(Product.name == "쿠키")).scalar_one() is None
