"""One source row -> stored values: memoised cell parsers per field, the walk-in and phone rules, and the
fingerprint that recognises a receipt-less row on a later import. No database here."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

import crmdesk.importing.values as vx
from crmdesk import normalise as nz
from crmdesk.importing import consent as consent_columns
from crmdesk.importing.mapping import FIELDS
from crmdesk.store.row_key import keyed

MAX_AMOUNT = 10**12  # a line above a trillion won is a misread column, and would overflow sums
MAX_QUANTITY = 1_000_000
LIMITS = {"name": 100, "product": 200, "category": 100, "receipt_id": 50, "staff": 100, "customer_code": 50,
          "email": 200}


class Reject(Exception):
    """A row that cannot be imported: the field at fault (None for the row as a whole), the problem code, a
    message, the offending value and what else a translated sentence may name (``context``)."""

    def __init__(self, field: str | None, code: str, message: str, value: object = "",
                 context: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.field, self.code, self.message, self.value = field, code, message, value
        self.context = context or {}


_CACHED = 100_000  # values per field (a million distinct time stamps held for a whole file took ~200 MB)


class _Cache(dict):
    """Memoises a parser over the values that repeat in a file (a receipt's time stamp, a regular's phone, a
    product name); an invalid value is remembered as its InvalidValue.

    A value no parser foresaw (a character int() refuses, a date past year 9999) must cost its row, never the
    file: any ValueError, OverflowError or TypeError becomes ``<field>_invalid`` too."""

    def __init__(self, fn: Callable[[Any], Any], field: str) -> None:
        super().__init__()
        self.fn = fn
        self.field = field

    def __missing__(self, key: Any) -> Any:
        try:
            value = self.fn(key)
        except nz.InvalidValue as exc:
            value = exc
        except (ValueError, OverflowError, TypeError) as exc:
            value = nz.InvalidValue(f"{self.field}_invalid", f"cannot be read as {self.field} ({exc}): {key}")
        if len(self) >= _CACHED:
            self.clear()  # values repeat close together (a receipt's lines): a fresh start loses little
        self[key] = value
        return value


_FORMULA_STARTS = ("=", "+", "-", "@")


def _text_parser(fld: str) -> Callable[[Any], str | None]:
    limit = LIMITS.get(fld)

    def parse(raw: object) -> str | None:
        if isinstance(raw, datetime | date):
            raw = raw.isoformat()
        elif fld in ("customer_code", "receipt_id"):
            raw = vx.parse_code(raw)
            if raw is None:
                return None
        text = nz.clean_text(nz.strip_control(str(raw)))
        if text is not None and limit is not None and len(text) > limit:
            raise nz.InvalidValue("too_long", f"longer than {limit} characters", limit=limit)
        return text

    return parse


# What POS systems write in the name column of a sale without a member: such a row is a walk-in sale.
_WALK_IN_NAMES = frozenset({"비회원", "일반", "일반고객", "일반손님", "손님", "고객", "없음", "미등록",
                            "walk-in", "walkin", "guest", "-", "--", ".", "n/a", "none"})
_name_text = _text_parser("name")


def _customer_name(raw: object) -> str | None:
    text = _name_text(raw)
    return None if text is None or text.casefold() in _WALK_IN_NAMES else text


def _birthday(raw: object) -> date | None:
    day = vx.parse_day(raw)
    if day is not None and not 1900 <= day.year <= date.today().year:
        raise nz.InvalidValue("birthday_implausible", f"not a plausible birthday: {day}")
    return day


# A sale's time is the shop's local time; a day of slack covers a POS clock or time zone that runs ahead.
_FUTURE_SLACK = timedelta(days=1)


def _sale_date(raw: object) -> datetime | None:
    """A sale's date and time, refused (like a purchase entered by hand) before 1900 or in the future: a year
    9999 is a misread cell, and would overflow the points' expiry and every figure after it."""
    when = vx.parse_datetime(raw)
    if when is None:
        return None
    if when.year < 1900:
        raise nz.InvalidValue("date_too_old", f"too far in the past for a sale: {when:%Y-%m-%d}")
    if when > datetime.now() + _FUTURE_SLACK:
        raise nz.InvalidValue("date_future", f"a sale cannot lie in the future: {when:%Y-%m-%d}")
    return when


_PARSERS: dict[str, Callable[[Any], Any]] = {
    "phone": lambda raw: _import_phone(raw),
    "name": lambda raw: _customer_name(raw),
    "email": lambda raw: nz.normalise_email(str(raw)),
    "birthday": _birthday,
    "date": _sale_date,
    "amount": vx.parse_amount,
    "quantity": vx.parse_quantity,
    "cost": vx.parse_cost,
    **consent_columns.PARSERS,
}


class ParsedRow:
    """One row's stored values by field name (``row["date"]``, ``row.get("phone")``; unset fields are None).
    Slots rather than a dict: a million parsed rows take about a quarter of the memory."""

    __slots__ = FIELDS["sales"] + consent_columns.CONSENT_FIELDS

    def __getitem__(self, key: str) -> Any:
        return getattr(self, key, None)

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key, default)

    def __setitem__(self, key: str, value: Any) -> None:
        setattr(self, key, value)

    def as_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f, None) for f in self.__slots__}


