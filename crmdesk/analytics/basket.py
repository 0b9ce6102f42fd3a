"""Cross-sell: which products (and categories) are bought together, and what to suggest to a customer.

A basket is one receipt: all lines of one purchase, voided purchases left out, up to the end of the as-of day
(walk-in receipts count too: they show what goes together even without a name). For every ordered pair of
items A -> B that share at least ``min_baskets`` baskets:

- support = baskets with both / all baskets;
- confidence = baskets with both / baskets with A (how often a buyer of A takes B too);
- lift = confidence / (baskets with B / all baskets): above 1, A makes B more likely than it is anyway.

The pair counts are one sparse matrix product (scipy.sparse: baskets x items, transposed times itself), so a
million lines take about a second, whatever the number of products.

A customer's suggestions are items they never bought, ranked by the best rule from something they did buy
(highest confidence among rules with lift above 1, then lift). Customers with nothing to go on get nothing:
the card says so rather than showing the best-sellers as if they were personal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from scipy import sparse
from sqlalchemy import DateTime, bindparam, text

from crmdesk.analytics.loader import end_of_day
from crmdesk.store import Store

RULE_COLUMNS = ["antecedent", "consequent", "baskets", "support", "confidence", "lift"]
SUGGESTION_COLUMNS = ["item", "because", "confidence", "lift", "baskets"]
MIN_BASKETS = 5
CHUNK_LINES = 20_000  # lines read and coded at a time

# Every line in table order (one sequential scan), and the purchases that do not count (voided, or after the
# as-of day: usually few) to drop afterwards. Joining line to purchase in SQL makes SQLite look each line up
# through an index: half again as slow on a million lines.
_LINES = text("SELECT purchase_id, product, category FROM purchase_line")
_NOT_COUNTED = text("SELECT id FROM purchase WHERE voided_at IS NOT NULL OR purchased_at >= :until").bindparams(
    bindparam("until", type_=DateTime()))


@dataclass(frozen=True)
class Associations:
    as_of: date
    baskets: int
    products: pd.DataFrame  # RULE_COLUMNS, product names; strongest first
    categories: pd.DataFrame  # RULE_COLUMNS, category names


def basket_lines(store: Store, as_of: date | None = None) -> pd.DataFrame:
    """purchase_id, product, category of every line of a counted purchase up to the end of ``as_of``.

    product and category are categoricals: the lines are read ``CHUNK_LINES`` at a time and each chunk's names
    turned into integer codes at once, so a million lines never sit in memory as Python strings (a whole
    fetch of them took about 500 MB)."""
    as_of = as_of or date.today()
    ids: list[np.ndarray] = []
    products, categories = _Coder(), _Coder()
    with store.engine.connect() as conn:
        excluded = np.fromiter((row[0] for row in conn.execute(_NOT_COUNTED, {"until": end_of_day(as_of)})),
                               dtype="int64")
        # The driver's own cursor: SQLAlchemy's streaming result reads a first row ahead of its cursor, and
        # its rows cost a Python object each. PostgreSQL streams through a named (server-side) cursor.
        named = {"name": "basket_lines"} if conn.dialect.name == "postgresql" else {}
        cursor = conn.connection.driver_connection.cursor(**named)  # type: ignore[union-attr]
        try:
            cursor.execute(_LINES.text)
            while rows := cursor.fetchmany(CHUNK_LINES):
                # One object array per chunk: unzipping the rows into tuples costs twice the time in the
                # cyclic collector's passes over them.
                block = np.array(rows, dtype=object)
                del rows
                ids.append(block[:, 0].astype("int64"))
                products.add(block[:, 1])
                categories.add(block[:, 2])
        finally:
            cursor.close()
    purchase_id = np.concatenate(ids) if ids else np.array([], dtype="int64")
    counted = ~np.isin(purchase_id, excluded)
    return pd.DataFrame({"purchase_id": purchase_id[counted], "product": products.categorical(counted),
                         "category": categories.categorical(counted)})


class _Coder:
    """Names to integer codes, a chunk at a time: the codes of all chunks share one table of names."""

    def __init__(self) -> None:
        self.codes: list[np.ndarray] = []
        self.table: dict[object, int] = {}

    def add(self, names: np.ndarray) -> None:
        local, uniques = pd.factorize(names)  # missing names: -1
        known = np.array([self.table.setdefault(name, len(self.table)) for name in uniques], dtype="int32")
        self.codes.append(np.where(local >= 0, known[local] if len(known) else -1, -1).astype("int32"))

    def categorical(self, keep: np.ndarray) -> pd.Categorical:
        codes = np.concatenate(self.codes) if self.codes else np.array([], dtype="int32")
        return pd.Categorical.from_codes(codes[keep], categories=pd.Index(list(self.table), dtype=object))


def rules(baskets: np.ndarray, items: pd.Series, *, min_baskets: int = MIN_BASKETS) -> pd.DataFrame:
    """Association rules A -> B between the items of the same basket (``baskets`` and ``items`` are parallel:
    one entry per line; empty items are skipped; an item twice in one basket counts once)."""
    if isinstance(items.dtype, pd.CategoricalDtype):  # basket_lines' names, already coded
        item_codes, names = np.asarray(items.cat.codes), np.asarray(items.cat.categories, dtype=object)
    else:
        item_codes, names = pd.factorize(items)  # missing items get -1
    blank = np.array([not str(name).strip() for name in names], dtype=bool)
    keep = item_codes >= 0
    keep[keep] = ~blank[item_codes[keep]]
    used, item_codes = np.unique(item_codes[keep], return_inverse=True)
    names = np.asarray(names)[used]
    basket_codes, _ = pd.factorize(baskets[keep])
    n_baskets = int(basket_codes.max()) + 1 if len(basket_codes) else 0
    if n_baskets == 0:
        return pd.DataFrame({c: [] for c in RULE_COLUMNS})
    matrix = sparse.csr_matrix((np.ones(len(item_codes), dtype="int32"), (basket_codes, item_codes)),
                               shape=(n_baskets, len(names)))
    matrix.data[:] = 1  # duplicates were summed: one line of each is enough
    together = (matrix.T @ matrix).tocoo()
    counts = np.asarray(matrix.sum(axis=0)).ravel()
    pair = (together.row != together.col) & (together.data >= min_baskets)
    a, b, both = together.row[pair], together.col[pair], together.data[pair].astype("float64")
    confidence = both / counts[a]
    lift = confidence / (counts[b] / n_baskets)
    out = pd.DataFrame({"antecedent": np.asarray(names)[a], "consequent": np.asarray(names)[b],
                        "baskets": both.astype("int64"), "support": both / n_baskets, "confidence": confidence,
                        "lift": lift})
    return out.sort_values(["lift", "confidence", "antecedent", "consequent"], ascending=[False, False, True, True],
                           ignore_index=True)


def associations(store: Store, as_of: date | None = None, *, min_baskets: int = MIN_BASKETS) -> Associations:
    """Product and category rules of the shop as of the end of ``as_of`` (default today)."""
    as_of = as_of or date.today()
    lines = basket_lines(store, as_of)
    baskets = lines["purchase_id"].to_numpy()
    return Associations(as_of, int(pd.unique(baskets).size),
                        rules(baskets, lines["product"], min_baskets=min_baskets),
                        rules(baskets, lines["category"], min_baskets=min_baskets))


def suggest(table: pd.DataFrame, bought: set[str], *, limit: int = 5) -> pd.DataFrame:
    """Items not in ``bought`` with the best rule from an item in it (confidence first, then lift; only rules
    with lift above 1): SUGGESTION_COLUMNS, ``because`` naming the item that leads there."""
    if not bought or table.empty:
        return pd.DataFrame({c: [] for c in SUGGESTION_COLUMNS})
    candidates = table[table["antecedent"].isin(bought) & ~table["consequent"].isin(bought) & (table["lift"] > 1)]
    best = candidates.sort_values(["confidence", "lift", "baskets", "antecedent"],
                                  ascending=[False, False, False, True]).drop_duplicates("consequent")
    out = best.head(limit).rename(columns={"consequent": "item", "antecedent": "because"})
    return out[SUGGESTION_COLUMNS].reset_index(drop=True)
