"""Purchase entry from the customer card: type a product (the catalogue completes it and fills category and
last price), Enter through quantity and price to add the line, Enter on an empty product to save. The same
dialog edits a stored purchase and voids it with a reason; a voided one is shown read-only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QDateTime,
    QEvent,
    QObject,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crmdesk import normalise as nz
from crmdesk.errors import CrmError, Problem, ValidationError
from crmdesk.services import customers as csvc
from crmdesk.services import loyalty
from crmdesk.services import purchases as psvc
from crmdesk.store import Store
from crmdesk.ui.card.coupon_field import CouponField
from crmdesk.ui.card.purchase_lines import (
    COL_AMOUNT,
    COL_CATEGORY,
    COL_DISCOUNT,
    COL_PRICE,
    COL_PRODUCT,
    COL_QUANTITY,
    PAYMENT_TEXTS,
    LinesModel,
    parse_amount,
    problem_text,
    tr,
)
from crmdesk.ui.kit import accessibility, connection, dialogs, formatting, theme
from crmdesk.ui.kit.i18n import error_text
from crmdesk.ui.kit.lists import Selection, read_only_list
from crmdesk.ui.kit.staff_picker import StaffPicker


class PurchaseDialog(QDialog):
    """New purchase for a customer (``purchase_id`` None) or an existing one to edit or void.

    ``changed`` carries the customer id after a save or a void, so the card refreshes its totals."""

    changed = Signal(int)

    def __init__(self, store: Store, customer_id: int, purchase_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("purchaseDialog")
        self._store = store
        self.customer_id = customer_id
        self.purchase_id = purchase_id
        self._price_touched = False
        with store.session(immediate=True) as session:
            customer = csvc.get_customer(session, customer_id)
            self._catalogue = {s.name: s for s in psvc.product_suggestions(session, limit=5000)}
            categories = psvc.categories(session)
            detail = psvc.get_purchase(session, purchase_id) if purchase_id is not None else None
            # Points past their date are written off first, so the figure shown is what can be spent; an
            # edited purchase may keep the points it already used.
            loyalty.expire_points(session, [customer_id])
            self._points_available = max(0, loyalty.balance(session, customer_id)) + (
                detail.entry.points_redeemed if detail is not None else 0)
        self.detail = detail
        self.setWindowTitle(self.tr("Purchase — {name}").format(name=customer.name) if detail
                            else self.tr("New purchase — {name}").format(name=customer.name))

        head = self._build_receipt_head(customer)
        entry_row = self._build_entry_row(categories)
        totals = self._build_lines()
        self._build_error_and_void()
        buttons = self._build_buttons()

        layout = QVBoxLayout(self)
        layout.addWidget(self.customer_label)
        layout.addWidget(self.void_banner)
        layout.addLayout(head)
        layout.addSpacing(6)
        layout.addLayout(entry_row)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(totals)
        self.coupon = CouponField(store, customer_id, lambda: self.when.date().toPython(), purchase_id, self)
        self.coupon.applied.connect(self._coupon_applied)
        layout.addWidget(self.coupon)
        layout.addWidget(self.error)
        layout.addWidget(self.void_panel)
        layout.addLayout(buttons)
        self.resize(760, 520)

        self.void_button.setVisible(detail is not None)
        if detail is not None:
            self._load(detail)
        self._update_total()
        self._route_enter()
        self.product.setFocus(Qt.FocusReason.OtherFocusReason)
        accessibility.name_controls(self)

    # --- building ------------------------------------------------------------------------------------
    def _build_receipt_head(self, customer: Any) -> QGridLayout:
        """The receipt's head: who, when, how paid, by whom."""
        self.customer_label = QLabel(objectName="purchaseCustomer")
        phone = nz.format_phone(customer.phone)
        self.customer_label.setText(f"{customer.name} · {phone}" if phone else customer.name)
        self.customer_label.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.when = QDateTimeEdit(objectName="purchaseWhen")
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setCalendarPopup(True)
        self.when.setDateTime(QDateTime.currentDateTime())
        self.payment = QComboBox(objectName="purchasePayment")
        for code, text in PAYMENT_TEXTS.items():  # card first: what most customers pay with
            self.payment.addItem(tr(text), code)
        self.staff = StaffPicker(self._store, self, allow_none=True)
        self.staff.setObjectName("purchaseStaff")
        self.receipt_no = QLineEdit(objectName="purchaseReceiptNo")
        self.receipt_no.setPlaceholderText(self.tr("optional"))
        head = QGridLayout()
        head.addWidget(QLabel(self.tr("Date and time")), 0, 0)
        head.addWidget(self.when, 0, 1)
        head.addWidget(QLabel(self.tr("Payment")), 0, 2)
        head.addWidget(self.payment, 0, 3)
        head.addWidget(QLabel(self.tr("Staff")), 1, 0)
        head.addWidget(self.staff, 1, 1)
        head.addWidget(QLabel(self.tr("Receipt no.")), 1, 2)
        head.addWidget(self.receipt_no, 1, 3)
        head.setColumnStretch(1, 1)
        head.setColumnStretch(3, 1)
        return head

    def _build_entry_row(self, categories: list[str]) -> QHBoxLayout:
        """The line being typed: product (completed from the catalogue), category, quantity, price."""
        self.product = QLineEdit(objectName="lineProduct")
        self.product.setPlaceholderText(self.tr("Product (type to search the catalogue)"))
        # The models get a parent: QCompleter does not own its model, and Python would collect it at once.
        self.product_names = QStringListModel(sorted(self._catalogue), self)
        completer = QCompleter(self.product_names, self.product)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        # Picking from the list (Enter or a click) is the product decided: on to the quantity.
        completer.activated.connect(lambda name: (self._product_chosen(name), self._to_quantity()))
        self.product.setCompleter(completer)
        self.product.editingFinished.connect(lambda: self._product_chosen(self.product.text()))
        self.category = QLineEdit(objectName="lineCategory")
        self.category.setPlaceholderText(self.tr("Category"))
        self.category_names = QStringListModel(categories, self)
        cat_completer = QCompleter(self.category_names, self.category)
        cat_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.category.setCompleter(cat_completer)
        self.quantity = QSpinBox(objectName="lineQuantity")
        self.quantity.setRange(1, psvc.MAX_QUANTITY)
        self.quantity.setValue(1)
        self.price = QLineEdit(objectName="linePrice")
        self.price.setPlaceholderText(self.tr("Unit price"))
        self.price.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.price.textEdited.connect(lambda: setattr(self, "_price_touched", True))
        self.line_discount = QLineEdit(objectName="lineDiscount")
        self.line_discount.setPlaceholderText(self.tr("Discount"))
        self.line_discount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.add_button = QPushButton(self.tr("Add line"), objectName="addLine")
        self.add_button.clicked.connect(self.add_line)
        entry_row = QHBoxLayout()
        entry_row.addWidget(self.product, 4)
        entry_row.addWidget(self.category, 2)
        entry_row.addWidget(QLabel("×"))
        entry_row.addWidget(self.quantity, 1)
        entry_row.addWidget(self.price, 2)
        entry_row.addWidget(self.line_discount, 2)
        entry_row.addWidget(self.add_button)
        self.hint = QLabel(self.tr("Enter moves on: product → quantity → price adds the line; "
                                   "Enter on an empty product saves."), objectName="entryHint")
        self.hint.setStyleSheet(theme.text_style("muted"))
        return entry_row

    def _build_lines(self) -> QHBoxLayout:
        """The lines typed so far, the receipt discount, points used and the total."""
        self.lines = LinesModel(self)
        self.table = QTableView(objectName="purchaseLines")
        read_only_list(self.table, self.lines, selection=Selection.SingleSelection, stretch=[COL_PRODUCT],
                       widths={COL_CATEGORY: 90, COL_QUANTITY: 50, COL_PRICE: 90, COL_DISCOUNT: 80, COL_AMOUNT: 100},
                       on_open=self.edit_line)
        self.table.setToolTip(self.tr("Double-click a line to change it; Delete removes it"))
        self.remove_button = QPushButton(self.tr("Remove line"), objectName="removeLine")
        self.remove_button.clicked.connect(self.remove_selected_line)
        self.discount = self._amount_field("receiptDiscount", 120)
        self.total_label = QLabel(objectName="purchaseTotal")
        self.total_label.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        totals = QHBoxLayout()
        totals.addWidget(self.remove_button)
        totals.addStretch(1)
        totals.addWidget(QLabel(self.tr("Receipt discount")))
        totals.addWidget(self.discount)
        self.points = self._amount_field("pointsRedeemed", 90)
        self.points_available = QLabel(objectName="pointsAvailable")
        self.points_available.setText(self.tr("({points} P available)").format(
            points=f"{self._points_available:,}"))
        self.points.setEnabled(self._points_available > 0)
        totals.addSpacing(12)
        totals.addWidget(QLabel(self.tr("Points used")))
        totals.addWidget(self.points)
        totals.addWidget(self.points_available)
        totals.addSpacing(16)
        totals.addWidget(self.total_label)
        return totals

    def _amount_field(self, name: str, width: int) -> QLineEdit:
        """A right-aligned number below the lines (receipt discount, points used) that updates the total."""
        field = QLineEdit(objectName=name)
        field.setPlaceholderText("0")
        field.setAlignment(Qt.AlignmentFlag.AlignRight)
        field.setMaximumWidth(width)
        field.textChanged.connect(self._update_total)
        return field

    def _build_error_and_void(self) -> None:
        """The error line, and the void banner and panel (shown for a stored purchase)."""
        self.error = QLabel(objectName="purchaseError")
        self.error.setStyleSheet(theme.text_style("error"))
        self.error.setWordWrap(True)
        self.error.hide()

        self.void_banner = QLabel(objectName="voidBanner")
        self.void_banner.setWordWrap(True)
        self.void_banner.setStyleSheet(f"background: {theme.colour('danger_bg')}; color: "
                                       f"{theme.colour('danger_text')}; padding: 6px; border-radius: 4px;")
        self.void_banner.hide()
        self.void_panel = QFrame(objectName="voidPanel")
        self.void_reason = QLineEdit(objectName="voidReason")
        self.void_reason.setMaxLength(psvc.MAX_REASON)
        self.void_reason.setPlaceholderText(self.tr("Why is it voided? e.g. entered twice, refunded"))
        self.void_confirm = QPushButton(self.tr("Void purchase"), objectName="voidConfirm")
        self.void_confirm.clicked.connect(self.void)
        void_form = QFormLayout(self.void_panel)
        void_form.setContentsMargins(0, 0, 0, 0)
        void_row = QHBoxLayout()
        void_row.addWidget(self.void_reason, 1)
        void_row.addWidget(self.void_confirm)
        void_form.addRow(self.tr("Reason"), void_row)
        self.void_panel.hide()

    def _build_buttons(self) -> QHBoxLayout:
        self.save_button = QPushButton(self.tr("Save"), objectName="purchaseSave")
        self.save_button.clicked.connect(self.save)
        self.void_button = QPushButton(self.tr("Void…"), objectName="purchaseVoid")
        self.void_button.setToolTip(self.tr("Keep the purchase on record but count it nowhere"))
        self.void_button.clicked.connect(self._show_void_panel)
        self.close_button = QPushButton(self.tr("Cancel"), objectName="purchaseCancel")
        self.close_button.clicked.connect(self.reject)
        for button in (self.add_button, self.remove_button, self.save_button, self.void_button, self.void_confirm,
                       self.close_button):
            button.setAutoDefault(False)  # Enter is routed by keyPressEvent, never to a stray button
        buttons = QHBoxLayout()
        buttons.addWidget(self.void_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        return buttons

    # --- loading ---------------------------------------------------------------------------------------
    def _load(self, detail: psvc.PurchaseDetail) -> None:
        entry = detail.entry
        self.when.setDateTime(QDateTime(entry.purchased_at))
        self.payment.setCurrentIndex(max(0, self.payment.findData(entry.payment_method)))
        self.staff.set_staff_id(entry.staff_id)
        self.receipt_no.setText(entry.receipt_no or "")
        self.discount.setText(f"{entry.discount:,}" if entry.discount else "")
        self.points.setText(f"{entry.points_redeemed:,}" if entry.points_redeemed else "")
        self.coupon.set_code(entry.coupon_code)
        self.lines.set_rows(entry.lines)
        if detail.voided_at is not None:
            self.void_banner.setText(self.tr("Voided on {when}: {reason}. It stays on record and counts nowhere.")
                                     .format(when=formatting.moment(detail.voided_at), reason=detail.void_reason))
            self.void_banner.show()
            for widget in (self.when, self.payment, self.staff, self.receipt_no, self.product, self.category,
                           self.quantity, self.price, self.line_discount, self.add_button, self.remove_button,
                           self.discount, self.points, self.coupon, self.save_button, self.void_button):
                widget.setEnabled(False)
            self.save_button.hide()
            self.void_button.hide()
            self.hint.hide()
            self.close_button.setText(self.tr("Close"))

    # --- typing a line ---------------------------------------------------------------------------------
    def _product_chosen(self, name: str) -> None:
        """A known product brings its category and last price (unless the price was typed already)."""
        known = self._catalogue.get(nz.clean_text(name) or "")
        if known is None:
            return
        if not self.category.text().strip():
            self.category.setText(known.category or "")
        if not self._price_touched or not self.price.text().strip():
            self.price.setText(f"{known.unit_price:,}")
            self._price_touched = False

    def _line_from_fields(self) -> psvc.LineEntry | None:
        problems: list[Problem] = []
        values: dict[str, int] = {}
        for name, edit, default in (("unit_price", self.price, None), ("discount", self.line_discount, 0)):
            try:
                value = parse_amount(edit.text())
            except ValueError:
                problems.append(Problem(f"line{len(self.lines.lines) + 1}.{name}", "number_invalid", ""))
                continue
            if value is None and default is None:
                problems.append(Problem(f"line{len(self.lines.lines) + 1}.{name}", "price_required", ""))
                continue
            values[name] = default if value is None else value
        if not problems:
            line, problems = psvc.check_line(psvc.LineEntry(
                product=self.product.text(), category=self.category.text(), quantity=self.quantity.value(),
                unit_price=values["unit_price"], discount=values["discount"]), len(self.lines.lines) + 1)
            if not problems:
                return line
        self._show_problems(problems)
        return None

    def add_line(self) -> bool:
        self._product_chosen(self.product.text())
        line = self._line_from_fields()
        if line is None:
            return False
        self.lines.append(line)
        self.table.scrollToBottom()
        for edit in (self.product, self.category, self.price, self.line_discount):
            edit.clear()
        self.quantity.setValue(1)
        self._price_touched = False
        self.error.hide()
        self._update_total()
        self.product.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def edit_line(self, row: int) -> None:
        """Take a line back into the entry fields to change it."""
        if not self.add_button.isEnabled() or not 0 <= row < len(self.lines.lines):
            return
        line = self.lines.take(row)
        self.product.setText(line.product)
        self.category.setText(line.category or "")
        self.quantity.setValue(max(1, line.quantity))
        self.price.setText(f"{line.unit_price:,}")
        self.line_discount.setText(f"{line.discount:,}" if line.discount else "")
        self._price_touched = True
        self._update_total()
        self.product.setFocus(Qt.FocusReason.OtherFocusReason)

    def remove_selected_line(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else len(self.lines.lines) - 1
        if 0 <= row < len(self.lines.lines):
            self.lines.take(row)
            self._update_total()

    def _route_enter(self) -> None:
        """Enter means "next" in the line being typed, "add" at its end, and "save" elsewhere; each field
        says what it means through an event filter, so the key never reaches a stray default button."""
        self._enter_targets: dict[QObject, Callable[[], object]] = {
            self.product: self._enter_on_product,
            self.quantity: self._to_price,
            self.quantity.lineEdit(): self._to_price,
            self.category: self.add_line,
            self.price: self.add_line,
            self.line_discount: self.add_line,
            self.void_reason: self.void,
            self.coupon.code: self.coupon.check,  # a scanner's Enter checks the code, never saves
        }
        for widget in self._enter_targets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and watched in self._enter_targets:
            self._enter_targets[watched]()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.save_button.isEnabled():
                self.save()
            return
        if event.key() == Qt.Key.Key_Delete and self.table.hasFocus():
            self.remove_selected_line()
            return
        super().keyPressEvent(event)

    def _enter_on_product(self) -> None:
        if self.product.text().strip():
            self._product_chosen(self.product.text())
            self._to_quantity()
        elif self.save_button.isEnabled():
            self.save()

    def _to_quantity(self) -> None:
        self.quantity.setFocus(Qt.FocusReason.OtherFocusReason)
        self.quantity.selectAll()

    def _to_price(self) -> None:
        self.quantity.interpretText()
        self.price.setFocus(Qt.FocusReason.OtherFocusReason)
        self.price.selectAll()

    # --- the receipt -----------------------------------------------------------------------------------
    def _receipt_discount(self) -> int | None:
        try:
            return parse_amount(self.discount.text()) or 0
        except ValueError:
            return None

    def _points_used(self) -> int | None:
        try:
            return parse_amount(self.points.text()) or 0
        except ValueError:
            return None

    def _update_total(self) -> None:
        subtotal = sum(line.amount for line in self.lines.lines)
        discount = self._receipt_discount()
        if discount:
            text = self.tr("{subtotal} − {discount} = Total {total}").format(
                subtotal=formatting.money(subtotal), discount=formatting.money(discount),
                total=formatting.money(subtotal - discount))
        else:
            text = self.tr("Total {total}").format(total=formatting.money(subtotal))
        points = self._points_used() if hasattr(self, "points") else 0
        if points:
            text += "\n" + self.tr("− {points} P = to pay {pay}").format(
                points=f"{points:,}", pay=formatting.money(subtotal - (discount or 0) - points))
        self.total_label.setText(text)

    def entry(self) -> psvc.PurchaseEntry | None:
        discount = self._receipt_discount()
        if discount is None:
            self._show_problems([Problem("discount", "number_invalid", "")])
            return None
        points = self._points_used()
        if points is None:
            self._show_problems([Problem("points", "number_invalid", "")])
            return None
        when = self.when.dateTime().toPython()
        assert isinstance(when, datetime)
        return psvc.PurchaseEntry(
            customer_id=self.customer_id, purchased_at=when.replace(second=0, microsecond=0),
            lines=list(self.lines.lines), discount=discount, payment_method=self.payment.currentData(),
            staff_id=self.staff.staff_id(), receipt_no=self.receipt_no.text(), points_redeemed=points,
            coupon_code=self.coupon.text())

    def _coupon_applied(self, amount: int) -> None:
        """A valid coupon worth an amount fills an empty receipt discount with it (staff may change it)."""
        if amount and not (self._receipt_discount() or 0):
            self.discount.setText(f"{amount:,}")

    def save(self) -> bool:
        # A line typed but not yet added is what the user means too.
        if self.product.text().strip() and not self.add_line():
            return False
        entry = self.entry()
        if entry is None:
            return False
        def attempt() -> int | None:
            with self._store.session(immediate=True) as session:
                if self.purchase_id is None:
                    return psvc.create_purchase(session, entry).id
                psvc.update_purchase(session, self.purchase_id, entry)
                return self.purchase_id

        try:  # the server may be out of reach: the dialog stays open with everything typed, and may try again
            saved, purchase_id = connection.retrying(self, self._store, attempt)
        except ValidationError as err:
            self._show_problems(err.problems)
            return False
        if not saved:
            return False
        self.purchase_id = purchase_id  # only once committed
        self.changed.emit(self.customer_id)
        self.accept()
        return True

    # --- void ------------------------------------------------------------------------------------------
    def _show_void_panel(self) -> None:
        self.void_panel.show()
        self.void_reason.setFocus(Qt.FocusReason.OtherFocusReason)

    def void(self) -> bool:
        assert self.purchase_id is not None and self.detail is not None
        reason = self.void_reason.text().strip()
        if not reason:
            self._show_problems([Problem("void_reason", "reason_required", "")])
            self.void_reason.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        question = self.tr("Void this purchase of {total}? It stays on record but no longer counts in the "
                           "customer's totals. A void cannot be undone.").format(
            total=formatting.money(self.detail.total))
        if not dialogs.confirm(self, self.tr("Void purchase"), question):
            return False
        try:
            with self._store.session(immediate=True) as session:
                psvc.void_purchase(session, self.purchase_id, reason, self.staff.staff_id())
        except ValidationError as err:
            self._show_problems(err.problems)
            return False
        except CrmError as err:
            dialogs.warn(self, self.tr("Void purchase"), error_text(err))
            return False
        self.changed.emit(self.customer_id)
        self.accept()
        return True

    def _show_problems(self, problems: list[Problem]) -> None:
        self.error.setText("\n".join(problem_text(p) for p in problems))
        self.error.show()
