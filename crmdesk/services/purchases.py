"""Purchases entered at the counter: create, edit and void a receipt with its lines; the product catalogue.

Money is in minor units (integers). A line's amount is quantity x unit price - line discount; the receipt's
total is the sum of its lines minus the receipt discount. A voided purchase stays on record (who voided it,
when, why) but counts nowhere: not in the customer's totals, not in analyses. A void is final: there is no
un-void, so the record of what happened stays honest and a re-import of the same receipt cannot bring it
back; a purchase voided by mistake is entered again.

Every function takes an open Session and does not commit, like the customer services. The customer's
derived totals (visits, spent, last purchase) are refreshed in the same unit of work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlmodel import Session

from crmdesk import normalise as nz
from crmdesk.errors import NotFound, Problem, ValidationError
from crmdesk.models import Customer, Product, Purchase, PurchaseLine
from crmdesk.models.base import now
from crmdesk.services import audit, concurrency, coupons, loyalty
from crmdesk.services.checks import check_staff, raise_problems
from crmdesk.services.customers import refresh_purchase_totals

PAYMENT_METHODS = ("cash", "card", "transfer", "easy_pay", "other")
MAX_PRODUCT = 200
MAX_CATEGORY = 100
MAX_REASON = 200
MAX_RECEIPT_NO = 50
# Terminals' clocks drift a little; a purchase "in the future" by less than this is taken as now.
CLOCK_SLACK = timedelta(minutes=5)
# Quantities and prices beyond these are typing slips (a barcode scanned into the price field).
MAX_QUANTITY = 100_000
MAX_AMOUNT = 10_000_000_000


@dataclass
class LineEntry:
    """One line as typed: product, category, quantity, unit price and the discount on the line."""

    product: str
    quantity: int = 1
    unit_price: int = 0
    discount: int = 0
    category: str | None = None

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_price - self.discount


@dataclass
class PurchaseEntry:
    """A whole receipt as typed."""

    customer_id: int | None
    purchased_at: datetime
    lines: list[LineEntry] = field(default_factory=list)
    discount: int = 0  # on the whole receipt
    payment_method: str | None = None
    staff_id: int | None = None
    receipt_no: str | None = None
    points_redeemed: int = 0  # loyalty points paid with (see services/loyalty.py)
    coupon_code: str | None = None  # a coupon redeemed on it (see services/coupons.py)

    @property
    def subtotal(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def total(self) -> int:
        return self.subtotal - self.discount


@dataclass(frozen=True)
class PurchaseDetail:
    """A stored purchase with its lines, as the entry dialog shows it."""

    id: int
    entry: PurchaseEntry
    total: int
    voided_at: datetime | None
    void_reason: str | None
    voided_by_staff_id: int | None
    imported: bool


@dataclass(frozen=True)
class ProductSuggestion:
    name: str
    category: str | None
    unit_price: int


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_line(line: LineEntry, number: int = 1) -> tuple[LineEntry | None, list[Problem]]:
    """One line on its own (the entry dialog checks each line as it is added): the cleaned line, or None
    when its numbers are not whole numbers, and its problems named ``line<number>.<field>``."""
    problems: list[Problem] = []
    where = f"line{number}"

    def fail(name: str, code: str, message: str, value: object = "") -> None:
        problems.append(Problem(field=f"{where}.{name}", code=code, message=f"line {number}: {message}",
                                value=str(value)))

    product = nz.clean_text(line.product)
    category = nz.clean_text(line.category)
    if not product:
        fail("product", "product_required", "enter the product")
    elif len(product) > MAX_PRODUCT:
        fail("product", "too_long", f"at most {MAX_PRODUCT} characters", product)
    if category is not None and len(category) > MAX_CATEGORY:
        fail("category", "too_long", f"at most {MAX_CATEGORY} characters", category)
    bad_numbers = [(name, value) for name, value in (("quantity", line.quantity), ("unit_price", line.unit_price),
                                                     ("discount", line.discount)) if not _is_int(value)]
    for name, value in bad_numbers:
        fail(name, "number_invalid", f"{name} must be a whole number", value)
    if bad_numbers:
        return None, problems
    if line.quantity < 0:
        fail("quantity", "quantity_negative", "a quantity cannot be negative; void the purchase to take it back",
             line.quantity)
    elif line.quantity == 0:
        fail("quantity", "quantity_zero", "a quantity is at least 1", line.quantity)
    elif line.quantity > MAX_QUANTITY:
        fail("quantity", "quantity_large", "quantity is implausibly large", line.quantity)
    if line.unit_price < 0:
        fail("unit_price", "price_negative", "a price cannot be negative", line.unit_price)
    elif line.unit_price > MAX_AMOUNT:
        fail("unit_price", "amount_large", "price is implausibly large", line.unit_price)
    if line.discount < 0:
        fail("discount", "discount_negative", "a discount cannot be negative", line.discount)
    elif line.quantity > 0 and line.unit_price >= 0 and line.discount > line.quantity * line.unit_price:
        fail("discount", "discount_exceeds_line",
             f"the discount is larger than the line ({line.quantity * line.unit_price})", line.discount)
    return LineEntry(product=product or "", quantity=line.quantity, unit_price=line.unit_price,
                     discount=line.discount, category=category), problems


def validate_entry(session: Session, entry: PurchaseEntry, purchase_id: int | None = None) -> PurchaseEntry:
    """A cleaned copy of the entry (texts trimmed, categories filled from the catalogue), or ValidationError
    listing every problem. Line problems name their line as ``line<N>.<field>`` (N from 1); points redeemed
    beyond the balance (plus what the edited purchase ``purchase_id`` already redeemed) are ``points``."""
    problems: list[Problem] = []

    def fail(where: str, code: str, message: str, value: object = "") -> None:
        problems.append(Problem(field=where, code=code, message=message, value=str(value)))

    if entry.customer_id is not None:
        customer = session.get(Customer, entry.customer_id)
        if customer is None:
            fail("customer", "customer_missing", f"customer #{entry.customer_id} does not exist", entry.customer_id)
        elif customer.erased_at is not None:
            fail("customer", "customer_erased", "this customer's data was erased; the card takes no new purchases",
                 entry.customer_id)
        elif customer.merged_into_id is not None:
            fail("customer", "customer_merged",
                 f"this card was merged into customer #{customer.merged_into_id}; enter the purchase there",
                 entry.customer_id)
    if not isinstance(entry.purchased_at, datetime):
        fail("purchased_at", "date_invalid", "the purchase needs a date and time", entry.purchased_at)
    elif entry.purchased_at > now() + CLOCK_SLACK:
        fail("purchased_at", "date_future", "this date lies in the future", entry.purchased_at)
    elif entry.purchased_at.year < 1900:
        fail("purchased_at", "date_past", "this date is too far in the past", entry.purchased_at)
    if entry.payment_method is not None and entry.payment_method not in PAYMENT_METHODS:
        fail("payment_method", "payment_invalid", f"payment is one of {', '.join(PAYMENT_METHODS)}",
             entry.payment_method)
    check_staff(session, entry.staff_id, problems)
    receipt_no = nz.clean_text(entry.receipt_no)
    if receipt_no is not None and len(receipt_no) > MAX_RECEIPT_NO:
        fail("receipt_no", "too_long", f"at most {MAX_RECEIPT_NO} characters", receipt_no)

    lines: list[LineEntry] = []
    before_lines = len(problems)
    if not entry.lines:
        fail("lines", "lines_required", "a purchase needs at least one line")
    for number, line in enumerate(entry.lines, start=1):
        clean, line_problems = check_line(line, number)
        problems.extend(line_problems)
        if clean is None:
            continue
        if clean.product and clean.category is None:
            clean.category = session.execute(
                select(Product.category).where(Product.name == clean.product)).scalar_one_or_none()
        lines.append(clean)

    if not _is_int(entry.discount):
        fail("discount", "number_invalid", "the receipt discount must be a whole number", entry.discount)
    elif entry.discount < 0:
        fail("discount", "discount_negative", "a discount cannot be negative", entry.discount)
    elif len(problems) == before_lines and entry.discount > sum(line.amount for line in lines):
        fail("discount", "discount_exceeds_receipt",
             f"the receipt discount is larger than the lines ({sum(line.amount for line in lines)})", entry.discount)
    if not problems:
        total = sum(line.amount for line in lines) - entry.discount
        problems.extend(loyalty.redemption_problems(session, entry.customer_id, entry.points_redeemed, total,
                                                    purchase_id))
    coupon_code = coupons.clean_code(entry.coupon_code) or None
    if coupon_code and isinstance(entry.purchased_at, datetime):
        problems.extend(coupons.code_problems(session, coupon_code, entry.customer_id, entry.purchased_at.date(),
                                              purchase_id)[1])
    if problems:
        raise ValidationError(problems)
    return PurchaseEntry(customer_id=entry.customer_id, purchased_at=entry.purchased_at.replace(microsecond=0),
                         lines=lines, discount=entry.discount, payment_method=entry.payment_method,
                         staff_id=entry.staff_id, receipt_no=receipt_no, points_redeemed=entry.points_redeemed or 0,
                         coupon_code=coupon_code)


def remember_product(session: Session, name: str, category: str | None, unit_price: int) -> Product:
    """Add a product to the catalogue, or update its category and last price from what was just entered."""
    concurrency.lock_name(session, f"product:{name}")  # two counters selling a new product at once: one adds it
    product = session.execute(select(Product).where(Product.name == name)).scalar_one_or_none()
    if product is None:
        product = Product(name=name, category=category, unit_price=unit_price)
        session.add(product)
        session.flush()
    else:
        if category:
            product.category = category
        product.unit_price = unit_price
        product.active = True
    return product


def _write_lines(session: Session, purchase: Purchase, lines: Sequence[LineEntry]) -> None:
    for line in lines:
        product = remember_product(session, line.product, line.category, line.unit_price)
        session.add(PurchaseLine(purchase_id=purchase.id, product=line.product, category=line.category,
                                 quantity=line.quantity, unit_price=line.unit_price, amount=line.amount,
                                 discount=line.discount, product_id=product.id))


AUDITED_FIELDS = ("customer_id", "purchased_at", "total", "discount", "payment_method", "staff_id", "receipt_no")


def _snapshot(session: Session, purchase: Purchase) -> dict[str, Any]:
    """The purchase as the audit log records it: its fields, and its lines as "name × qty @ price"."""
    lines = session.execute(select(PurchaseLine.product, PurchaseLine.quantity, PurchaseLine.unit_price)
                            .where(PurchaseLine.purchase_id == purchase.id).order_by(PurchaseLine.id)).all()
    values: dict[str, Any] = {name: getattr(purchase, name) for name in AUDITED_FIELDS}
    values["lines"] = "; ".join(f"{name} × {qty} @ {price}" for name, qty, price in lines)
    return values


def _customers_to_refresh(*ids: int | None) -> list[int]:
    return sorted({i for i in ids if i is not None})


def create_purchase(session: Session, entry: PurchaseEntry) -> Purchase:
    """Store a new purchase; the catalogue learns its products and the customer's totals follow at once."""
    concurrency.lock_customers(session, [entry.customer_id])  # another counter's purchase first, then this one
    clean = validate_entry(session, entry)
    purchase = Purchase(customer_id=clean.customer_id, purchased_at=clean.purchased_at, total=clean.total,
                        staff_id=clean.staff_id, receipt_no=clean.receipt_no, discount=clean.discount,
                        payment_method=clean.payment_method)
    session.add(purchase)
    session.flush()
    _write_lines(session, purchase, clean.lines)
    session.flush()
    loyalty.sync_purchase_points(session, purchase, clean.points_redeemed)
    coupons.sync_purchase(session, purchase, clean.coupon_code)
    if customers := _customers_to_refresh(clean.customer_id):
        refresh_purchase_totals(session, customers)
        loyalty.recompute_tiers(session, customers)
    audit.record(session, "purchase", purchase.customer_id,
                 {"purchase": purchase.id, "total": purchase.total, "at": purchase.purchased_at})
    return purchase


