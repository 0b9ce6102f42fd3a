"""Birthdays of this week and this month, lunar ones converted to this year's solar date, and the birthday
coupon (one per customer and year, recorded).

Lunar birthdays: the card stores the lunar month and day (with ``birthday_lunar``); korean-lunar-calendar
(KASI tables, 1000-2050) converts them to the solar date of a given year. A lunar 30th in a year whose month
has only 29 days is celebrated on the 29th, the last day of that month (the common Korean custom); a
birthday in a leap month cannot be told apart on the card and is taken as the ordinary month. A solar 29
February falls on 28 February in other years.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from korean_lunar_calendar import KoreanLunarCalendar
from sqlalchemy import select
from sqlmodel import Session

from crmdesk.errors import NotFound, Problem, ValidationError
from crmdesk.models import BirthdayCoupon, Customer
from crmdesk.models.base import now
from crmdesk.services import coupons
from crmdesk.services.checks import check_staff, raise_problems


@lru_cache(maxsize=4096)
def lunar_to_solar(year: int, month: int, day: int) -> date | None:
    """The solar date of lunar ``year-month-day`` (ordinary month); a 30th missing that year becomes the 29th.
    None outside the calendar's range."""
    calendar = KoreanLunarCalendar()
    for d in (day, 29) if day == 30 else (day,):
        if calendar.setLunarDate(year, month, d, False):
            return date.fromisoformat(calendar.SolarIsoFormat())
    return None


def solar_birthday(birthday: date, lunar: bool, year: int) -> date | None:
    """The day in solar ``year`` on which this birthday falls (None when a lunar one cannot be converted).

    A lunar birthday late in the lunar year can fall in January of the next solar year, so the lunar years
    ``year - 1`` and ``year`` are both tried; the one landing in ``year`` wins."""
    if not lunar:
        if birthday.month == 2 and birthday.day == 29:
            try:
                return date(year, 2, 29)
            except ValueError:
                return date(year, 2, 28)
        return birthday.replace(year=year)
    for lunar_year in (year, year - 1):
        solar = lunar_to_solar(lunar_year, birthday.month, birthday.day)
        if solar is not None and solar.year == year:
            return solar
    return None


def solar_birthdays(birthday: date, lunar: bool, year: int) -> list[date]:
    """Every day in solar ``year`` on which this birthday falls, in order. A lunar birthday late in the lunar
    year can fall twice (lunar 11/20 is 2026-01-08 of lunar 2025 and 2026-12-28 of lunar 2026) or not at all."""
    if not lunar:
        return [solar_birthday(birthday, False, year)]  # type: ignore[list-item]
    found = (lunar_to_solar(lunar_year, birthday.month, birthday.day) for lunar_year in (year - 1, year))
    return sorted(d for d in found if d is not None and d.year == year)


@dataclass(frozen=True)
class BirthdayRow:
    customer_id: int
    name: str
    phone: str | None
    birthday: date  # as on the card (lunar month/day when lunar)
    lunar: bool
    on: date  # this year's solar date
    age: int | None  # the age reached (Western count); None when the card's year is a placeholder
    coupon_code: str | None  # the coupon already issued for this year


def birthdays_between(session: Session, start: date, end: date) -> list[BirthdayRow]:
    """Active customers whose birthday falls on a solar day from ``start`` to ``end`` (inclusive), by date."""
    rows = session.execute(select(Customer.id, Customer.name, Customer.phone, Customer.birthday,
                                  Customer.birthday_lunar)
                           .where(Customer.archived.is_(False), Customer.birthday.is_not(None))).all()
    out: list[BirthdayRow] = []
    years = range(start.year, end.year + 1)
    for cid, name, phone, birthday, lunar in rows:
        on = next((d for year in years for d in solar_birthdays(birthday, bool(lunar), year) if start <= d <= end),
                  None)
        if on is not None:
            age = on.year - birthday.year if 1900 < birthday.year <= on.year else None
            out.append(BirthdayRow(cid, name, phone, birthday, bool(lunar), on, age, None))
    if out:
        issued = coupons_for(session, [r.customer_id for r in out], {r.on.year for r in out})
        out = [BirthdayRow(**{**r.__dict__, "coupon_code": issued.get((r.customer_id, r.on.year))}) for r in out]
    out.sort(key=lambda r: (r.on, r.name))
    return out


def this_week(today: date) -> tuple[date, date]:
    """Monday to Sunday of the week containing ``today``."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def this_month(today: date) -> tuple[date, date]:
    first = today.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def coupons_for(session: Session, customer_ids: list[int], years: set[int]) -> dict[tuple[int, int], str]:
    out: dict[tuple[int, int], str] = {}
    for start in range(0, len(customer_ids), 900):
        chunk = customer_ids[start:start + 900]
        for cid, year, code in session.execute(
                select(BirthdayCoupon.customer_id, BirthdayCoupon.year, BirthdayCoupon.code)
                .where(BirthdayCoupon.customer_id.in_(chunk), BirthdayCoupon.year.in_(sorted(years)))):
            out.setdefault((cid, year), code)
    return out


def coupon_code(customer_id: int, year: int) -> str:
    return f"BDAY{year}-{customer_id:05d}"


def issue_birthday_coupon(session: Session, customer_id: int, *, year: int | None = None,
                          staff_id: int | None = None) -> BirthdayCoupon:
    """Record the birthday coupon of ``year`` (this year by default). A second one in a year is refused."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound.of("Customer", customer_id)
    year = year or now().year
    if customer.birthday is None:
        raise ValidationError([Problem("birthday", "birthday_missing", f"{customer.name} has no birthday on the card")])
    raise_problems(check_staff, session, staff_id)
    existing = coupons_for(session, [customer_id], {year}).get((customer_id, year))
    if existing:
        raise ValidationError([Problem("coupon", "coupon_already_issued",
                                       f"{customer.name} already received the {year} birthday coupon ({existing})",
                                       existing)])
    on = solar_birthday(customer.birthday, customer.birthday_lunar, year)
    coupon = BirthdayCoupon(customer_id=customer_id, year=year, birthday_on=on.isoformat() if on else "",
                            code=coupon_code(customer_id, year), staff_id=staff_id)
    session.add(coupon)
    session.flush()
    # the counter redeems it by its code
    coupons.issue_coupon(session, customer_id, kind="birthday", code=coupon.code, birthday_coupon_id=coupon.id,
                         expires_on=coupons.birthday_expiry(on, year), staff_id=staff_id)
    return coupon


__all__ = [
    "BirthdayRow", "birthdays_between", "coupon_code", "issue_birthday_coupon", "lunar_to_solar", "solar_birthday",
    "solar_birthdays", "this_month", "this_week",
]
