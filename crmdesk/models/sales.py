"""Purchases: one receipt (customer, time, total, staff) with its lines. Money in minor units."""

from __future__ import annotations

from pydantic import NaiveDatetime
from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from crmdesk.models.base import now


class Purchase(SQLModel, table=True):
    __tablename__ = "purchase"
    # Covering index: per-customer aggregates over a million rows read only this index.
    __table_args__ = (Index("ix_purchase_customer_date_total", "customer_id", "purchased_at", "total"),)

    id: int | None = Field(default=None, primary_key=True)
    # Walk-in sales have no customer.
    customer_id: int | None = Field(default=None, foreign_key="customer.id")
    purchased_at: NaiveDatetime = Field(index=True)
    total: int = 0
    staff_id: int | None = Field(default=None, foreign_key="staff.id")
    receipt_no: str | None = Field(default=None, max_length=50)
    created_at: NaiveDatetime = Field(default_factory=now)


class PurchaseLine(SQLModel, table=True):
    __tablename__ = "purchase_line"

    id: int | None = Field(default=None, primary_key=True)
    purchase_id: int = Field(foreign_key="purchase.id", index=True, ondelete="CASCADE")
    product: str = Field(max_length=200)
    category: str | None = Field(default=None, max_length=100)
    quantity: int = 1
    unit_price: int = 0
    amount: int = 0