class RowParser:
    """Turns one row's cells into stored values, field by field; raises Reject naming the field."""

    def __init__(self, kind: str, index: dict[str, int]) -> None:
        self.kind = kind
        # (field, column index, memoising parser) for every mapped field of this kind
        self.plan = [(fld, index[fld], _Cache(_PARSERS.get(fld) or _text_parser(fld), fld))
                     for fld in FIELDS[kind] if fld in index]
        # A check of the whole row (field, code, message) or None; the import's consent answers set one.
        self.check: Callable[[ParsedRow], tuple[str, str, str] | None] | None = None

    def parse(self, row: Sequence[object]) -> ParsedRow:
        out = ParsedRow()
        for fld, i, cache in self.plan:
            raw = row[i]
            if raw is None or raw == "":
                continue
            if isinstance(raw, str) and raw[0] == "'" and raw[1:2] in _FORMULA_STARTS:
                raw = raw[1:]  # a cell our exports or rejected rows defused ('-5,000): the value is what follows
            value = cache[raw]
            if isinstance(value, nz.InvalidValue):
                raise Reject(fld, value.code, str(value), raw, value.context)
            setattr(out, fld, value)
        if self.kind == "customers":
            if self.check is not None and (problem := self.check(out)) is not None:
                raise Reject(*problem)
            return out
        if out.get("date") is None:
            raise Reject("date", "date_missing", "no date")
        amount = out.get("amount")
        if amount is None:
            raise Reject("amount", "amount_missing", "no amount")
        if amount < 0:
            raise Reject("amount", "amount_negative", "a negative amount (a refund?) is not imported", amount)
        if amount > MAX_AMOUNT:
            raise Reject("amount", "amount_large", f"more than {MAX_AMOUNT:,} won on one line", amount)
        quantity = out.get("quantity")
        if quantity is None:
            out["quantity"] = 1
        elif quantity < 0:
            raise Reject("quantity", "quantity_negative", "a negative quantity (a return?) is not imported",
                         quantity)
        elif quantity == 0:
            raise Reject("quantity", "quantity_zero", "a quantity of 0", quantity)
        elif quantity > MAX_QUANTITY:
            raise Reject("quantity", "quantity_large", f"more than {MAX_QUANTITY:,} pieces on one line", quantity)
        cost = out.get("cost")
        if cost is not None and cost < 0:
            raise Reject("cost", "cost_negative", "a negative cost", cost)
        if cost is not None and cost > MAX_AMOUNT:
            raise Reject("cost", "cost_large", f"more than {MAX_AMOUNT:,} won for one piece", cost)
        if out.get("product") is None:
            out["product"] = ""
        return out


_KOREAN_NUMBER_RE = re.compile(r"0\d{8,10}", re.ASCII)
_MOBILE_RE = re.compile(r"0?1[016789][- .]?\d{3,4}[- .]?\d{4}", re.ASCII)  # ASCII: stored digits are ASCII


def _import_phone(raw: object) -> str | None:
    """The stored phone, as ``normalise_phone`` makes it; a Korean number that libphonenumber's metadata does
    not know (a range opened later, a number the shop's old system holds) is kept as its digits rather than
    losing the customer's purchases."""
    if isinstance(raw, str) and "*" in raw:
        return None  # masked for privacy (010-****-5678): nothing to match on, but the sale is kept
    if isinstance(raw, str) and _MOBILE_RE.fullmatch(raw):  # the usual 010-1234-5678: no library needed
        digits = nz.digits_only(raw)
        return digits if digits.startswith("0") else "0" + digits
    try:
        return nz.normalise_phone(raw)
    except nz.InvalidValue as exc:
        text = str(raw).strip()
        digits = nz.digits_only(text)
        if not text.startswith("+") and len(digits) in (9, 10) and not digits.startswith("0"):
            digits = "0" + digits
        if exc.code == "phone_invalid" and nz.is_phone_text(text) and _KOREAN_NUMBER_RE.fullmatch(digits):
            return digits
        raise


def fingerprint(values: ParsedRow, key: bytes) -> str:
    """A receipt-less row's stored values as a keyed hash (HMAC with the store's secret, store/row_key.py, over
    the row's SHA-1): the same row imported again into the same store gives the same one, and without the
    secret it cannot be reversed into the phone number it holds."""
    return keyed(key, row_digest(values))


def row_digest(values: ParsedRow) -> str:
    """The plain SHA-1 of a row's stored values, before the store's key is laid over it (``fingerprint``): two
    rows with the same digest are the same row, which is all the count of occurrences needs."""
    parts = [values.get(f) for f in ("customer_code", "phone", "email", "name", "date", "product", "category",
                                     "quantity", "amount", "staff")]
    text = "\x1f".join("" if p is None else p.isoformat() if hasattr(p, "isoformat") else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


# --- Database helpers -------------------------------------------------------------------------------------

