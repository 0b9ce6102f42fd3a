"""The customer card."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import NamedTuple

from pydantic import NaiveDatetime
from sqlalchemy import Column, Computed, Index, Integer, case, literal_column, or_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Field, SQLModel

from crmdesk import normalise as nz
from crmdesk.models.base import now


class Gender(StrEnum):
    FEMALE = "F"
    MALE = "M"
    OTHER = "O"


class first_code_point(FunctionElement):  # noqa: N801 - an SQL function, named like one
    """The code point of a text's first character: unicode() on SQLite, ascii() on PostgreSQL (which returns
    the code point in a UTF-8 database). Both are deterministic, so a generated column may use them."""

    type = Integer()
    inherit_cache = True


@compiles(first_code_point)
def _first_code_point_sqlite(element: first_code_point, compiler: object, **kw: object) -> str:
    return f"unicode({compiler.process(element.clauses, **kw)})"  # type: ignore[attr-defined]


@compiles(first_code_point, "postgresql")
def _first_code_point_postgresql(element: first_code_point, compiler: object, **kw: object) -> str:
    return f"ascii({compiler.process(element.clauses, **kw)})"  # type: ignore[attr-defined]


# Korean order for the list (issue 21): names in Hangul first (가나다 order), then Latin names, then the rest
# (digits, symbols), each group by code point, as Korean phone books and the Hangul keyboard's users expect. A
# column the database computes from the name (never written by crmdesk), so every writer, the bulk paths and the
# import included, gets it right, and both back ends sort the same way by one key.
HANGUL_FIRST, LATIN_NEXT, OTHERS_LAST = 0, 1, 2
_FIRST = first_code_point(literal_column("name"))
NAME_GROUP = case((or_(_FIRST.between(44032, 55203), _FIRST.between(12593, 12686)), HANGUL_FIRST),
                  (or_(_FIRST.between(65, 90), _FIRST.between(97, 122)), LATIN_NEXT), else_=OTHERS_LAST)


def name_group_of(name: str) -> int:
    """The group the database gives a name (NAME_GROUP), for sorting rows already read."""
    code = ord(name[0]) if name else 0
    if 44032 <= code <= 55203 or 12593 <= code <= 12686:
        return HANGUL_FIRST
    return LATIN_NEXT if 65 <= code <= 90 or 97 <= code <= 122 else OTHERS_LAST


class Customer(SQLModel, table=True):
    __tablename__ = "customer"
    # The list's index: active customers in Korean name order with the search column beside them, so a search
    # reads only this index and stops as soon as a page of matches is found.
    __table_args__ = (Index("ix_customer_list", "archived", "name_group", "name", "id", "search_text"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, max_length=100)
    # Hangul, Latin or other first letter (NAME_GROUP): computed by the database (migration 0014), never written.
    name_group: int | None = Field(default=None, sa_column=Column("name_group", Integer, Computed(NAME_GROUP)))
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
    # "Consent not confirmed": the card's agreement to collection was assumed by the program (an earlier
    # version wrote it when the card was made or imported; an import that named no source). Such a card counts
    # as having no marketing consent until staff record the customer's answer (services/consent.py).
    consent_unconfirmed: bool = Field(default=False, index=True)
    archived: bool = False
    archived_at: NaiveDatetime | None = None
    created_at: NaiveDatetime = Field(default_factory=now)
    updated_at: NaiveDatetime = Field(default_factory=now)
    # Saved edits of the card so far, and who saved the last (migration 0018): a save from an older version is
    # refused (services.customers.update_customer), so two terminals never silently overwrite each other.
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    updated_by: str | None = Field(default=None, max_length=100)
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
