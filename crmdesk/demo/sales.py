"""Customers' visits and purchases for the demo café: numpy draws from one seeded generator.

Who comes (regulars, occasional and one-off buyers, drifting and lost customers, newcomers), when (by season,
weekday and hour, closed on 설날 and 추석), what they buy (iced drinks in summer, cakes at Christmas) and who
rang it up. Rows are indexes from 0, turned into ids when written (crmdesk.demo.rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from crmdesk.demo.customers import draw_customers
from crmdesk.demo.progress import Steps
from crmdesk.demo.world import (
    ARCHETYPE_SHARES,
    CATEGORIES,
    CLOSING_HOUR,
    DRIFTING,
    EXTRA_LINE,
    FIRST_LINE,
    HISTORY_DAYS,
    HOUR_WEEKDAY,
    HOUR_WEEKEND,
    LOST,
    MENU,
    MONTH_WEIGHT,
    NEW,
    OCCASIONAL,
    ONE_OFF,
    OPENING_HOUR,
    PRICE_RISE,
    REGULAR,
    STAFF,
    WALK_IN_SHARE,
    WEEKDAY_WEIGHT,
    weights,
)


@dataclass
class Demo:
    start: date
    # customers, in the order of their first visit (that is, their ids)
    cust: dict[str, Any]
    # receipts, in time order
    receipt_day: np.ndarray
    receipt_second: np.ndarray  # seconds since the start date's midnight
    receipt_customer: np.ndarray  # customer row, -1 for a walk-in
    receipt_staff: np.ndarray
    receipt_total: np.ndarray
    receipt_no: list[str]
    # lines, grouped by receipt
    line_receipt: np.ndarray
    line_product: np.ndarray
    line_quantity: np.ndarray
    line_price: np.ndarray
    staff_created: list[int]  # seconds since the start date's midnight
    # customer rows (id order): offices ordering by the tray, bean subscribers
    group: np.ndarray
    subscriber: np.ndarray


def allocate(n: int, shares: Sequence[float]) -> np.ndarray:
    """Counts per share summing to n exactly (largest remainder), so even a small shop has every type."""
    raw = np.asarray(shares, dtype=np.float64) / sum(shares) * n
    counts = np.floor(raw).astype(np.int64)
    order = np.argsort(-(raw - counts), kind="stable")
    counts[order[: n - counts.sum()]] += 1
    return counts


class Generator:
    def __init__(self, n: int, seed: int, as_of: date, steps: Steps) -> None:
        self.n = n
        self.rng = np.random.default_rng(seed)
        self.as_of = as_of
        self.steps = steps
        # as_of is the demo's today: the sales end the evening before, so nothing lies in its future.
        self.start = as_of - timedelta(days=HISTORY_DAYS)
        self.last = HISTORY_DAYS - 1  # day index of the day before as_of
        days = np.datetime64(self.start, "D") + np.arange(HISTORY_DAYS)
        self.days = days
        self.weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
        months = days.astype("datetime64[M]")
        self.month = months.astype(np.int64) % 12 + 1
        self.day_of_month = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
        weight = (np.asarray(WEEKDAY_WEIGHT)[self.weekday] * np.asarray(MONTH_WEIGHT)[self.month - 1]
                  * (0.8 + 0.35 * np.arange(HISTORY_DAYS) / HISTORY_DAYS))  # the café grows
        december = self.month == 12
        weight[december & (self.day_of_month >= 18) & (self.day_of_month <= 23)] *= 1.2
        weight[december & ((self.day_of_month == 24) | (self.day_of_month == 25))] *= 1.5
        weight[(self.month == 2) & (self.day_of_month == 14)] *= 1.4
        weight[(self.month == 1) & (self.day_of_month == 1)] *= 0.5
        weight[self.holidays()] = 0.0  # closed on 설날 and 추석
        self.cum = np.concatenate(([0.0], np.cumsum(weight)))
        season = np.zeros(HISTORY_DAYS, dtype=np.int64)
        season[np.isin(self.month, (6, 7, 8))] = 1
        season[np.isin(self.month, (12, 1, 2))] = 2
        season[december & (self.day_of_month >= 18) & (self.day_of_month <= 25)] = 3
        self.season = season
        rise = as_of.replace(day=1) - timedelta(days=420)
        self.price_rise_day = (rise.replace(day=1) - self.start).days

    def holidays(self) -> np.ndarray:
        """Day indexes of 설날 and 추석 (lunar 1/1 and 8/15), when the café is closed."""
        out: list[int] = []
        try:
            from korean_lunar_calendar import KoreanLunarCalendar
        except ImportError:  # pragma: no cover - a dependency, but the demo does not need it
            return np.asarray(out, dtype=np.int64)
        calendar = KoreanLunarCalendar()
        for year in range(self.start.year - 1, self.as_of.year + 1):
            for month, day in ((1, 1), (8, 15)):
                if calendar.setLunarDate(year, month, day, False):
                    offset = (date.fromisoformat(calendar.SolarIsoFormat()) - self.start).days
                    if 0 <= offset < HISTORY_DAYS:
                        out.append(offset)
        return np.asarray(out, dtype=np.int64)

    def days_between(self, a: np.ndarray, b: np.ndarray, u: np.ndarray) -> np.ndarray:
        """A day in [a, b] for each u in [0, 1), following the shop's busy-ness (inverse of its CDF)."""
        lo, hi = self.cum[a], self.cum[b + 1]
        day = np.searchsorted(self.cum, lo + u * (hi - lo), side="right") - 1
        return np.clip(day, a, b)

    def some_time_between(self, lo: np.ndarray, hi: np.ndarray | int) -> np.ndarray:
        """A moment during opening hours on a day between the days of two moments (seconds since the start)."""
        lo_day, hi_day = lo // 86400, np.maximum(lo, hi) // 86400
        day = lo_day + (self.rng.random(len(lo)) * (hi_day - lo_day + 1)).astype(np.int64)
        return (np.minimum(day, hi_day) * 86400 + OPENING_HOUR * 3600
                + self.rng.integers(0, (CLOSING_HOUR - OPENING_HOUR) * 3600, len(lo)))

    def hours(self, day: np.ndarray) -> np.ndarray:
        weekend = self.weekday[day] >= 5
        u = self.rng.random(len(day))
        weekday_hour = np.searchsorted(np.cumsum(weights(HOUR_WEEKDAY)), u, side="right")
        weekend_hour = np.searchsorted(np.cumsum(weights(HOUR_WEEKEND)), u, side="right")
        hour = np.where(weekend, weekend_hour, weekday_hour)
        return OPENING_HOUR + np.minimum(hour, CLOSING_HOUR - OPENING_HOUR - 1)

    def build(self) -> Demo:
        """Customers, their visits and what they bought (the draws in a fixed order: a seed gives one shop)."""
        rng, n = self.rng, self.n
        # Who they are.
        arch = np.repeat(np.arange(6), allocate(n, ARCHETYPE_SHARES))
        rng.shuffle(arch)
        group = (arch != ONE_OFF) & (rng.random(n) < 0.03)
        subscriber = rng.random(n) < np.choose(arch, (0.0, 0.03, 0.0, 0.02, 0.05, 0.18))
        day, second, customer = self._visits(arch)
        receipts = len(day)
        seq = np.arange(receipts) - np.searchsorted(day, day, side="left") + 1
        staff = self.staff_on_duty(day, second)
        self.steps(0.08)

        # What they buy.
        line_receipt, product, quantity, price = self._lines(day, customer, arch, group, subscriber)
        amount = quantity * price
        starts = np.flatnonzero(np.r_[True, line_receipt[1:] != line_receipt[:-1]])
        total = np.add.reduceat(amount, starts)
        self.steps(0.16)

        # Per customer: first and last visit, visits and spending.
        known = customer >= 0
        kc, ks, kt = customer[known], second[known], total[known]
        visit_count = np.bincount(kc, minlength=n)
        spent = np.bincount(kc, weights=kt, minlength=n).round().astype(np.int64)
        first = np.full(n, np.iinfo(np.int64).max)
        np.minimum.at(first, kc, ks)
        latest = np.full(n, -1, dtype=np.int64)
        np.maximum.at(latest, kc, ks)
        # Ids follow the order in which customers first came.
        by_first = np.argsort(first, kind="stable")
        rank = np.empty(n, dtype=np.int64)
        rank[by_first] = np.arange(n)
        customer = np.where(known, rank[np.maximum(customer, 0)], -1)
        cust = draw_customers(self, arch[by_first], group[by_first], subscriber[by_first],
                              visit_count[by_first], spent[by_first], first[by_first], latest[by_first])
        self.steps(0.25)
        receipt_no = _receipt_numbers(self.days[day], seq)
        return Demo(
            start=self.start, cust=cust, receipt_day=day, receipt_second=second, receipt_customer=customer,
            receipt_staff=staff, receipt_total=total, receipt_no=receipt_no, line_receipt=line_receipt,
            line_product=product, line_quantity=quantity, line_price=price,
            staff_created=[hired * 86400 + 7 * 3600 for _, _, hired in STAFF],
            group=group[by_first], subscriber=subscriber[by_first],
        )

    def _active_spans(self, arch: np.ndarray) -> tuple[np.ndarray, ...]:
        """When they come: an active interval [a, b] of days per customer, a number of visits, and a warp of
        time (drifting customers come densely at first, then with growing gaps)."""
        rng, n, last = self.rng, self.n, self.last
        a = np.zeros(n, dtype=np.int64)
        b = np.full(n, last, dtype=np.int64)
        visits = np.ones(n, dtype=np.int64)
        warp = np.ones(n)
        m = arch == NEW
        a[m] = last - rng.integers(0, 60, m.sum())
        visits[m] = 1 + rng.poisson(1.0, m.sum())
        m = arch == OCCASIONAL
        a[m] = rng.integers(0, last - 30, m.sum())
        b[m] = np.minimum(last, a[m] + 30 + rng.exponential(160, m.sum()).astype(np.int64))
        visits[m] = 1 + rng.poisson((b[m] - a[m]) / rng.uniform(30, 60, m.sum()))
        m = arch == LOST
        b[m] = last - rng.integers(185, 640, m.sum())
        a[m] = np.maximum(0, b[m] - rng.integers(45, 300, m.sum()))
        visits[m] = 2 + rng.poisson((b[m] - a[m]) / rng.uniform(20, 50, m.sum()))
        m = arch == DRIFTING
        a[m] = rng.integers(0, last - 365, m.sum())
        b[m] = last - rng.integers(0, 45, m.sum())
        visits[m] = 6 + rng.poisson(7, m.sum())
        warp[m] = rng.uniform(2.0, 3.2, m.sum())
        m = arch == REGULAR
        a[m] = last - 180 - (rng.random(m.sum()) ** 2 * (last - 180)).astype(np.int64)
        visits[m] = 1 + rng.poisson((b[m] - a[m]) * rng.uniform(0.8, 1.6, m.sum()) / 7)
        return a, b, visits, warp

    def _visits(self, arch: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every receipt's day, moment and customer row (-1: a walk-in), in time order: the customers' visits,
        many at their usual hour, then the walk-ins."""
        rng, n, last = self.rng, self.n, self.last
        a, b, visits, warp = self._active_spans(arch)
        pref_hour = self.hours(rng.integers(0, HISTORY_DAYS, n))
        habit = np.choose(arch, (0.0, 0.3, 0.3, 0.4, 0.6, 0.7))
        self.steps(0.03)
        visit_cust = np.repeat(np.arange(n), visits)
        u = rng.random(len(visit_cust))
        visit_day = self.days_between(a[visit_cust], b[visit_cust], u ** warp[visit_cust])
        walk_ins = int(round(len(visit_cust) * WALK_IN_SHARE / (1 - WALK_IN_SHARE)))
        walk_day = self.days_between(np.zeros(walk_ins, dtype=np.int64), np.full(walk_ins, last), rng.random(walk_ins))
        day = np.concatenate((visit_day, walk_day))
        customer = np.concatenate((visit_cust, np.full(walk_ins, -1)))
        hour = self.hours(day)
        usual = rng.random(len(visit_cust)) < habit[visit_cust]
        hour[: len(visit_cust)][usual] = pref_hour[visit_cust[usual]]
        second = day * 86400 + hour * 3600 + rng.integers(0, 3600, len(day))
        order = np.argsort(second, kind="stable")
        return day[order], second[order], customer[order]

    def staff_on_duty(self, day: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Who was at the till: 김하늘 opens on weekdays, 이준호 closes once hired, 박소민 does weekends."""
        r = self.rng.random(len(day))
        morning = second - day * 86400 < 14 * 3600
        weekend = self.weekday[day] >= 5
        staff = np.zeros(len(day), dtype=np.int64)  # the owner
        staff[~weekend & morning & (r < 0.7)] = 1
        afternoon = ~weekend & ~morning
        staff[afternoon & (day < STAFF[2][2]) & (r < 0.35)] = 1
        staff[afternoon & (day >= STAFF[2][2]) & (r < 0.7)] = 2
        staff[weekend & (day >= STAFF[3][2]) & (r < 0.65)] = 3
        return staff

    def _lines(self, day: np.ndarray, customer: np.ndarray, arch: np.ndarray, group: np.ndarray,
               subscriber: np.ndarray) -> tuple[np.ndarray, ...]:
        rng, n = self.rng, self.n
        receipts = len(day)
        known = customer >= 0
        cust = np.maximum(customer, 0)
        # Basket size per customer (some always add a pastry), 1-4 lines per receipt.
        appetite = rng.lognormal(-0.75, 0.6, n)
        lam = np.where(known, appetite[cust], 0.55)
        n_lines = 1 + np.minimum(3, rng.poisson(lam))
        bean_run = known & subscriber[cust] & (rng.random(receipts) < 0.3)
        n_lines[bean_run] = np.maximum(n_lines[bean_run], 2)
        line_receipt = np.repeat(np.arange(receipts), n_lines)
        lines = len(line_receipt)
        starts = np.cumsum(n_lines) - n_lines
        pos = np.arange(lines) - starts[line_receipt]
        season = self.season[day][line_receipt]

        names = [m[0] for m in MENU]
        tables = menu_choices()

        def draw(first: np.ndarray, seasons: np.ndarray) -> np.ndarray:
            out = np.empty(len(first), dtype=np.int64)
            u = rng.random(len(first))
            for p in (0, 1):
                for s in range(4):
                    m = (first == (p == 0)) & (seasons == s)
                    out[m] = np.minimum(np.searchsorted(tables[p, s], u[m], side="right"), len(MENU) - 1)
            return out

        product = draw(pos == 0, season)
        # Regulars have a usual drink; in summer a hot americano or latte often becomes an iced one.
        usual_drink = draw(np.ones(n, dtype=bool), np.zeros(n, dtype=np.int64))
        loyalty = np.choose(arch, (0.0, 0.3, 0.3, 0.4, 0.5, 0.6))
        first_line = np.flatnonzero(pos == 0)
        their = known[line_receipt[first_line]]
        first_cust = cust[line_receipt[first_line]]
        take = their & (rng.random(len(first_line)) < loyalty[first_cust])
        product[first_line[take]] = usual_drink[first_cust[take]]
        iced = {names.index("아메리카노"): names.index("아이스 아메리카노"),
                names.index("카페라떼"): names.index("아이스 카페라떼")}
        flip = rng.random(lines) < 0.6
        for hot, cold in iced.items():
            product[(product == hot) & (season == 1) & flip] = cold
            product[(product == cold) & (season >= 2) & flip] = hot
        # Bean subscribers pick up their beans.
        last_line = starts[bean_run] + n_lines[bean_run] - 1
        product[last_line] = np.where(rng.random(len(last_line)) < 0.8, names.index("원두 200g (온기 블렌드)"),
                                      names.index("에티오피아 예가체프 200g"))
        # One product appears once per receipt (a till adds to the quantity instead).
        for _ in range(50):
            dup = np.zeros(lines, dtype=bool)
            for j in (1, 2, 3):
                later = np.flatnonzero(pos >= j)
                dup[later] |= product[later] == product[later - j]
            if not dup.any():
                break
            product[dup] = draw(np.zeros(dup.sum(), dtype=bool), season[dup])

        quantity, price = self._quantities(day, line_receipt, product, known & group[cust])
        return line_receipt, product, quantity, price

    def _quantities(self, day: np.ndarray, line_receipt: np.ndarray, product: np.ndarray, office_customer: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray]:
        """Quantities (mostly one; a second coffee for a friend; offices order by the tray) and the prices of
        the day (lower before the price rise)."""
        rng, lines = self.rng, len(line_receipt)
        category = _MENU_CATEGORY
        is_drink = category[product] == 0
        quantity = np.ones(lines, dtype=np.int64)
        quantity += (rng.random(lines) < np.where(is_drink, 0.09, 0.12)) * (1 + rng.poisson(0.3, lines))
        office = office_customer & (rng.random(len(day)) < 0.5)
        tray = office[line_receipt] & is_drink
        quantity[tray] = np.minimum(30, 4 + rng.poisson(6, tray.sum()))
        quantity[(category[product] >= 3) | (np.asarray([m[2] for m in MENU])[product] >= 20000)] = 1
        price = np.asarray([m[2] for m in MENU])[product]
        before = day[line_receipt] < self.price_rise_day
        rise = np.asarray([PRICE_RISE.get(c, 0) for c in CATEGORIES])[category[product]]
        price = price - np.where(before & (price < 10000), rise, 0)
        return quantity, price


_MENU_CATEGORY = np.asarray([CATEGORIES.index(m[1]) for m in MENU])


def menu_choices() -> np.ndarray:
    """Cumulative chances of each menu item, [first line or a further one][season][item]: a first line is mostly
    a drink, further lines cakes and bread; seasons are 0 rest of year, 1 summer, 2 winter, 3 Christmas week."""
    base = np.asarray([m[3] for m in MENU])
    season_mult = np.column_stack([np.ones(len(MENU))] + [[m[k] for m in MENU] for k in (4, 5, 6)])
    tables = np.empty((2, 4, len(MENU)))
    for p, pos_mult in enumerate((FIRST_LINE, EXTRA_LINE)):
        cat_mult = np.asarray([pos_mult[c] for c in CATEGORIES])[_MENU_CATEGORY]
        for s in range(4):
            w = base * season_mult[:, s] * cat_mult
            tables[p, s] = np.cumsum(w / w.sum())
    return tables


def _digits(values: np.ndarray, width: int) -> np.ndarray:
    """Zero-padded decimal digits of each value as UCS-4 code points, shape (len, width)."""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return (values[:, None] // powers % 10 + ord("0")).astype(np.uint32)


def _receipt_numbers(days: np.ndarray, seq: np.ndarray) -> list[str]:
    """R + yyyymmdd + the receipt's number that day: R2025010600012. Built column-wise, no Python loop."""
    ymd = days.astype("datetime64[D]")
    year = ymd.astype("datetime64[Y]").astype(np.int64) + 1970
    month = ymd.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day = (ymd - ymd.astype("datetime64[M]")).astype(np.int64) + 1
    codes = np.empty((len(seq), 14), dtype=np.uint32)
    codes[:, 0] = ord("R")
    codes[:, 1:9] = _digits(year * 10000 + month * 100 + day, 8)
    codes[:, 9:] = _digits(seq, 5)
    return codes.view("<U14").ravel().tolist()

