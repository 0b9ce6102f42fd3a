"""The products a sales file names: found in the catalogue by name, added when new (with the file's category and
last price), and their costs (issue 20: the field ``cost``, a line's cost per unit) taught to the catalogue."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from crmdesk.store.bulk import insert_rows, next_id, update_rows


@dataclass
class ProductPlan:
    ids: dict[str, int]  # every product the file names -> its id (new ones numbered after the catalogue's)
    new: dict[str, tuple[str | None, int]] = field(default_factory=dict)  # name -> (category, unit price)
    costs: dict[str, int] = field(default_factory=dict)  # name -> the file's last cost per unit


def plan_products(conn: sa.Connection, named: Iterable[tuple[str, str | None, int, int | None]]) -> ProductPlan:
    """What the file's lines need of the catalogue (nothing written yet). ``named``: one (product, category,
    unit price, cost) per product the lines name, in the order of their first line: the last category given (or
    None), the unit price of the last line and the last cost given (or None). A new product gets the category
    and the unit price."""
    plan = ProductPlan({name: pid for pid, name in conn.execute(sa.text("SELECT id, name FROM product"))})
    for product, category, price, cost in named:
        if product not in plan.ids:
            plan.new[product] = (category, price)
        if cost is not None:
            plan.costs[product] = cost
    first = next_id(conn, "product")
    for i, name in enumerate(plan.new):
        plan.ids[name] = first + i
    return plan


def write_products(conn: sa.Connection, plan: ProductPlan, stamp: Any) -> None:
    """Add the new products with their costs; a product the catalogue has without a cost or margin learns the
    file's cost, and one typed in the catalogue stays."""
    insert_rows(conn, "product", ("id", "name", "category", "unit_price", "active", "created_at", "cost"),
                ((plan.ids[n], n, cat, price, True, stamp, plan.costs.get(n)) for n, (cat, price) in plan.new.items()))
    update_rows(conn, "UPDATE product SET cost = :cost WHERE id = :id AND cost IS NULL AND margin_percent IS NULL",
                [{"id": plan.ids[n], "cost": c} for n, c in plan.costs.items() if n not in plan.new])
