"""The sales import's `cost` field (issue 20): each line keeps the cost per unit its file gave, a product without a
cost in the catalogue learns it, one typed in the catalogue stays, and the margin follows (both back ends)."""

from datetime import date

from import_helpers import write_csv
from sqlalchemy import select

from crmdesk.analytics import margin
from crmdesk.importing import read_source, run_import, suggest_mapping
from crmdesk.models import Product, PurchaseLine

HEAD = ["영수증번호", "판매일시", "고객번호", "고객명", "상품명", "분류", "수량", "금액", "원가"]


def import_file(store, path):
    source = read_source(path)
    mapping = suggest_mapping(source.headers, "sales")
    assert mapping["원가"] == "cost"  # the Korean header is recognised
    return run_import(store, source, "sales", mapping)


def test_costs_come_in_with_the_lines_and_fill_the_catalogue(store, tmp_path):
    with store.session() as session:  # the shop typed the latte's cost already; the cookie has none
        session.add_all([Product(name="라떼", category="커피", unit_price=5000, cost=1800),
                         Product(name="쿠키", category="디저트", unit_price=2000)])
    path = write_csv(tmp_path / "sales.csv", [
        HEAD,
        ["R1", "2024-05-10 12:00", "C1", "김가나", "아메리카노", "커피", 2, 9000, "1,000"],
        ["R1", "2024-05-10 12:00", "C1", "김가나", "라떼", "커피", 1, 5000, 1500],
        ["R2", "2024-05-11 09:00", "C1", "김가나", "쿠키", "디저트", 1, 2000, 700],
        ["R2", "2024-05-11 09:00", "C1", "김가나", "머핀", "디저트", 1, 3000, ""],
    ])
    report = import_file(store, path)
    assert (report.rows_imported, report.rows_rejected) == (4, 0)
    with store.session() as session:
        lines = {ln.product: ln.unit_cost for ln in session.execute(select(PurchaseLine)).scalars()}
        costs = {p.name: p.cost for p in session.execute(select(Product)).scalars()}
    assert lines == {"아메리카노": 1000, "라떼": 1500, "쿠키": 700, "머핀": None}
    assert costs == {"아메리카노": 1000, "라떼": 1800, "쿠키": 700, "머핀": None}
    totals = margin.coverage(margin.purchase_margins(store, date(2024, 6, 30)))
    # The line's own cost wins: 9,000 - 2,000 + 5,000 - 1,500 + 2,000 - 700; the muffin's 3,000 has no cost.
    assert (totals.revenue, totals.uncosted_revenue, totals.margin) == (19_000, 3000, 11_800)


def test_a_negative_cost_is_refused_naming_the_row(store, tmp_path):
    path = write_csv(tmp_path / "sales.csv", [
        HEAD, ["R1", "2024-05-10 12:00", "C1", "김가나", "아메리카노", "커피", 1, 4500, "-100"],
        ["R2", "2024-05-10 13:00", "C1", "김가나", "라떼", "커피", 1, 5000, "1,500"]])
    report = import_file(store, path)
    assert (report.rows_imported, report.rows_rejected) == (1, 1)
    assert report.rejections[0].describe() == "row 2, column 원가: a negative cost"
