"""Cell parsers for what real POS and Excel exports write: dates and times in every common Korean form, Excel
serial dates, amounts with thousands separators, ₩/￦ or 원, quantities like "2개".

Each parser takes a cell as the reader gives it (text from CSV; str, int, float or datetime from .xlsx) and
returns the stored value, or raises ``InvalidValue`` whose ``code`` names the problem. A message names the value
after the problem, never first: it is written into the rejected rows' reason column, and a bad cell must not
lead a cell of ours (say "=cmd|..." at the start of a reason).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from crmdesk.normalise import InvalidValue

# Excel counts days from 1899-12-30 (its 1900 leap-year bug included). Serials outside these bounds
# (1954-10-03 .. 2119-01-09) are far more likely a mistaken column than a date.
_EXCEL_EPOCH = datetime(1899, 12, 30)
_SERIAL_MIN, _SERIAL_MAX = 20_000, 80_000

_DATETIME_RE = re.compile(
    r"""^\s*(?P<y>\d{4})\s*(?:[-./]|년)\s*(?P<m>\d{1,2})\s*(?:[-./]|월)\s*(?P<d>\d{1,2})\s*(?:일)?\.?
        (?:\s*\([월화수목금토일a-zA-Z]{1,3}\))?                      # (월), (Mon)
        (?:(?:\s+|T)(?P<ampm1>오전|오후|AM|PM|am|pm)?\s*
            (?P<H>\d{1,2})\s*(?::|시)\s*(?P<M>\d{1,2})\s*(?:분)?
            (?:\s*(?::)?\s*(?P<S>\d{1,2})(?:\.\d{1,6})?\s*(?:초)?)?
            \s*(?P<ampm2>오전|오후|AM|PM|am|pm)?
        )?\s*$""",
    re.VERBOSE,
)
_COMPACT_RE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:[\sT]*(\d{2})(\d{2})(\d{2})?)?\s*$")
_SERIAL_RE = re.compile(r"^\s*\d{5}(?:\.\d+)?\s*$")


def _from_serial(value: float) -> datetime:
    if not _SERIAL_MIN <= value <= _SERIAL_MAX:
        raise InvalidValue("date_invalid", f"not a date: {value:g}")
    return (_EXCEL_EPOCH + timedelta(days=value)).replace(microsecond=0)


def _build(y: int, m: int, d: int, hh: int = 0, mm: int = 0, ss: int = 0, text: str = "") -> datetime:
    try:
        return datetime(y, m, d, hh, mm, ss)
    except ValueError as exc:
        raise InvalidValue("date_invalid", f"not a real date or time: {text}") from exc


def parse_datetime(raw: object) -> datetime | None:
    """A date or date-time: 2024-01-31, 2024.01.31, 2024/1/31, 2024년 1월 31일, 20240131, each optionally with a
    time (13:05, 13:05:09, 오후 1:05, 1:05 PM, 130509 after a compact date), or an Excel serial date (45322.5).
    Empty gives None."""
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return raw.replace(microsecond=0, tzinfo=None)
    if isinstance(raw, date):
        return datetime.combine(raw, time())
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if 19000101 <= raw <= 21001231 and float(raw).is_integer():  # 20240131 typed as a number
            return parse_datetime(str(int(raw)))
        return _from_serial(float(raw))
    text = str(raw).strip()
    if not text:
        return None
    if len(text) in (10, 16, 19) and text[4:5] == "-" and text[7:8] == "-":  # ISO, by far the most common
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            pass
    match = _DATETIME_RE.match(text)
    if match:
        g = match.groupdict()
        hour = int(g["H"] or 0)
        ampm = (g["ampm1"] or g["ampm2"] or "").upper()
        if ampm in ("오후", "PM") and hour < 12:
            hour += 12
        elif ampm in ("오전", "AM") and hour == 12:
            hour = 0
        return _build(int(g["y"]), int(g["m"]), int(g["d"]), hour, int(g["M"] or 0), int(g["S"] or 0), text)
    match = _COMPACT_RE.match(text)
    if match:
        y, m, d, hh, mm, ss = (int(v) if v else 0 for v in match.groups())
        return _build(y, m, d, hh, mm, ss, text)
    if _SERIAL_RE.match(text):
        return _from_serial(float(text))
    raise InvalidValue("date_invalid", f"not a date: {text} (write it like 2024-01-31 or 2024-01-31 13:05)")


def parse_day(raw: object) -> date | None:
    """A calendar date (a birthday): the forms of ``parse_datetime``; a time, if any, is dropped."""
    parsed = parse_datetime(raw)
    return parsed.date() if parsed is not None else None


_MONEY_STRIP = str.maketrans("", "", " ,₩￦원\u00a0\t")


def _whole_number(raw: object, code: str, what: str) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise InvalidValue(code, f"not {what}: {raw}")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if not raw.is_integer():
            raise InvalidValue(code, f"not a whole number: {raw:g}")
        return int(raw)
    text = str(raw)
    # isdecimal, not isdigit: "5²" and "①" are digits to Python but int() cannot read them.
    if text.isdecimal():  # the common case first: plain digits
        return int(text)
    text = text.translate(_MONEY_STRIP)
    if text.upper().startswith("KRW"):
        text = text[3:]
    if text.endswith(("개", "EA", "ea", "건")):
        text = text[:-2] if text.endswith(("EA", "ea")) else text[:-1]
    if not text:
        return None
    negative = text.startswith("-") or text.startswith("(") and text.endswith(")")
    digits = text.strip("-()")
    if digits.endswith(".0") or digits.endswith(".00"):
        digits = digits.split(".")[0]
    if not digits.isdecimal():
        raise InvalidValue(code, f"not {what}: {str(raw).strip()}")
    return -int(digits) if negative else int(digits)


def parse_amount(raw: object) -> int | None:
    """Money in won: 12000, 12,000, ₩12,000, ￦12,000, 12,000원, KRW 12000, 12000.0; (1,000) and -1,000 are
    negative. Empty gives None."""
    return _whole_number(raw, "amount_invalid", "an amount")


def parse_cost(raw: object) -> int | None:
    """A product's cost in won, read as an amount is; a cell that is not one is a cost problem, not an amount's."""
    return _whole_number(raw, "cost_invalid", "a cost")


def parse_quantity(raw: object) -> int | None:
    """A whole quantity: 2, 2.0, 2개, 2 EA. Empty gives None."""
    return _whole_number(raw, "quantity_invalid", "a whole quantity")


def parse_code(raw: object) -> str | None:
    """A code or an id as text: an .xlsx cell holding 1024 gives "1024", not "1024.0"."""
    if raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    return text or None