def _get(session: Session, purchase_id: int) -> Purchase:
    purchase = session.get(Purchase, purchase_id)
    if purchase is None:
        raise NotFound.of("Purchase", purchase_id)
    return purchase


def _refuse_voided(purchase: Purchase) -> None:
    if purchase.voided_at is not None:
        raise ValidationError([Problem("purchase", "purchase_voided",
                                       "this purchase was voided; a voided purchase cannot be changed")])


def update_purchase(session: Session, purchase_id: int, entry: PurchaseEntry) -> Purchase:
    """Replace a purchase's fields and lines with the entry (a voided one is refused). Moving it to another
    customer updates both customers' totals."""
    purchase = _get(session, purchase_id)
    concurrency.lock_customers(session, [purchase.customer_id, entry.customer_id])
    _refuse_voided(purchase)
    clean = validate_entry(session, entry, purchase.id)
    old_customer = purchase.customer_id
    before = _snapshot(session, purchase)
    session.execute(delete(PurchaseLine).where(PurchaseLine.purchase_id == purchase.id))
    purchase.customer_id = clean.customer_id
    purchase.purchased_at = clean.purchased_at
    purchase.total = clean.total
    purchase.staff_id = clean.staff_id
    purchase.receipt_no = clean.receipt_no
    purchase.discount = clean.discount
    purchase.payment_method = clean.payment_method
    session.flush()
    _write_lines(session, purchase, clean.lines)
    session.flush()
    loyalty.sync_purchase_points(session, purchase, clean.points_redeemed)
    coupons.sync_purchase(session, purchase, clean.coupon_code)
    if customers := _customers_to_refresh(old_customer, clean.customer_id):
        refresh_purchase_totals(session, customers)
        loyalty.recompute_tiers(session, customers)
    if changed := audit.changes(before, _snapshot(session, purchase)):
        audit.record(session, "purchase_change", purchase.customer_id, {"purchase": purchase.id, **changed})
    return purchase


