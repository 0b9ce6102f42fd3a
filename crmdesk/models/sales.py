"""Purchases: one receipt (customer, time, total, staff) with its lines; the product catalogue; import batches
and presets. Money in minor units."""

from __future__ import annotations

from pydantic import NaiveDatetime
from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from crmdesk.models.base import now


class Purchase(SQLModel, table=True):
    __tablename__ = "purchase"
    # Covering index: per-customer aggregates over a million rows (voided ones left out) read only this index.
    __table_args__ = (
        Index("ix_purchase_customer_date_total", "customer_id", "purchased_at", "total", "voided_at"),
        # The voided few only (migration 0010): counting them is part of the customer values' freshness check.
        Index("ix_purchase_voided", "voided_at", sqlite_where=text("voided_at IS NOT NULL"),
              postgresql_where=text("voided_at IS NOT NULL")),
    )

    id: int | None = Field(default=None, primary_key=True)
    # Walk-in sales have no customer.
    customer_id: int | None = Field(default=None, foreign_key="customer.id")
    purchased_at: NaiveDatetime = Field(index=True)
    total: int = 0
    staff_id: int | None = Field(default=None, foreign_key="staff.id")
    receipt_no: str | None = Field(default=None, max_length=50)
    created_at: NaiveDatetime = Field(default_factory=now)
    discount: int = 0  # on the whole receipt; line discounts are on the lines
    payment_method: str | None = Field(default=None, max_length=20)
    # A voided purchase stays on record but counts nowhere.
    voided_at: NaiveDatetime | None = None
    void_reason: str | None = Field(default=None, max_length=200)
    voided_by_staff_id: int | None = Field(default=None, foreign_key="staff.id")
    import_batch_id: int | None = Field(default=None, foreign_key="import_batch.id", index=True)
    # What makes an imported purchase recognisable on a second import of the same data (receipt id, or the
    # row's fingerprint and its occurrence in the file); None for purchases entered by hand.
    source_key: str | None = Field(default=None, unique=True, index=True, max_length=100)


class PurchaseLine(SQLModel, table=True):
    __tablename__ = "purchase_line"

    id: int | None = Field(default=None, primary_key=True)
    purchase_id: int = Field(foreign_key="purchase.id", index=True, ondelete="CASCADE")
    product: str = Field(max_length=200)
    category: str | None = Field(default=None, max_length=100)
    quantity: int = 1
    unit_price: int = 0
    amount: int = 0  # quantity x unit price - discount
    discount: int = 0
    product_id: int | None = Field(default=None, foreign_key="product.id")
    # What one unit cost the shop, when the import's file said so (field ``cost``, migration 0019); None: the
    # catalogue's cost applies (crmdesk.analytics.margin).
    unit_cost: int | None = None


class Product(SQLModel, table=True):
    """The shop's small catalogue; entry and imports fill it."""

    __tablename__ = "product"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=200)
    category: str | None = Field(default=None, max_length=100)
    unit_price: int = 0
    active: bool = True
    created_at: NaiveDatetime = Field(default_factory=now)
    # What one unit costs the shop (won), or its gross margin as a percentage of the price; either, both or
    # neither (migration 0019). A cost wins over a margin; without both the category's margin applies.
    cost: int | None = None
    margin_percent: float | None = None


class ProductCategory(SQLModel, table=True):
    """A category's gross margin as a percentage of the price, for its products that carry no cost of their own
    (migration 0019). Categories themselves are the names on products and lines; only those given a margin have a
    row."""

    __tablename__ = "product_category"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=100)
    margin_percent: float | None = None


class ImportBatch(SQLModel, table=True):
    """One completed import: which file, when, by whom, and what it did."""

    __tablename__ = "import_batch"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)  # customers | sales
    source_name: str = Field(max_length=300)
    source_sha256: str = Field(index=True, max_length=64)
    encoding: str | None = Field(default=None, max_length=30)
    started_at: NaiveDatetime = Field(default_factory=now)
    finished_at: NaiveDatetime | None = None
    rows_read: int = 0
    rows_imported: int = 0
    rows_rejected: int = 0
    customers_created: int = 0
    customers_matched: int = 0
    staff_id: int | None = Field(default=None, foreign_key="staff.id")


class ImportPreset(SQLModel, table=True):
    """A saved column mapping for the next file from the same POS."""

    __tablename__ = "import_preset"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=100)
    kind: str = Field(max_length=20)
    mapping: str = Field(default="{}", max_length=5000)  # JSON: source column -> field
    encoding: str | None = Field(default=None, max_length=30)
    delimiter: str | None = Field(default=None, max_length=5)
    created_at: NaiveDatetime = Field(default_factory=now)
    updated_at: NaiveDatetime = Field(default_factory=now)
