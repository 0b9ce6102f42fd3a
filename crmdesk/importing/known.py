"""The customers already in the database, by each key an imported row can name them by (code, phone, e-mail,
name), with merged cards leading to their survivor, and one file's matching state (the cards it creates, the
ones it matched). The rows themselves go in through crmdesk.store.bulk."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from crmdesk.importing.rows import ParsedRow


@dataclass
class Known:
    """The customers already in the database, by each way a row can name them."""

    by_code: dict[str, int] = field(default_factory=dict)
    by_phone: dict[str, int] = field(default_factory=dict)
    by_email: dict[str, int] = field(default_factory=dict)
    by_name: dict[str, int] = field(default_factory=dict)  # -1: several customers share the name
    rows: dict[int, dict[str, Any]] = field(default_factory=dict)  # customer imports: fields to complete

    @classmethod
    def load(cls, conn: sa.Connection, with_rows: bool) -> Known:
        known = cls()
        result = conn.execute(sa.text(
            "SELECT id, customer_code, phone, email, name, birthday, tags, merged_into_id FROM customer "
            "ORDER BY id"))
        merged: dict[int, int] = {}
        for cid, code, phone, email, name, birthday, tags, merged_into in result:
            target = cid
            if merged_into is not None:
                merged[cid] = merged_into
                target = merged_into
            if code:
                known.by_code.setdefault(code, target)
            if phone:
                known.by_phone.setdefault(phone, target)
            if email:
                known.by_email.setdefault(email, target)
            if merged_into is None:
                known.by_name[name] = -1 if name in known.by_name else cid
            if with_rows:
                known.rows[cid] = {"customer_code": code, "phone": phone, "email": email, "name": name,
                                   "birthday": birthday, "tags": tags}

        def survivor(cid: int) -> int:
            seen = set()
            while cid in merged and cid not in seen:  # a chain of merges ends at the last survivor
                seen.add(cid)
                cid = merged[cid]
            return cid

        if merged:
            for table in (known.by_code, known.by_phone, known.by_email):
                for key, cid in table.items():
                    table[key] = survivor(cid)
        return known

    def find(self, values: ParsedRow) -> int | None:
        """The customer a row names by code, else by phone, else by e-mail."""
        for fld, table in (("customer_code", self.by_code), ("phone", self.by_phone), ("email", self.by_email)):
            key = values.get(fld)
            if key and key in table:
                return table[key]
        return None

    def find_by_name(self, values: ParsedRow) -> int | None:
        """The one customer of exactly the row's name, for a row that names its customer by name alone."""
        if any(values.get(f) for f in ("customer_code", "phone", "email")) or not values.get("name"):
            return None
        cid = self.by_name.get(values["name"])
        return cid if cid is not None and cid > 0 else None


@dataclass
class NewCustomer:
    """A card the file creates: its id and the values it gets, first seen on its earliest purchase; a sales
    file's purchases give its visit count, total spent and last purchase."""

    id: int
    values: dict[str, Any]
    first_seen: date | None = None
    visits: int = 0
    spent: int = 0
    last_purchase_at: datetime | None = None


@dataclass
class Matching:
    """One file's customer matching: the cards already there, the ones the file creates (ids from ``next_id``
    on) and the ones it matched."""

    known: Known
    next_id: int
    new_known: Known = field(default_factory=Known)
    created: list[NewCustomer] = field(default_factory=list)
    matched: set[int] = field(default_factory=set)
