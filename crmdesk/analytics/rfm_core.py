"""RFM's arithmetic on numpy arrays, and the whole RFM table as file columns without pandas.

rfm.py (pandas frames: the window, the dashboard, the reports) and ``crmdesk rfm --out`` (a file) score with the
same functions here; the rules are in rfm.py's docstring. The file's path reads the driver's rows (rows.py) and
never imports pandas: importing it alone is about 0.3 s of a 2-core machine, a third of the whole command.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter

import numpy as np

from crmdesk.analytics.rows import card_rows, purchase_aggregates, setting_text
from crmdesk.analytics.segment_codes import (
    KOREAN_NAMES,
    NO_PURCHASE,
    RFM_COLUMNS,
    SEGMENT_NAMES,
    SETTING_KEY,
    parse_segment_map,
)
from crmdesk.errors import CrmError
from crmdesk.store import Store

# A customer's segment as a number: an index into these (the scheme's order, "No purchase" last).
SEGMENT_LABELS = (*SEGMENT_NAMES, NO_PURCHASE[0])
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]|$)")


def shop_segment_map(store: Store) -> dict[str, str]:
    """The mapping the shop uses now (see :func:`crmdesk.analytics.segment_codes.parse_segment_map`)."""
    return parse_segment_map(setting_text(store, SETTING_KEY))


def tie_safe(values: np.ndarray, *, higher_is_better: bool = True) -> np.ndarray:
    """Scores 1-5 by quintiles of ``values`` (5 = best) where equal values always share one score: each tie group
    takes the score of the first position it occupies in the worst-to-best order (pandas' rank method "min")."""
    n = len(values)
    if n == 0:
        return np.zeros(0, dtype="int64")
    ordered = np.sort(values)
    if higher_is_better:  # worst first: the values below this one
        position = np.searchsorted(ordered, values, side="left")
    else:  # worst first is the largest first: the values above this one
        position = n - np.searchsorted(ordered, values, side="right")
    return 1 + (5 * position.astype("int64")) // n


@dataclass(frozen=True)
class Scores:
    """Per customer, in the order given: whether they bought, and for those who did their days since the last
    purchase, r, f and m (0 for those who did not); every customer's segment as an index into SEGMENT_LABELS."""

    buyers: np.ndarray
    recency_days: np.ndarray
    r: np.ndarray
    f: np.ndarray
    m: np.ndarray
    segment: np.ndarray

    @property
    def code(self) -> np.ndarray:
        """The three-digit code as a number (0 for those who never bought)."""
        return 100 * self.r + 10 * self.f + self.m


def score(frequency: np.ndarray, monetary: np.ndarray, last_day: np.ndarray, as_of: date,
          segment_map: Mapping[str, str]) -> Scores:
    """RFM of every customer from their purchase count, total (minor units) and last purchase day
    (datetime64[D], NaT for those who never bought); ``segment_map`` maps each code to an English segment name."""
    buyers = np.asarray(frequency) > 0
    n = len(buyers)
    days = np.zeros(n, dtype="int64")
    days[buyers] = (np.datetime64(as_of, "D") - last_day[buyers]).astype("int64")
    r, f, m = (np.zeros(n, dtype="int64") for _ in range(3))
    r[buyers] = tie_safe(days[buyers], higher_is_better=False)
    f[buyers] = tie_safe(np.asarray(frequency)[buyers])
    m[buyers] = tie_safe(np.asarray(monetary)[buyers])
    # Code -> segment through a lookup table indexed by the code as a number; 0 (no purchase) is the last label.
    lookup = np.full(556, len(SEGMENT_NAMES), dtype="int64")
    for code, segment in segment_map.items():
        lookup[int(code)] = SEGMENT_NAMES.index(segment)
    return Scores(buyers, days, r, f, m, lookup[100 * r + 10 * f + m])


def _days(values: list) -> np.ndarray:
    """Timestamps as the driver gives them (SQLite: its stored text "2024-01-31 13:05:00.000000"; a server:
    datetimes) to their calendar days, parsed by numpy in C. Text numpy reads otherwise (an offset like +09:00,
    which numpy turns into UTC with a warning) or not at all (20240131T1305), as another program may have stored
    it, is read value by value: the day as written."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return np.array(values, dtype="datetime64[us]").astype("datetime64[D]")
    except (ValueError, TypeError, Warning):
        return np.array([_day(value) for value in values], dtype="datetime64[D]")


def _day(value: object) -> str:
    text = str(value)
    if _ISO_DAY.match(text):
        return text[:10]
    try:
        return datetime.fromisoformat(text).date().isoformat()  # 20240131T1305 and other ISO 8601 forms
    except ValueError:
        raise CrmError(f"A purchase time in the database cannot be read as a date: {text!r}.",
                       ko=f"데이터베이스의 구매 시각 하나를 날짜로 읽을 수 없습니다: {text!r}.") from None


def _column(rows: Sequence[tuple], i: int) -> list:
    return list(map(itemgetter(i), rows))  # one pass per column: zip(*rows) is 5x slower on 100,000 rows


@dataclass(frozen=True)
class Table:
    """The RFM of every active card, by customer_id: what rfm.rfm_table holds, as arrays and lists."""

    customer_id: np.ndarray
    customer_code: list
    name: list
    frequency: np.ndarray
    monetary: np.ndarray
    scores: Scores


def read_table(store: Store, as_of: date, segment_map: Mapping[str, str] | None = None) -> Table:
    """:func:`crmdesk.analytics.rfm.rfm_table` without pandas: every active card (loader.customer_purchases's
    rules) with its purchases up to the end of ``as_of``, scored with the shop's segment mapping."""
    mapping = segment_map if segment_map is not None else shop_segment_map(store)
    aggregates = purchase_aggregates(store, as_of)
    people = [row for row in card_rows(store) if not row[3]]  # active cards
    ids = np.array(_column(people, 0), dtype="int64")
    if len(ids) > 1 and not bool(np.all(ids[1:] > ids[:-1])):  # SQLite gives them by id; a server may not
        order = np.argsort(ids, kind="stable")
        people, ids = [people[i] for i in order.tolist()], ids[order]
    n = len(ids)
    frequency, monetary = np.zeros(n, dtype="int64"), np.zeros(n, dtype="int64")
    last_day = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    if aggregates and n:
        bought = np.array(_column(aggregates, 0), dtype="int64")
        at = np.minimum(np.searchsorted(ids, bought), n - 1)
        known = ids[at] == bought  # purchases of archived or merged-away cards are left out
        at = at[known]
        frequency[at] = np.array(_column(aggregates, 1), dtype="int64")[known]
        last_day[at] = _days(_column(aggregates, 2))[known]
        monetary[at] = np.array(list(map(int, _column(aggregates, 3))), dtype="int64")[known]  # a server: Decimal
    return Table(ids, _column(people, 1), _column(people, 2), frequency, monetary,
                 score(frequency, monetary, last_day, as_of, mapping))


def _blank(values: np.ndarray, missing: list[int]) -> list:
    """An integer column as file cells: Python ints, empty where the customer has no value."""
    cells = values.tolist()
    for i in missing:
        cells[i] = ""
    return cells


def file_columns(table: Table, *, korean: bool = False) -> tuple[list[str], list[list]]:
    """The header (RFM_COLUMNS) and the columns of the file ``rfm --out`` writes: the cells rfm.rfm_table's frame
    gives through files_out.write_frame (empty where a customer never bought; the segment in Korean with
    ``korean``). The code and name columns (positions 1 and 2) are text still to be made formula-safe."""
    s = table.scores
    missing = np.flatnonzero(~s.buyers).tolist()
    labels = [KOREAN_NAMES[label] for label in SEGMENT_LABELS] if korean else list(SEGMENT_LABELS)
    columns = [table.customer_id.tolist(), table.customer_code, table.name, _blank(s.recency_days, missing),
               table.frequency.tolist(), table.monetary.tolist(), _blank(s.r, missing), _blank(s.f, missing),
               _blank(s.m, missing), _blank(s.code.astype(str), missing),
               [labels[i] for i in s.segment.tolist()]]
    return list(RFM_COLUMNS), columns
