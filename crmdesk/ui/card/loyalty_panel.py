"""The card's points tab: balance, tier and what expires soon, the ledger, and an adjustment with a reason."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crmdesk.errors import CrmError, ValidationError
from crmdesk.services import loyalty
from crmdesk.store import Store
from crmdesk.ui.card.purchase_dialog import parse_amount
from crmdesk.ui.kit import formatting, messages, theme
from crmdesk.ui.kit.i18n import error_text
from crmdesk.ui.kit.lists import read_only_list
from crmdesk.ui.kit.rows_model import RecordsModel
from crmdesk.ui.kit.staff_picker import StaffPicker

CTX = "LoyaltyPanel"
KIND_TEXTS = {
    "earn": QT_TRANSLATE_NOOP("LoyaltyPanel", "Earned"),
    "redeem": QT_TRANSLATE_NOOP("LoyaltyPanel", "Used"),
    "expire": QT_TRANSLATE_NOOP("LoyaltyPanel", "Expired"),
    "adjust": QT_TRANSLATE_NOOP("LoyaltyPanel", "Adjusted"),
}
PROBLEMS = {
    "points_invalid": QT_TRANSLATE_NOOP("LoyaltyPanel", "Enter a whole number of points, e.g. 500 or -200."),
    "points_large": QT_TRANSLATE_NOOP("LoyaltyPanel", "That many points is implausible; check the number."),
    "reason_required": QT_TRANSLATE_NOOP("LoyaltyPanel", "Say why the points are adjusted."),
    "too_long": QT_TRANSLATE_NOOP("LoyaltyPanel", "The reason is too long (at most 200 characters)."),
    "points_exceed_balance": QT_TRANSLATE_NOOP("LoyaltyPanel", "The customer does not have that many points."),
}
HEADERS = (
    QT_TRANSLATE_NOOP("LoyaltyPanel", "Date"),
    QT_TRANSLATE_NOOP("LoyaltyPanel", "Entry"),
    QT_TRANSLATE_NOOP("LoyaltyPanel", "Points"),
    QT_TRANSLATE_NOOP("LoyaltyPanel", "Balance"),
    QT_TRANSLATE_NOOP("LoyaltyPanel", "Note"),
)


def tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


class LedgerModel(RecordsModel[loyalty.LedgerLine]):
    """The points ledger; points taken away in red."""

    def headers(self) -> list[str]:
        return [tr(h) for h in HEADERS]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return line.at.strftime("%y-%m-%d %H:%M")  # short, as on the timeline: the card is narrow
            if col == 1:
                text = tr(KIND_TEXTS.get(line.kind, line.kind))
                if line.kind == "earn" and line.points < 0:
                    text = QCoreApplication.translate("LoyaltyPanel", "Earn taken back")
                elif line.kind == "redeem" and line.points > 0:
                    text = QCoreApplication.translate("LoyaltyPanel", "Given back")
                return text
            if col == 2:
                return f"{line.points:+,}"
            if col == 3:
                return f"{line.balance:,}"
            return self._note(line)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == 2 and line.points < 0:
            return QColor(theme.colour("error"))
        return None

    @staticmethod
    def _note(line: loyalty.LedgerLine) -> str:
        parts = []
        if line.purchase_id is not None:
            parts.append(QCoreApplication.translate("LoyaltyPanel", "purchase #{id}").format(id=line.purchase_id))
        if line.reason == "void":
            parts.append(QCoreApplication.translate("LoyaltyPanel", "voided"))
        elif line.reason == "import":
            parts.append(QCoreApplication.translate("LoyaltyPanel", "imported sale"))
        elif line.reason:
            parts.append(line.reason)
        if line.staff_name:
            parts.append(line.staff_name)
        if line.points > 0 and line.expires_at is not None:
            parts.append(QCoreApplication.translate("LoyaltyPanel", "expires {day}").format(
                day=formatting.day(line.expires_at)))
        return " · ".join(parts)


class LoyaltyPanel(QWidget):
    """Shows one customer's points and tier; ``changed`` after an adjustment (the timeline follows)."""

    changed = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loyaltyPanel")
        self._store = store
        self.customer_id: int | None = None
        self.balance_label = QLabel(objectName="pointsBalance")
        self.balance_label.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.tier_label = QLabel(objectName="tierLabel")
        self.tier_label.setStyleSheet(theme.text_style("gold", "font-size: 12pt; font-weight: bold;"))
        self.detail_label = QLabel(objectName="loyaltyDetail")
        self.detail_label.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(self.balance_label)
        head.addSpacing(16)
        head.addWidget(self.tier_label)
        head.addStretch(1)

        self.model = LedgerModel(self)
        self.table = QTableView(objectName="pointsLedger")
        read_only_list(self.table, self.model, row_height=22, stretch=[4], widths=(96, 62, 58, 62))

        self.adjust_points = QLineEdit(objectName="adjustPoints")
        self.adjust_points.setPlaceholderText(self.tr("+500 or -200"))
        self.adjust_points.setMaximumWidth(100)
        self.adjust_reason = QLineEdit(objectName="adjustReason")
        self.adjust_reason.setPlaceholderText(self.tr("Reason (required)"))
        self.staff = StaffPicker(store, self, allow_none=True)
        self.adjust_button = QPushButton(self.tr("Adjust points"), objectName="adjustButton")
        self.adjust_button.clicked.connect(self.adjust)
        self.adjust_reason.returnPressed.connect(self.adjust)
        self.error = QLabel(objectName="adjustError")
        self.error.setStyleSheet(theme.text_style("error"))
        self.error.hide()
        adjust = QHBoxLayout()
        adjust.addWidget(self.adjust_points)
        adjust.addWidget(self.adjust_reason, 1)
        adjust.addWidget(self.staff)
        adjust.addWidget(self.adjust_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(adjust)
        layout.addWidget(self.error)

    def show_customer(self, customer_id: int | None) -> None:
        self.customer_id = customer_id
        self.error.hide()
        if customer_id is None:
            self.model.set_rows([])
            self.balance_label.setText("")
            self.tier_label.setText("")
            self.detail_label.setText("")
            return
        with self._store.session() as session:
            info = loyalty.summary(session, customer_id)
            rows = loyalty.ledger(session, customer_id)
        self.model.set_rows(rows)
        self.balance_label.setText(self.tr("{points} P").format(points=f"{info.balance:,}"))
        if info.balance < 0:
            self.balance_label.setStyleSheet(theme.text_style("error", "font-size: 15pt; font-weight: bold;"))
        else:
            self.balance_label.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.tier_label.setText(self.tr("Tier: {tier}").format(tier=info.tier))
        parts = [self.tr("Spent in the last 12 months: {spend}").format(spend=formatting.money(info.spend_12m))]
        if info.next_tier:
            parts.append(self.tr("{amount} more to {tier}").format(amount=formatting.money(info.to_next_tier),
                                                                   tier=info.next_tier))
        if info.expiring_soon:
            parts.append(self.tr("{points} P expire on {day}").format(points=f"{info.expiring_soon:,}",
                                                                      day=formatting.day(info.expiring_on)))
        if info.balance < 0:
            parts.append(self.tr("Below zero: a voided purchase took back points already used."))
        self.detail_label.setText(" · ".join(parts))

    def adjust(self) -> bool:
        if self.customer_id is None:
            return False
        try:
            points = parse_amount(self.adjust_points.text().replace("+", ""))
        except ValueError:
            points = None
        if points is None:
            self._show(tr(PROBLEMS["points_invalid"]))
            return False
        try:
            with self._store.session() as session:
                loyalty.adjust_points(session, self.customer_id, points, self.adjust_reason.text(),
                                      self.staff.staff_id())
        except ValidationError as err:
            self._show("\n".join(tr(PROBLEMS[p.code]) if p.code in PROBLEMS else messages.problem_text(p)
                                  for p in err.problems))
            return False
        except CrmError as err:
            self._show(error_text(err))
            return False
        self.adjust_points.clear()
        self.adjust_reason.clear()
        self.show_customer(self.customer_id)
        self.changed.emit(self.customer_id)
        return True

    def _show(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
