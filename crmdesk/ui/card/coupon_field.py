"""The purchase dialog's coupon code: typed or scanned (a scanner ends with Enter), checked at once against the
customer and the purchase's day, and shown with what it gives or why it cannot be used. The purchase service
checks it again when the purchase is saved and records the redemption with it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from crmdesk.errors import ValidationError
from crmdesk.services import coupons
from crmdesk.store import Store
from crmdesk.ui.kit import formatting, theme
from crmdesk.ui.kit.messages import problem_text


class CouponField(QWidget):
    """``applied(amount)``: a valid coupon worth ``amount`` won off the receipt (0: a gift or an offer in words)."""

    applied = Signal(int)

    def __init__(self, store: Store, customer_id: int, day: Callable[[], date], purchase_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._customer_id, self._day, self._purchase_id = store, customer_id, day, purchase_id
        self.code = QLineEdit(objectName="couponCode")
        self.code.setPlaceholderText(self.tr("type or scan"))
        self.code.setMaxLength(coupons.MAX_CODE + 10)
        self.code.returnPressed.connect(self.check)
        self.check_button = QPushButton(self.tr("Check"), objectName="couponCheck")
        self.check_button.setAutoDefault(False)
        self.check_button.clicked.connect(self.check)
        self.state = QLabel(objectName="couponState")
        self.state.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Coupon")))
        row.addWidget(self.code, 1)
        row.addWidget(self.check_button)
        row.addWidget(self.state, 2)

    def text(self) -> str | None:
        return coupons.clean_code(self.code.text()) or None

    def set_code(self, code: str | None) -> None:
        self.code.setText(code or "")
        self.state.setText(self.tr("Redeemed on this purchase") if code else "")

    def check(self) -> bool:
        """Check the code now; True when it can be used (an empty field is fine too)."""
        wanted = self.text()
        if wanted is None:
            self.state.setText("")
            return True
        self.code.setText(wanted)
        try:
            with self._store.session() as session:
                coupon = coupons.check_code(session, wanted, self._customer_id, self._day(), self._purchase_id)
                amount, offer, until = coupon.amount, coupon.offer, coupon.expires_on
        except ValidationError as err:
            self.state.setStyleSheet(theme.text_style("error"))
            self.state.setText("\n".join(problem_text(p) for p in err.problems))
            return False
        what = formatting.money(amount) + self.tr(" off") if amount else (offer or self.tr("valid"))
        self.state.setStyleSheet(theme.text_style("success"))
        self.state.setText(self.tr("✓ {what}{until}").format(
            what=what, until=self.tr(", until {day}").format(day=formatting.day(until)) if until else ""))
        self.applied.emit(amount)
        return True
