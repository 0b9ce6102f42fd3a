"""The demo's tables as driver values: numpy columns turned into ids, SQLite text dates or date objects.

Which tables the demo writes come from the models (DEMO_MODELS) and each table's columns from their metadata
(crmdesk.store.bulk); the functions here give each column the demo fills its values, by column name.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import numpy as np
import sqlalchemy as sa

from crmdesk.demo.sales import Demo
from crmdesk.demo.touchpoints import Touchpoints
from crmdesk.demo.world import COSTS, MENU, PRICE_RISE, STAFF
from crmdesk.models import (
    ConsentEvent,
    Contact,
    Customer,
    Feedback,
    FeedbackEvent,
    Product,
    Purchase,
    PurchaseLine,
    Staff,
)
from crmdesk.store.bulk import next_id

EPOCH_DAY = date(1970, 1, 1)
# What the demo writes, in this order (each row's references point at rows written before it).
DEMO_MODELS = (Staff, Customer, Product, Purchase, PurchaseLine, ConsentEvent, Contact, Feedback, FeedbackEvent)
DEMO_TABLES = tuple(model.__tablename__ for model in DEMO_MODELS)
TOUCHPOINT_TABLES = (Contact.__tablename__, Feedback.__tablename__, FeedbackEvent.__tablename__)
ColumnValues = dict[str, list[Any]]  # column name -> its values, one per row


class Columns:
    """Turns numpy columns into values for the driver: ISO text for SQLite, date/datetime objects elsewhere."""

    def __init__(self, start: date, sqlite: bool) -> None:
        self.epoch = (start - EPOCH_DAY).days
        self.sqlite = sqlite

    def datetimes(self, seconds: np.ndarray, null: np.ndarray | None = None) -> list[Any]:
        stamps = (seconds + self.epoch * 86400).astype("datetime64[s]")
        if null is not None:
            stamps[null] = np.datetime64("NaT")
        if not self.sqlite:
            return stamps.astype(object).tolist()
        # SQLAlchemy's SQLite format, so these rows sort and compare like the ones the app writes.
        text = np.datetime_as_string(stamps, unit="s").astype("<U19")
        codes = np.empty((len(text), 26), dtype=np.uint32)
        codes[:, :19] = text.view(np.uint32).reshape(-1, 19)
        codes[:, 10] = ord(" ")
        codes[:, 19:] = [ord(c) for c in ".000000"]
        values = codes.view("<U26").ravel().astype(object)
        if null is not None:
            values[null] = None
        return values.tolist()

    def dates(self, days: np.ndarray, null: np.ndarray | None = None) -> list[Any]:
        stamps = days.astype("datetime64[D]") if days.dtype.kind == "M" else (days + self.epoch).astype(
            "datetime64[D]")
        values = (np.datetime_as_string(stamps).astype("<U10") if self.sqlite else stamps).astype(object)
        if null is not None:
            values[null] = None
        return values.tolist()

    def bools(self, flags: np.ndarray) -> list[Any]:
        return flags.astype(np.int64).tolist() if self.sqlite else flags.astype(bool).tolist()


def table_rows(demo: Demo, touchpoints: Touchpoints, conn: sa.Connection, timings: dict[str, float]
               ) -> dict[str, ColumnValues]:
    """Every table's columns as lists of driver values, ids following the rows already there (the seconds spent
    on the contacts and feedback go into ``timings``)."""
    col = Columns(demo.start, conn.dialect.name == "sqlite")
    base = {t: next_id(conn, t) for t in DEMO_TABLES}
    started = time.perf_counter()
    contact, feedback, event = touchpoint_rows(touchpoints, col, base)
    timings["contact"] = time.perf_counter() - started  # all three tables: only their sum is reported
    products, product_ids = product_rows(demo, col, base, conn)
    return {"staff": staff_rows(demo, col, base), "customer": customer_rows(demo, col, base),
            "product": products, "purchase": purchase_rows(demo, col, base),
            "purchase_line": line_rows(demo, base, product_ids),
            "consent_event": consent_rows(demo, col, base), "contact": contact, "feedback": feedback,
            "feedback_event": event}


def _ids(base: dict[str, int], table: str, count: int) -> list[int]:
    return list(range(base[table], base[table] + count))


def staff_rows(demo: Demo, col: Columns, base: dict[str, int]) -> ColumnValues:
    return {"id": _ids(base, "staff", len(STAFF)), "name": [s[0] for s in STAFF], "role": [s[1] for s in STAFF],
            "active": col.bools(np.ones(len(STAFF), dtype=bool)),
            "created_at": col.datetimes(np.asarray(demo.staff_created, dtype=np.int64))}


def customer_rows(demo: Demo, col: Columns, base: dict[str, int]) -> ColumnValues:
    c = demo.cust
    texts = ("name", "phone", "phone_last4", "email", "gender", "address", "memo", "tags", "customer_code",
             "acquired_via", "search_text")
    return {
        "id": _ids(base, "customer", len(c["name"])), **{k: c[k] for k in texts},
        "birthday": col.dates(*c["birthday"]), "birthday_lunar": col.bools(c["birthday_lunar"]),
        "first_seen": col.dates(c["first_seen"]), "marketing_consent": col.bools(c["marketing_consent"]),
        "marketing_consent_at": col.datetimes(*c["marketing_consent_at"]), "archived": col.bools(c["archived"]),
        "archived_at": col.datetimes(*c["archived_at"]), "created_at": col.datetimes(c["created_at"]),
        "updated_at": col.datetimes(c["updated_at"]), "visit_count": c["visit_count"].tolist(),
        "total_spent": c["total_spent"].tolist(), "last_purchase_at": col.datetimes(c["last_purchase_at"]),
    }


def purchase_rows(demo: Demo, col: Columns, base: dict[str, int]) -> ColumnValues:
    customer_id = (demo.receipt_customer + base["customer"]).astype(object)
    customer_id[demo.receipt_customer < 0] = None  # walk-ins
    purchased_at = col.datetimes(demo.receipt_second)
    return {"id": _ids(base, "purchase", len(demo.receipt_day)), "customer_id": customer_id.tolist(),
            "purchased_at": purchased_at, "total": demo.receipt_total.tolist(),
            "staff_id": (demo.receipt_staff + base["staff"]).tolist(), "receipt_no": demo.receipt_no,
            "created_at": purchased_at}


def product_rows(demo: Demo, col: Columns, base: dict[str, int], conn: sa.Connection
                 ) -> tuple[ColumnValues, np.ndarray]:
    """The menu as the catalogue (today's prices, with its costs: crmdesk.demo.world.COSTS) and each menu item's
    product id. A product of that name already in the catalogue is kept as it is."""
    known: dict[str, int] = {name: pid for name, pid in conn.execute(sa.text("SELECT name, id FROM product"))}
    new = [m for m in MENU if m[0] not in known]
    ids = dict(zip((m[0] for m in new), _ids(base, "product", len(new)), strict=True))
    costs = [COSTS.get(m[0]) for m in new]
    rows: ColumnValues = {
        "id": list(ids.values()), "name": [m[0] for m in new], "category": [m[1] for m in new],
        "unit_price": [m[2] + PRICE_RISE.get(m[1], 0) for m in new],
        "active": col.bools(np.ones(len(new), dtype=bool)),
        "created_at": col.datetimes(np.zeros(len(new), dtype=np.int64)),
        "cost": [c if isinstance(c, int) else None for c in costs],
        "margin_percent": [c if isinstance(c, float) else None for c in costs]}
    return rows, np.asarray([ids.get(m[0], known.get(m[0])) for m in MENU], dtype=np.int64)


def line_rows(demo: Demo, base: dict[str, int], product_ids: np.ndarray) -> ColumnValues:
    names = np.asarray([m[0] for m in MENU], dtype=object)
    categories = np.asarray([m[1] for m in MENU], dtype=object)
    return {"id": _ids(base, "purchase_line", len(demo.line_product)),
            "purchase_id": (demo.line_receipt + base["purchase"]).tolist(),
            "product": names[demo.line_product].tolist(), "category": categories[demo.line_product].tolist(),
            "quantity": demo.line_quantity.tolist(), "unit_price": demo.line_price.tolist(),
            "amount": (demo.line_quantity * demo.line_price).tolist(),
            "product_id": product_ids[demo.line_product].tolist()}


_CONSENT_METHODS = np.asarray(("paper", "verbal", "online"), dtype=object)


def consent_rows(demo: Demo, col: Columns, base: dict[str, int]) -> ColumnValues:
    """Ledger events matching the cards: a paper collection form per card at registration, then each marketing
    purpose granted at the card's consent time (paper, verbal or online by turns); the owner took them."""
    c = demo.cust
    n = len(c["name"])
    ids = np.arange(base["customer"], base["customer"] + n)
    agreed = np.flatnonzero(np.asarray(c["marketing_consent"], dtype=bool))
    consent_at = np.asarray(c["marketing_consent_at"][0], dtype=np.int64)
    purposes = ("sms", "kakao", "email", "phone")
    customer_id = np.concatenate([ids] + [ids[agreed]] * len(purposes))
    at = np.concatenate([np.asarray(c["created_at"], dtype=np.int64)] + [consent_at[agreed]] * len(purposes))
    purpose = np.concatenate([np.full(n, "collection", dtype=object)]
                             + [np.full(len(agreed), p, dtype=object) for p in purposes])
    method = np.concatenate([np.full(n, "paper", dtype=object)] + [_CONSENT_METHODS[agreed % 3]] * len(purposes))
    k = len(customer_id)
    stamps = col.datetimes(at)
    return {"id": _ids(base, "consent_event", k), "customer_id": customer_id.tolist(), "purpose": purpose.tolist(),
            "granted": col.bools(np.ones(k, dtype=bool)), "at": stamps, "method": method.tolist(),
            "staff_id": [base["staff"]] * k, "recorded_at": stamps}


def touchpoint_rows(tp: Touchpoints, col: Columns, base: dict[str, int]
                    ) -> tuple[ColumnValues, ColumnValues, ColumnValues]:
    """The contact, feedback and feedback_event columns (rows and staff indexes become ids here).
    follow_up_contact_id points at a later contact, so it is set afterwards (follow_up_links)."""
    k = len(tp.contact_customer)
    occurred = col.datetimes(tp.contact_second)
    no_follow_up, not_done = tp.contact_follow_up_day < 0, tp.contact_done_by < 0
    contact = {
        "id": _ids(base, "contact", k), "customer_id": (tp.contact_customer + base["customer"]).tolist(),
        "staff_id": (tp.contact_staff + base["staff"]).tolist(), "occurred_at": occurred,
        "channel": tp.contact_channel, "purpose": tp.contact_purpose, "note": tp.contact_note,
        "outcome": tp.contact_outcome,
        "follow_up_on": col.dates(np.where(no_follow_up, 0, tp.contact_follow_up_day), no_follow_up),
        "follow_up_done_at": col.datetimes(tp.contact_second[np.maximum(tp.contact_done_by, 0)], not_done),
        "created_at": occurred,
    }
    return contact, feedback_rows(tp, col, base), feedback_event_rows(tp, col, base)


def _moments(col: Columns, values: list[int | None]) -> list[Any]:
    missing = np.asarray([v is None for v in values], dtype=bool)
    return col.datetimes(np.asarray([v or 0 for v in values], dtype=np.int64), missing)


def _staff_id(base: dict[str, int], row: int | None) -> int | None:
    return None if row is None else row + base["staff"]


def feedback_rows(tp: Touchpoints, col: Columns, base: dict[str, int]) -> ColumnValues:
    items = tp.feedback

    def field(key: str) -> list[Any]:
        return [f[key] for f in items]

    received = _moments(col, field("received_at"))
    return {
        "id": _ids(base, "feedback", len(items)),
        "customer_id": [None if f["customer"] is None else f["customer"] + base["customer"] for f in items],
        **{key: field(key) for key in ("kind", "channel", "category", "severity", "description", "status",
                                       "resolution_note", "recovery_action")},
        "assigned_staff_id": [_staff_id(base, f["assigned"]) for f in items], "received_at": received,
        "received_by_staff_id": [_staff_id(base, f["received_by"]) for f in items],
        "first_response_at": _moments(col, field("first_response_at")),
        "resolved_at": _moments(col, field("resolved_at")), "closed_at": _moments(col, field("closed_at")),
        "created_at": received, "updated_at": _moments(col, field("updated_at")),
    }


def feedback_event_rows(tp: Touchpoints, col: Columns, base: dict[str, int]) -> ColumnValues:
    events = tp.events
    return {"id": _ids(base, "feedback_event", len(events)),
            "feedback_id": [e["feedback"] + base["feedback"] for e in events],
            "at": _moments(col, [e["at"] for e in events]),
            "staff_id": [_staff_id(base, e["staff"]) for e in events], "from_status": [e["from"] for e in events],
            "to_status": [e["to"] for e in events], "note": [e["note"] for e in events]}


def follow_up_links(tp: Touchpoints, first_contact_id: int) -> list[dict[str, int]]:
    """UPDATE parameters: the contact that did each done follow-up (``done``) for the original (``id``)."""
    originals = np.flatnonzero(tp.contact_done_by >= 0)
    done = (tp.contact_done_by[originals] + first_contact_id).tolist()
    return [{"done": d, "id": i} for d, i in zip(done, (originals + first_contact_id).tolist(), strict=True)]