def void_purchase(session: Session, purchase_id: int, reason: str, staff_id: int | None = None) -> Purchase:
    """Void a purchase: it stays on record with the reason, who and when, and counts nowhere from now on."""
    purchase = _get(session, purchase_id)
    concurrency.lock_customers(session, [purchase.customer_id])
    session.refresh(purchase)  # voided by another counter while this one waited?
    _refuse_voided(purchase)
    clean = nz.clean_text(reason)
    if not clean:
        raise ValidationError([Problem("void_reason", "reason_required", "say why the purchase is voided")])
    if len(clean) > MAX_REASON:
        raise ValidationError([Problem("void_reason", "too_long", f"at most {MAX_REASON} characters", clean)])
    raise_problems(check_staff, session, staff_id)
    purchase.voided_at = now()
    purchase.void_reason = clean
    purchase.voided_by_staff_id = staff_id
    session.flush()
    loyalty.sync_purchase_points(session, purchase)
    coupons.give_back(session, purchase.id or 0)
    if purchase.customer_id is not None:
        refresh_purchase_totals(session, [purchase.customer_id])
        loyalty.recompute_tiers(session, [purchase.customer_id])
    audit.record(session, "purchase_void", purchase.customer_id,
                 {"purchase": purchase.id, "total": purchase.total, "reason": clean})
    return purchase


