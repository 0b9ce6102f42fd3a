"""A sales file's rows, folded into purchases as they are read and held in compact columns (issue 18).

Every parsed row kept as a Python object took 1.3 GB for a million lines; staging them in a throwaway SQLite file
kept memory down but read them back three times and sorted them (1.5x the time of the import before). The file's
own rules need nothing from the database, so each row is planned the moment it is parsed, in file order (which is
the order of a receipt's lines): a line with a receipt id joins the receipt's first line, its head (a later line with
another date or another customer is held as a conflict naming the head's row; a later line fills the head's empty
customer fields and staff); a receipt-less row is a purchase of its own, numbered by the occurrence of its plain
digest. What the later steps need is kept in arrays of machine integers, one entry per line or per purchase, with
repeated values (a customer's fields, staff, products, categories) stored once and numbered. What depends on the
database (receipts and fingerprints stored already) is decided under the import's lock (importing/sales.py).

Per purchase about 120 bytes (its receipt number and the index by it, a few integers), per line about 36.
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable, Iterator
from datetime import datetime, timedelta
from itertools import accumulate, chain, repeat
from operator import attrgetter
from typing import Any

from crmdesk.importing.rows import ParsedRow

BATCH = 500  # receipt-less purchases' fingerprints per look-up in the database
_WHO = ("customer_code", "phone", "email", "name", "birthday")  # a purchase's customer, as one interned tuple
_NAMED_BY = _WHO[:4]  # a later line naming another customer by one of these conflicts with its head
# Set on every row the parser lets through (a product is "" and a quantity 1 when the row names none).
_ALWAYS = attrgetter("date", "amount", "quantity", "product")
# A sale's time as whole microseconds since year 1 in an array (8 bytes; a datetime object takes 48). The parser
# only lets naive times through (a time zone fails its comparison with now and costs the row).
EPOCH = datetime(1, 1, 1)
_TICK = timedelta(microseconds=1)
NO_COST = -1  # the parser refuses negative costs, so -1 stands for "no cost given"


class Numbered:
    """Distinct values numbered in the order they first appear; 0 is None."""

    def __init__(self) -> None:
        self.values: list[Any] = [None]
        self._number: dict[Hashable, int] = {None: 0}

    def __call__(self, value: Hashable) -> int:
        number = self._number.get(value)
        if number is None:
            number = self._number[value] = len(self.values)
            self.values.append(value)
        return number


class SalesRows:
    """The purchases (in the order of their first line) and lines (in file order) of one sales file."""

    def __init__(self, shown: dict[int, ParsedRow]) -> None:
        self.shown = shown  # the preview's rows as parsed: a head's is completed by its later lines
        self.shown_at: dict[int, int] = {}  # a preview row -> its purchase
        self.shown_heads: dict[int, ParsedRow] = {}  # a preview row's purchase -> its head's values
        # per purchase
        self.heads = array("i")  # the head's row number
        self.slot = array("i")  # a receipt: its place among the receipts; else its place among the digests
        self.idents: list[str] = []  # the receipt ids (until packed into ident_text)
        self.ident_text = ""
        self.ident_ends = array("q")
        self.nth = array("i")  # a receipt-less purchase: the occurrence of its digest (once packed); 0: a receipt
        # Receipt-less purchases: their plain digests as 20 raw bytes each, and their purchases. A str and a dict
        # entry per digest took about 150 MB on a million receipt-less lines (the peak went over 400 MB).
        self.digests = bytearray()
        self.digest_purchase = array("i")
        self.when = array("q")  # microseconds since EPOCH
        self.who = array("i")  # -> self.customers
        self.staff = array("i")  # -> self.staff_names
        self.total = array("q")
        self.count = array("i")
        self.by_receipt: dict[str, int] = {}
        self.receiptless = False  # some purchases have no receipt number
        self.customers = Numbered()  # (customer_code, phone, email, name, birthday)
        self.staff_names = Numbered()
        # per line
        self.purchase = array("i")
        self.product = array("i")  # -> self.products
        self.category = array("i")  # -> self.categories
        self.quantity = array("q")
        self.amount = array("q")
        self.cost = array("q")  # NO_COST: none given
        self.products = Numbered()
        self.categories = Numbered()
        self.costs_given = False
        # lines that conflict with their receipt's head: (row, purchase, field, value, what)
        self.conflicts: list[tuple[int, int, str, Any, str]] = []

    def add(self, row: int, values: ParsedRow, digest: str | None) -> None:
        """One parsed row (``digest``: its plain digest when it has no receipt id)."""
        who = tuple(map(getattr, repeat(values), _WHO, repeat(None)))
        staff = getattr(values, "staff", None)
        day, amount, quantity, product = _ALWAYS(values)
        when = (day - EPOCH) // _TICK
        receipt = getattr(values, "receipt_id", None)
        if receipt:
            p = self.by_receipt.get(receipt)
            if p is None:
                p = self.by_receipt[receipt] = self._purchase(row, 0, when, who, staff, values)
                self.slot.append(len(self.idents))
                self.idents.append(receipt)
            elif not self._joins(p, row, when, who, staff):
                return
            self.total[p] += amount
            self.count[p] += 1
        else:
            assert digest is not None
            p = self._purchase(row, 1, when, who, staff, values)  # its occurrence is counted when packed
            self.slot.append(len(self.digest_purchase))
            self.digest_purchase.append(p)
            self.digests += bytes.fromhex(digest)
            self.receiptless = True
            self.total[p] = amount
            self.count[p] = 1
        if row in self.shown:
            self.shown_at[row] = p
        self.purchase.append(p)
        self.product.append(self.products(product))
        self.category.append(self.categories(getattr(values, "category", None)))
        self.quantity.append(quantity)
        self.amount.append(amount)
        cost = getattr(values, "cost", None)
        if cost is None:
            self.cost.append(NO_COST)
        else:
            self.cost.append(cost)
            self.costs_given = True

    def _purchase(self, row: int, nth: int, when: int, who: tuple, staff: str | None, values: ParsedRow) -> int:
        p = len(self.heads)
        self.heads.append(row)
        self.nth.append(nth)
        self.when.append(when)
        self.who.append(self.customers(who))
        self.staff.append(self.staff_names(staff))
        self.total.append(0)
        self.count.append(0)
        if row in self.shown:
            self.shown_heads[p] = values
        return p

    def _joins(self, p: int, row: int, when: int, who: tuple, staff: str | None) -> bool:
        """A later line of receipt ``p``: False (held as a conflict) when it names another date or customer;
        else it fills the head's empty customer fields and staff."""
        if when != self.when[p]:
            self._conflict(row, p, "date", EPOCH + _TICK * when, "has another date")
            return False
        head = self.customers.values[self.who[p]]
        if who != head:
            clash = next((f for f, mine, first in zip(_NAMED_BY, who, head, strict=False)
                          if mine and first and mine != first), None)
            if clash:
                self._conflict(row, p, clash, who[_WHO.index(clash)], "names another customer")
                return False
            filled = tuple(first if first is not None else mine for mine, first in zip(who, head, strict=True))
            if filled != head:
                self.who[p] = self.customers(filled)
                self._fill_shown(p, dict(zip(_WHO, filled, strict=True)))
        if staff is not None and not self.staff[p]:
            self.staff[p] = self.staff_names(staff)
            self._fill_shown(p, {"staff": staff})
        return True

    def _conflict(self, row: int, p: int, fld: str, value: Any, what: str) -> None:
        self.conflicts.append((row, p, fld, value, what))
        if row in self.shown:
            self.shown_at[row] = p

    def _fill_shown(self, p: int, values: dict[str, Any]) -> None:
        head = self.shown_heads.get(p)
        if head is not None:
            for fld, value in values.items():
                if head[fld] is None and value is not None:
                    head[fld] = value

    def drop(self) -> None:
        """Written: the columns go, leaving room for what the totals and points after the writes hold."""
        for name, value in list(vars(self).items()):
            if isinstance(value, array):
                setattr(self, name, array(value.typecode))
        self.ident_text, self.customers, self.digests = "", Numbered(), bytearray()

    def pack(self) -> None:
        """Planned: the receipt numbers go into one text and where each ends (a str object each took about 60
        bytes: a million-line file's 640,000 receipts, 40 MB), leaving room for the matching and writes; each
        receipt-less purchase gets the occurrence of its digest in the file (1 for the first, 2 for the second
        same row ...)."""
        self.ident_text = "".join(self.idents)
        self.ident_ends = array("q", accumulate(map(len, self.idents)))
        self.idents = []
        if self.receiptless:
            for p, n in zip(self.digest_purchase, occurrences(self.digests), strict=True):
                self.nth[p] = n

    def ident(self, p: int) -> str:
        """Purchase ``p``'s receipt number or plain digest (once packed)."""
        k = self.slot[p]
        if self.nth[p]:
            return self.digests[20 * k:20 * k + 20].hex()
        return self.ident_text[self.ident_ends[k - 1] if k else 0:self.ident_ends[k]]

    def all_idents(self) -> Iterator[str]:
        """Every purchase's receipt number, in order (once packed), when every purchase has one."""
        assert not self.receiptless
        return map(self.ident_text.__getitem__, map(slice, chain((0,), self.ident_ends), self.ident_ends))

    def receipt(self, p: int) -> str | None:
        return None if self.nth[p] else self.ident(p)


def occurrences(digests: bytes | bytearray) -> list[int]:
    """For each 20-byte digest in turn, how many times it has come so far, itself included (1, 1, 2, 1, 3 ...):
    a stable sort brings equal digests together in file order, so no dict of a million digests is held."""
    import numpy as np  # only for a file with receipt-less rows; the import engine loads no numpy otherwise

    keys = np.frombuffer(digests, dtype="S20")  # fixed width: distinct digests stay distinct
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    first = np.ones(len(ordered), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    positions = np.arange(len(ordered))
    group_start = np.maximum.accumulate(np.where(first, positions, 0))
    nth = np.empty(len(ordered), dtype=np.int64)
    nth[order] = positions - group_start + 1
    return nth.tolist()
