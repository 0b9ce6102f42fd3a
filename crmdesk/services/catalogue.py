"""The catalogue's costs: what each product costs the shop, or its margin; a category's margin for its products
without a cost of their own (issue 20: profit, not only revenue). How they turn into margin figures is
crmdesk.analytics.margin's business.

A cost is whole won per unit (0 and up); a margin is a percentage of the price, 0 to 100 (one decimal kept). Either
may be empty: the product then falls back to its category's margin, and without one its sales have no cost, which the
figures report rather than taking as zero. Changing a cost is a shop setting (the owner's, audited), as prices are
the shop's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from crmdesk.access import Permission, require
from crmdesk.errors import NotFound, Problem, ValidationError
from crmdesk.models import Product, ProductCategory

MAX_COST = 10**9


@dataclass(frozen=True)
class ProductCost:
    id: int
    name: str
    category: str | None
    unit_price: int
    cost: int | None
    margin_percent: float | None
    active: bool

    @property
    def unit_cost(self) -> float | None:
        """What one unit costs by the product's own figures (None: it has neither)."""
        if self.cost is not None:
            return float(self.cost)
        if self.margin_percent is not None:
            return self.unit_price * (100 - self.margin_percent) / 100
        return None


@dataclass(frozen=True)
class CategoryMargin:
    name: str
    margin_percent: float | None
    products: int  # products of the catalogue in it


def products(session: Session) -> list[ProductCost]:
    """Every product of the catalogue, active ones first, by category and name."""
    rows = session.execute(select(Product).order_by(Product.active.desc(), Product.category, Product.name)).scalars()
    return [ProductCost(p.id or 0, p.name, p.category, p.unit_price, p.cost, p.margin_percent, p.active)
            for p in rows]


def categories(session: Session) -> list[CategoryMargin]:
    """Every category the catalogue's products name, and those given a margin, by name."""
    margins = {c.name: c.margin_percent for c in session.execute(select(ProductCategory)).scalars()}
    counts: dict[str, int] = {}
    for (category,) in session.execute(select(Product.category).where(Product.category.is_not(None))):
        counts[category] = counts.get(category, 0) + 1
    return [CategoryMargin(name, margins.get(name), counts.get(name, 0)) for name in sorted(set(margins) | set(counts))]


def _cost(value: Any, problems: list[Problem]) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        problems.append(Problem("cost", "number_invalid", "the cost must be a whole number of won", str(value)))
    elif value < 0:
        problems.append(Problem("cost", "cost_negative", "a cost cannot be negative", str(value)))
    elif value > MAX_COST:
        problems.append(Problem("cost", "cost_large", f"a cost above {MAX_COST:,} won is implausible", str(value)))
    else:
        return value
    return None


def _margin(value: Any, problems: list[Problem]) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        problems.append(Problem("margin_percent", "number_invalid", "the margin must be a number", str(value)))
    elif not 0 <= value <= 100:
        problems.append(Problem("margin_percent", "margin_out_of_range", "a margin is 0 to 100 %", str(value)))
    else:
        return round(float(value), 1)
    return None


def set_product_cost(session: Session, product_id: int, *, cost: int | None,
                     margin_percent: float | None) -> Product:
    """Set (or clear, with None) a product's cost per unit and its margin percentage; audited."""
    require(session, Permission.SETTINGS)
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound.of("Product", product_id)
    problems: list[Problem] = []
    clean_cost, clean_margin = _cost(cost, problems), _margin(margin_percent, problems)
    if problems:
        raise ValidationError(problems)
    if (product.cost, product.margin_percent) != (clean_cost, clean_margin):
        from crmdesk.services import audit

        audit.record(session, "settings", None, {
            "key": f"product cost: {product.name}", "before": f"{product.cost} / {product.margin_percent} %",
            "after": f"{clean_cost} / {clean_margin} %"})
        product.cost, product.margin_percent = clean_cost, clean_margin
        session.flush()
    return product


def set_category_margin(session: Session, name: str, margin_percent: float | None) -> None:
    """Set (or clear, with None) a category's margin percentage; audited."""
    require(session, Permission.SETTINGS)
    name = (name or "").strip()
    problems: list[Problem] = []
    if not name or len(name) > 100:
        problems.append(Problem("category", "category_invalid", "a category name is 1 to 100 characters", name))
    clean = _margin(margin_percent, problems)
    if problems:
        raise ValidationError(problems)
    row = session.execute(select(ProductCategory).where(ProductCategory.name == name)).scalar_one_or_none()
    before = row.margin_percent if row is not None else None
    if before == clean:
        return
    from crmdesk.services import audit

    audit.record(session, "settings", None, {"key": f"category margin: {name}", "before": before, "after": clean})
    if row is None:
        session.add(ProductCategory(name=name, margin_percent=clean))
    else:
        row.margin_percent = clean
    session.flush()


__all__ = ["CategoryMargin", "ProductCost", "categories", "products", "set_category_margin", "set_product_cost"]