def get_purchase(session: Session, purchase_id: int) -> PurchaseDetail:
    purchase = _get(session, purchase_id)
    lines = session.execute(
        select(PurchaseLine).where(PurchaseLine.purchase_id == purchase_id).order_by(PurchaseLine.id)
    ).scalars().all()
    entry = PurchaseEntry(
        customer_id=purchase.customer_id, purchased_at=purchase.purchased_at, discount=purchase.discount,
        payment_method=purchase.payment_method, staff_id=purchase.staff_id, receipt_no=purchase.receipt_no,
        points_redeemed=loyalty.redeemed_on(session, purchase_id), coupon_code=coupons.code_on(session, purchase_id),
        lines=[LineEntry(product=ln.product, quantity=ln.quantity, unit_price=ln.unit_price, discount=ln.discount,
                         category=ln.category) for ln in lines])
    return PurchaseDetail(id=purchase_id, entry=entry, total=purchase.total, voided_at=purchase.voided_at,
                          void_reason=purchase.void_reason, voided_by_staff_id=purchase.voided_by_staff_id,
                          imported=purchase.import_batch_id is not None)


def product_suggestions(session: Session, text: str = "", *, limit: int = 50) -> list[ProductSuggestion]:
    """Active catalogue products whose name contains the text (all when empty), in name order."""
    stmt = select(Product.name, Product.category, Product.unit_price).where(Product.active.is_(True))
    term = nz.clean_text(text)
    if term:
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(Product.name.like(f"%{escaped}%", escape="\\"))
    rows = session.execute(stmt.order_by(Product.name).limit(limit)).all()
    return [ProductSuggestion(name, category, price) for name, category, price in rows]


def catalogue_entry(session: Session, name: str) -> ProductSuggestion | None:
    """The catalogue's category and last unit price for a product name, if it is known."""
    clean = nz.clean_text(name)
    if not clean:
        return None
    row = session.execute(
        select(Product.name, Product.category, Product.unit_price).where(Product.name == clean)).first()
    return ProductSuggestion(*row) if row else None


def categories(session: Session) -> list[str]:
    """Categories the catalogue knows, in name order."""
    rows = session.execute(
        select(Product.category).where(Product.category.is_not(None), Product.active.is_(True))
        .group_by(Product.category).order_by(Product.category)).scalars().all()
    return [c for c in rows if c]


__all__ = [
    "PAYMENT_METHODS", "LineEntry", "ProductSuggestion", "PurchaseDetail", "PurchaseEntry", "catalogue_entry",
    "categories", "check_line", "create_purchase", "get_purchase", "product_suggestions",
    "remember_product",
    "update_purchase", "validate_entry", "void_purchase",
]
