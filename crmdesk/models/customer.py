"""The customer card."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import NamedTuple

from pydantic import NaiveDatetime
from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from crmdesk import normalise as nz
from crmdesk.models.base import now


class Gender(StrEnum):
    FEMALE = "F"
    MALE = "M"
    OTHER = "O"


class Customer(SQLModel, table=True):
    __tablename__ = "customer"
    # The list's index: active customers in name order with the search column beside them, so a search
    # reads only this index and stops as soon as a page of matches is found.
    __table_args__ = (Index("ix_customer_list", "archived", "name", "id", "search_text"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, max_length=100)
    # Digits only ("01012345678"); shown as 010-1234-5678. Not unique: families share landlines.
    phone: str | None = Field(default=None, index=True, max_length=20)
    phone_last4: str | None = Field(default=None, index=True, max_length=4)
    email: str | None = Field(default=None, max_length=200)
    birthday: date | None = None
    birthday_lunar: bool = False
    gender: str | None = Field(default=None, max_length=1)
    address: str | None = Field(default=None, max_length=300)
    memo: str | None = None
    tags: str = Field(default="", max_length=500)
    customer_code: str | None = Field(default=None, unique=True, index=True, max_length=50)
    first_seen: date | None = None
    acquired_via: str | None = Field(default=None, max_length=50)
    marketing_consent: bool = False
    marketing_consent_at: NaiveDatetime | None = None
    archived: bool = False
    archived_at: NaiveDatetime | None = None
    created_at: NaiveDatetime = Field(default_factory=now)
    updated_at: NaiveDatetime = Field(default_factory=now)
    # Derived columns, kept current by the services: what the search and the list read.
    search_text: str = Field(default="", max_length=1000)
    visit_count: int = 0
    total_spent: int = 0
    last_purchase_at: NaiveDatetime | None = Field(default=None, index=True)
    # Set when this card was merged into another (it is archived then); cleared by undoing the merge.
    merged_into_id: int | None = Field(default=None, foreign_key="customer.id")
    # Set when the customer's personal data was erased (privacy right): the card stays, anonymous, archived,
    # so its purchases still count in the shop's totals.
    erased_at: NaiveDatetime | None = None
    # 담당 직원: the staff member who is this customer's main contact (proposed from who served them most).
    main_staff_id: int | None = Field(default=None, foreign_key="staff.id")


class DerivedColumns(NamedTuple):
    """The customer columns no one types: kept current by every writer through :func:`derived_columns`."""

    phone_last4: str | None
    search_text: str


DERIVED_COLUMNS = DerivedColumns._fields


def derived_columns(*, name: str | None, phone: str | None, email: str | None, customer_code: str | None,
                    tags: str | None, erased: bool = False) -> DerivedColumns:
    """A card's derived columns from its stored fields: the last four digits of the phone (the list's quick
    match) and the one text the search matches against. An erased card has neither: nothing may find it.

    The one place they are computed: the services (create, edit, merge, erase), the import and the demo all
    call it, so a card reads the same whoever wrote it."""
    if erased:
        return DerivedColumns(None, "")
    return DerivedColumns(nz.last_four(phone),
                          nz.search_text(name=name, phone=phone, email=email, code=customer_code, tags=tags))


def refresh_derived(customer: Customer) -> None:
    """Set a card's derived columns from its fields (after the services changed them)."""
    derived = derived_columns(name=customer.name, phone=customer.phone, email=customer.email,
                              customer_code=customer.customer_code, tags=customer.tags,
                              erased=customer.erased_at is not None)
    customer.phone_last4, customer.search_text = derived


class CustomerMerge(SQLModel, table=True):
    """A merge of a duplicate card into a survivor, with what moved, so it can be undone."""

    __tablename__ = "customer_merge"

    id: int | None = Field(default=None, primary_key=True)
    survivor_id: int = Field(foreign_key="customer.id", index=True)
    merged_id: int = Field(foreign_key="customer.id", index=True)
    merged_at: NaiveDatetime = Field(default_factory=now)
    staff_id: int | None = Field(default=None, foreign_key="staff.id")
    undone_at: NaiveDatetime | None = None
    details: str = Field(default="{}")  # JSON: ids moved per table, the survivor's fields before the merge
