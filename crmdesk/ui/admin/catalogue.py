"""Settings → "Products and costs…": what each product costs the shop, or its margin, and each category's margin
(issue 20: profit, not only revenue). The dashboard's margin view, `--on margin` and the segment report read them.

A cell left empty means "no figure": the product then takes its category's margin, and without one its sales
count as revenue without a cost (the figures say how much). Nothing is saved until every typed figure reads.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.access import Permission, require
from crmdesk.errors import CrmError, ValidationError
from crmdesk.services import catalogue
from crmdesk.store import Store
from crmdesk.ui.kit import accessibility, formatting, messages, theme
from crmdesk.ui.kit.i18n import error_text
from crmdesk.ui.kit.lists import Selection, read_only_list


def _number(text: str) -> int | float | str | None:
    """A typed figure: "" -> None, "1,200" -> 1200, "62.5" -> 62.5; anything else comes back as typed (the service
    names the problem)."""
    text = text.strip().replace(",", "").rstrip("%원₩ ").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def _shown(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else f"{value:,}"


class CatalogueEditor(QDialog):
    saved = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("catalogueEditor")
        self.setWindowTitle(self.tr("Products and costs"))
        self.resize(760, 640)
        self._store = store
        intro = QLabel(self.tr(
            "What each product costs the shop (won per unit), or its margin as a percentage of the price; a product "
            "with neither takes its category's margin. Sales of products with no cost at all are left out of margin, "
            "and the figures say how much. Leave a cell empty for no figure."))
        intro.setWordWrap(True)
        with store.session() as session:
            self.items = catalogue.products(session)
            self.groups = catalogue.categories(session)
        self.products = self._product_table()
        self.categories = self._category_table()
        self.error = QLabel(objectName="catalogueError")
        self.error.setStyleSheet(theme.text_style("error"))
        self.error.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save"), objectName="catalogueSave")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton(self.tr("Cancel"), objectName="catalogueCancel")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        products_label = QLabel(self.tr("&Products"))
        products_label.setBuddy(self.products)
        categories_label = QLabel(self.tr("C&ategories"))
        categories_label.setBuddy(self.categories)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(products_label)
        layout.addWidget(self.products, 3)
        layout.addWidget(categories_label)
        layout.addWidget(self.categories, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        accessibility.name_controls(self)

    def _edit(self, name: str, value: float | None, described: str) -> QLineEdit:
        edit = QLineEdit(_shown(value), objectName=name)
        edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        edit.setAccessibleName(described)
        return edit

    def _product_table(self) -> QTableWidget:
        table = QTableWidget(len(self.items), 5, objectName="catalogueProducts")
        table.setAccessibleName(self.tr("Products and their costs"))
        table.setHorizontalHeaderLabels([self.tr("Product"), self.tr("Category"), self.tr("Price"),
                                         self.tr("Cost (won)"), self.tr("Margin %")])
        read_only_list(table, rows=False, selection=Selection.NoSelection, stretch=[0])
        self.cost_edits: dict[int, QLineEdit] = {}
        self.margin_edits: dict[int, QLineEdit] = {}
        for row, item in enumerate(self.items):
            for col, text in enumerate((item.name, item.category or "", formatting.money(item.unit_price))):
                cell = QTableWidgetItem(text)
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled)
                if col == 2:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(row, col, cell)
            self.cost_edits[item.id] = self._edit(f"cost_{item.id}", item.cost,
                                                  self.tr("{product}: cost in won").format(product=item.name))
            self.margin_edits[item.id] = self._edit(f"margin_{item.id}", item.margin_percent,
                                                    self.tr("{product}: margin %").format(product=item.name))
            table.setCellWidget(row, 3, self.cost_edits[item.id])
            table.setCellWidget(row, 4, self.margin_edits[item.id])
        return table

    def _category_table(self) -> QTableWidget:
        table = QTableWidget(len(self.groups), 3, objectName="catalogueCategories")
        table.setAccessibleName(self.tr("Categories and their margins"))
        table.setHorizontalHeaderLabels([self.tr("Category"), self.tr("Products"), self.tr("Margin %")])
        read_only_list(table, rows=False, selection=Selection.NoSelection, stretch=[0])
        self.category_edits: dict[str, QLineEdit] = {}
        for row, group in enumerate(self.groups):
            for col, text in enumerate((group.name, f"{group.products:,}")):
                cell = QTableWidgetItem(text)
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled)
                table.setItem(row, col, cell)
            self.category_edits[group.name] = self._edit(
                f"categoryMargin_{row}", group.margin_percent,
                self.tr("{category}: margin %").format(category=group.name))
            table.setCellWidget(row, 2, self.category_edits[group.name])
        return table

    def save(self) -> None:
        """Every changed figure in one unit of work; the first product or category that does not read is named and
        nothing is saved."""
        try:
            require(self._store, Permission.SETTINGS)
            with self._store.session() as session:
                for item in self.items:
                    cost = _number(self.cost_edits[item.id].text())
                    margin = _number(self.margin_edits[item.id].text())
                    if (cost, margin) == (item.cost, item.margin_percent):
                        continue
                    try:
                        catalogue.set_product_cost(session, item.id, cost=cost, margin_percent=margin)  # type: ignore[arg-type]
                    except ValidationError as exc:
                        raise CrmError(f"{item.name}: {messages.problems_text(exc.problems)}") from None
                for group in self.groups:
                    margin = _number(self.category_edits[group.name].text())
                    if margin == group.margin_percent:
                        continue
                    try:
                        catalogue.set_category_margin(session, group.name, margin)  # type: ignore[arg-type]
                    except ValidationError as exc:
                        raise CrmError(f"{group.name}: {messages.problems_text(exc.problems)}") from None
        except CrmError as exc:
            self.error.setText(error_text(exc))
            return
        self.saved.emit()
        self.accept()
