"""The purchase dialog's words and its list of lines: payment methods, the purchase service's problems in the
dialog's words, amounts as typed at the counter, and the receipt's lines as a table model.

LinesModel is a RecordsModel, not a RowsModel: lines are appended and taken out one at a time while the
cashier types, and the view keeps its selection through that (a reset would lose it).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from crmdesk.errors import Problem
from crmdesk.services import purchases as psvc
from crmdesk.ui.kit import formatting, messages
from crmdesk.ui.kit.rows_model import RecordsModel

CTX = "PurchaseDialog"
PAYMENT_TEXTS = {
    "card": QT_TRANSLATE_NOOP("PurchaseDialog", "Card"),
    "cash": QT_TRANSLATE_NOOP("PurchaseDialog", "Cash"),
    "transfer": QT_TRANSLATE_NOOP("PurchaseDialog", "Bank transfer"),
    "easy_pay": QT_TRANSLATE_NOOP("PurchaseDialog", "KakaoPay / easy pay"),
    "other": QT_TRANSLATE_NOOP("PurchaseDialog", "Other"),
}
# Problem codes of the purchase service; codes shared with the card (date_future, too_long) come from messages.
PROBLEMS = {
    "customer_merged": QT_TRANSLATE_NOOP("PurchaseDialog",
                                         "This card was merged into another one; enter the purchase there."),
    "date_invalid": QT_TRANSLATE_NOOP("PurchaseDialog", "Enter the date and time of the purchase."),
    "payment_invalid": QT_TRANSLATE_NOOP("PurchaseDialog", "Choose a payment method from the list."),
    "lines_required": QT_TRANSLATE_NOOP("PurchaseDialog", "Add at least one line: product, quantity, price."),
    "product_required": QT_TRANSLATE_NOOP("PurchaseDialog", "Enter the product."),
    "number_invalid": QT_TRANSLATE_NOOP("PurchaseDialog", "Write a whole number, e.g. 4500 or 4,500."),
    "quantity_negative": QT_TRANSLATE_NOOP(
        "PurchaseDialog", "A quantity cannot be negative; to take a purchase back, void it."),
    "quantity_zero": QT_TRANSLATE_NOOP("PurchaseDialog", "The quantity is at least 1."),
    "quantity_large": QT_TRANSLATE_NOOP("PurchaseDialog", "This quantity is implausibly large; check it."),
    "price_negative": QT_TRANSLATE_NOOP("PurchaseDialog", "A price cannot be negative."),
    "price_required": QT_TRANSLATE_NOOP("PurchaseDialog", "Enter the unit price (0 for a free item)."),
    "amount_large": QT_TRANSLATE_NOOP("PurchaseDialog", "This amount is implausibly large; check it."),
    "discount_negative": QT_TRANSLATE_NOOP("PurchaseDialog", "A discount cannot be negative."),
    "discount_exceeds_line": QT_TRANSLATE_NOOP("PurchaseDialog", "The discount is larger than the line's amount."),
    "discount_exceeds_receipt": QT_TRANSLATE_NOOP("PurchaseDialog",
                                                  "The receipt discount is larger than the lines together."),
    "points_exceed_balance": QT_TRANSLATE_NOOP("PurchaseDialog",
                                               "More points than the customer has; see the points available."),
    "points_exceed_total": QT_TRANSLATE_NOOP("PurchaseDialog", "Points can pay at most the purchase total."),
    "points_negative": QT_TRANSLATE_NOOP("PurchaseDialog", "Points used cannot be negative."),
    "purchase_voided": QT_TRANSLATE_NOOP("PurchaseDialog", "This purchase was voided and cannot be changed."),
    "reason_required": QT_TRANSLATE_NOOP("PurchaseDialog", "Say why the purchase is voided."),
}

COL_PRODUCT, COL_CATEGORY, COL_QUANTITY, COL_PRICE, COL_DISCOUNT, COL_AMOUNT = range(6)


def tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


def problem_text(problem: Problem) -> str:
    """The translated text of a purchase problem, with its line number when it concerns one line."""
    source = PROBLEMS.get(problem.code)
    text = tr(source) if source else messages.problem_text(problem)
    if problem.field.startswith("line") and "." in problem.field:
        number = problem.field[4:problem.field.index(".")]
        return QCoreApplication.translate("PurchaseDialog", "Line {n}: {problem}").format(n=number, problem=text)
    return text


def parse_amount(text: str) -> int | None:
    """4,500 / ₩4500 / 4500원 -> 4500; empty -> None; anything else raises ValueError. A minus stays."""
    cleaned = text.strip().replace(",", "").replace("₩", "").replace("원", "").replace(" ", "")
    if not cleaned:
        return None
    return int(cleaned)


class LinesModel(RecordsModel[psvc.LineEntry]):
    """The receipt's lines as typed, in entry order."""

    @property
    def lines(self) -> list[psvc.LineEntry]:
        """The receipt's lines, in entry order: the model's rows."""
        return self.rows

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Product"), self.tr("Category"), self.tr("Qty"), self.tr("Unit price"), self.tr("Discount"),
                self.tr("Amount"))

    def append(self, line: psvc.LineEntry) -> None:
        row = len(self.rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.append(line)
        self.endInsertRows()

    def take(self, row: int) -> psvc.LineEntry:
        self.beginRemoveRows(QModelIndex(), row, row)
        line = self.rows.pop(row)
        self.endRemoveRows()
        return line

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (line.product, line.category or "", f"{line.quantity:,}", formatting.money(line.unit_price),
                    formatting.money(line.discount) if line.discount else "", formatting.money(line.amount))[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= COL_QUANTITY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
