"""RFM on a five-customer shop checked by hand (as of 2025-06-30; buyers' scores are their position, 1-5)."""

from __future__ import annotations

import json
from datetime import date, datetime

import pandas as pd
import pytest

from crmdesk.analytics import rfm
from crmdesk.analytics.loader import customer_purchases
from crmdesk.models import Purchase
from crmdesk.services import segments
from crmdesk.services.settings import set_setting

AS_OF = date(2025, 6, 30)


@pytest.fixture
def five(shop):
    ids = {
        "A": shop("가나", (date(2025, 6, 29), 40_000), (date(2025, 6, 1), 20_000), (date(2025, 5, 1), 20_000),
                  (date(2025, 4, 1), 20_000), code="C1"),
        "B": shop("B", (date(2025, 6, 20), 20_000), (date(2025, 5, 20), 20_000), (date(2025, 4, 20), 10_000)),
        # C's big purchase yesterday was voided: it counts nowhere.
        "C": shop("C", (date(2025, 5, 31), 15_000), (date(2025, 4, 30), 15_000), (date(2025, 6, 29), 900_000, True)),
        # D bought again after the as-of date: looking back ignores it.
        "D": shop("D", (date(2025, 3, 2), 20_000), (date(2025, 7, 1), 99_000)),
        "E": shop("E", (date(2024, 6, 30), 20_000)),
        "F": shop("F (never bought)"),
    }
    shop("archived", (date(2025, 6, 29), 500_000), archived=True)
    with shop.store.session() as session:  # a walk-in sale belongs to nobody
        session.add(Purchase(customer_id=None, purchased_at=datetime(2025, 6, 29, 10), total=70_000))
    return ids


def by_id(table: pd.DataFrame, customer_id: int) -> dict:
    return table.set_index("customer_id").loc[customer_id].to_dict()


def test_hand_checked_scores_codes_and_segments(five, shop):
    table = rfm.rfm_table(shop.store, AS_OF)
    assert list(table.columns) == rfm.RFM_COLUMNS
    expected = {  # recency_days, frequency, monetary, r, f, m, rfm, segment
        "A": (1, 4, 100_000, 5, 5, 5, "555", "Champions"),
        "B": (10, 3, 50_000, 4, 4, 4, "444", "Loyal Customers"),
        "C": (30, 2, 30_000, 3, 3, 3, "333", "Potential Loyalist"),
        # D and E both bought once for 20,000: the tie is never split, both score 1 on F and M.
        "D": (120, 1, 20_000, 2, 1, 1, "211", "Hibernating"),
        "E": (365, 1, 20_000, 1, 1, 1, "111", "Lost"),
    }
    for key, (days, freq, money, r, f, m, code, segment) in expected.items():
        row = by_id(table, five[key])
        assert (row["recency_days"], row["frequency"], row["monetary"]) == (days, freq, money), key
        assert (row["r"], row["f"], row["m"], row["rfm"], row["segment"]) == (r, f, m, code, segment), key
    assert by_id(table, five["A"])["customer_code"] == "C1" and by_id(table, five["A"])["name"] == "가나"


def test_customer_without_purchase_is_listed_unscored_as_no_purchase(five, shop):
    row = by_id(rfm.rfm_table(shop.store, AS_OF), five["F"])
    assert row["frequency"] == 0 and row["monetary"] == 0
    assert all(pd.isna(row[c]) for c in ("recency_days", "r", "f", "m", "rfm"))
    assert row["segment"] == "No purchase"


def test_archived_customers_and_walk_ins_are_left_out(five, shop):
    table = rfm.rfm_table(shop.store, AS_OF)
    assert sorted(table["customer_id"]) == sorted(five.values())
    assert table["monetary"].sum() == 100_000 + 50_000 + 30_000 + 20_000 + 20_000


def test_looking_back_ignores_later_purchases_and_counts_the_whole_as_of_day(five, shop):
    earlier = rfm.rfm_table(shop.store, date(2025, 5, 31)).set_index("customer_id")
    assert earlier.loc[five["A"], "frequency"] == 2 and earlier.loc[five["A"], "recency_days"] == 30
    assert earlier.loc[five["C"], "recency_days"] == 0  # bought at noon on the as-of day itself
    assert earlier.loc[five["B"], "frequency"] == 2
    later = rfm.rfm_table(shop.store, date(2025, 7, 1)).set_index("customer_id")
    assert later.loc[five["D"], "frequency"] == 2 and later.loc[five["D"], "recency_days"] == 0
    before_anything = rfm.rfm_table(shop.store, date(2024, 1, 1))
    assert (before_anything["segment"] == "No purchase").all()


def test_a_purchase_late_on_the_as_of_day_counts_and_one_just_after_midnight_does_not(shop):
    late = shop("late", (datetime(2025, 6, 30, 23, 59, 59), 5_000))
    early = shop("early", (datetime(2025, 7, 1, 0, 0, 0), 5_000))
    table = rfm.rfm_table(shop.store, AS_OF).set_index("customer_id")
    assert table.loc[late, "frequency"] == 1 and table.loc[late, "recency_days"] == 0
    assert table.loc[early, "frequency"] == 0


def test_ties_are_never_split_across_scores():
    values = pd.Series([1, 1, 1, 1, 2, 3, 4, 5, 6, 7])
    assert rfm.tie_safe_scores(values).tolist() == [1, 1, 1, 1, 3, 3, 4, 4, 5, 5]
    # Without ties it is the plain quintile cut.
    assert rfm.tie_safe_scores(pd.Series(range(10))).tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    # Recency: fewer days is better; equal days share a score.
    days = pd.Series([0, 0, 5, 9, 9, 9, 30, 30, 40, 60])
    assert rfm.tie_safe_scores(days, higher_is_better=False).tolist() == [5, 5, 4, 3, 3, 3, 2, 2, 1, 1]


def test_ties_share_one_score_on_a_large_skewed_base():
    freq = pd.Series([1] * 600 + [2] * 200 + [3] * 120 + list(range(4, 84)))
    scores = rfm.tie_safe_scores(freq)
    per_value = pd.DataFrame({"v": freq, "s": scores}).groupby("v")["s"].nunique()
    assert (per_value == 1).all()
    assert scores[freq == 1].unique().tolist() == [1] and scores.max() == 5
    assert pd.Series(scores).is_monotonic_increasing


def test_one_purchase_customers_and_a_single_customer_shop(shop):
    only = shop("only", (date(2025, 6, 1), 9_000))
    row = by_id(rfm.rfm_table(shop.store, AS_OF), only)
    assert (row["recency_days"], row["frequency"], row["monetary"]) == (29, 1, 9_000)
    assert row["rfm"] == "111" and row["segment"] == "Lost"


def test_an_empty_shop_gives_an_empty_table_and_summary(store):
    table = rfm.rfm_table(store, AS_OF)
    assert table.empty and list(table.columns) == rfm.RFM_COLUMNS
    assert rfm.segment_summary(table).empty


def test_segment_summary_counts_customers_and_revenue_shares(five, shop):
    summary = rfm.segment_summary(rfm.rfm_table(shop.store, AS_OF)).set_index("segment")
    assert summary.loc["Champions", "customers"] == 1
    assert summary.loc["Champions", "share"] == pytest.approx(1 / 6)
    assert summary.loc["Champions", "revenue_share"] == pytest.approx(100_000 / 220_000)
    assert summary.loc["No purchase", "revenue_share"] == 0
    assert summary["customers"].sum() == 6 and summary["revenue_share"].sum() == pytest.approx(1)
    assert "At Risk" not in summary.index  # empty segments are not listed
    assert list(summary.index)[-1] == "No purchase"


def test_default_scheme_maps_every_one_of_the_125_codes_to_exactly_one_segment():
    listed = [code for codes in rfm.DEFAULT_SEGMENT_CODES.values() for code in codes]
    assert len(listed) == 125 and set(listed) == set(rfm.ALL_CODES)
    assert set(rfm.DEFAULT_SEGMENT_CODES) == set(rfm.SEGMENT_NAMES) and len(rfm.SEGMENT_NAMES) == 11
    mapping = rfm.default_segment_map()
    assert mapping["555"] == "Champions" and mapping["111"] == "Lost" and mapping["155"] == "Can't Lose Them"
    assert [rfm.KOREAN_NAMES[n] for n in rfm.SEGMENT_NAMES] == [
        "챔피언", "충성 고객", "잠재 충성 고객", "신규 고객", "유망 고객", "관심 필요", "이탈 직전", "이탈 위험",
        "놓치면 안 될 고객", "휴면", "이탈"]


def test_the_shop_can_store_its_own_mapping(five, shop):
    codes = {name: list(c) for name, c in rfm.DEFAULT_SEGMENT_CODES.items()}
    codes["Lost"].remove("111")
    codes["휴면"] = codes.pop("Hibernating") + ["111"]  # Korean names are accepted too
    with shop.store.session() as session:
        segments.save_segment_map(session, codes)
    table = rfm.rfm_table(shop.store, AS_OF)
    assert by_id(table, five["E"])["segment"] == "Hibernating"
    with shop.store.session() as session:
        segments.reset_segment_map(session)
    assert by_id(rfm.rfm_table(shop.store, AS_OF), five["E"])["segment"] == "Lost"


@pytest.mark.parametrize(("change", "message"), [
    (lambda c: c["Lost"].remove("111"), "leaves out 1 codes: 111"),
    (lambda c: c["Champions"].append("111"), "111 is given twice"),
    (lambda c: c.update(VIP=c.pop("Champions")), "Unknown RFM segment 'VIP'"),
    (lambda c: c["Lost"].append("611"), "'611' under Lost is not an RFM code"),
    (lambda c: c.update(Lost="111"), "must be a list"),
])
def test_a_mapping_that_is_not_complete_and_exact_is_refused(shop, change, message):
    codes = {name: list(c) for name, c in rfm.DEFAULT_SEGMENT_CODES.items()}
    change(codes)
    with shop.store.session() as session, pytest.raises(rfm.SegmentMapError, match=message):
        segments.save_segment_map(session, codes)
    with shop.store.session() as session:
        assert segments.load_segment_map(session) == rfm.default_segment_map()  # nothing was saved


def test_a_damaged_saved_mapping_is_refused_not_replaced(shop):
    with shop.store.session() as session:
        set_setting(session, rfm.SETTING_KEY, json.dumps({"Champions": ["555"]}))
    with pytest.raises(rfm.SegmentMapError, match="leaves out 124 codes"):
        rfm.rfm_table(shop.store, AS_OF)
    with shop.store.session() as session:
        set_setting(session, rfm.SETTING_KEY, "{not json")
    with pytest.raises(rfm.SegmentMapError, match="not valid JSON"):
        rfm.rfm_table(shop.store, AS_OF)


def test_the_stored_mapping_fits_a_setting_value(shop):
    with shop.store.session() as session:
        segments.save_segment_map(session, rfm.DEFAULT_SEGMENT_CODES)
        from crmdesk.services.settings import get_setting

        assert len(get_setting(session, rfm.SETTING_KEY)) <= 2000  # the column's declared length


def test_loader_counts_each_receipt_once_and_gives_first_purchase_on_request(five, shop):
    frame = customer_purchases(shop.store, AS_OF, first_purchase=True).set_index("customer_id")
    assert frame.loc[five["A"], "frequency"] == 4
    assert frame.loc[five["A"], "first_purchase_at"] == pd.Timestamp("2025-04-01 12:00")
    assert frame.loc[five["A"], "last_purchase_at"] == pd.Timestamp("2025-06-29 12:00")
    assert pd.isna(frame.loc[five["F"], "last_purchase_at"])


def test_tie_safe_scores_are_pandas_rank_min_quintiles_on_random_bases():
    """rfm_core.tie_safe (numpy, what `rfm --out` scores with) is the rule in rfm.py's docstring: a customer's score
    is 1 + 5 x (rank by pandas' method "min", worst first, minus one) // buyers, on any base, ties and all."""
    import numpy as np

    from crmdesk.analytics.rfm_core import tie_safe

    rng = np.random.default_rng(18)
    for n in (1, 2, 3, 4, 5, 7, 10, 99, 1000):
        for spread in (1, 3, 50, 10**9):
            values = rng.integers(-spread, spread + 1, size=n)
            for better in (True, False):
                rank = pd.Series(values).rank(method="min", ascending=better).to_numpy(dtype="int64")
                assert tie_safe(values, higher_is_better=better).tolist() == (1 + 5 * (rank - 1) // n).tolist(), \
                    (n, spread, better)
    assert tie_safe(np.array([], dtype="int64")).tolist() == []


def test_the_table_read_without_pandas_is_the_loaders_table(five, shop):
    """rfm_table and `rfm --out` read and score without pandas (rfm_core.read_table): the frame is exactly the one
    the loader's merge gives (loader.customer_purchases, dtypes and all), and the file's cells are that frame's
    through the export writer, on both back ends (a server's SUM is a Decimal, its times datetimes): the
    never-bought customer's scores empty, archived cards and walk-ins left out, in Korean too."""
    from crmdesk.analytics import rfm_core
    from crmdesk.services.files_out import _frame_column
    from crmdesk.services.tablefiles import clean_column

    for as_of in (AS_OF, date(2025, 5, 31), date(2024, 1, 1)):
        frame = rfm.rfm_scores(customer_purchases(shop.store, as_of), as_of, rfm.shop_segment_map(shop.store))
        pd.testing.assert_frame_equal(rfm.rfm_table(shop.store, as_of), frame)  # dtypes, missing codes and all
        for korean in (False, True):
            header, columns = rfm_core.file_columns(rfm_core.read_table(shop.store, as_of), korean=korean)
            if korean:
                frame["segment"] = frame["segment"].map(rfm.KOREAN_NAMES)
            assert header == rfm.RFM_COLUMNS
            columns[1:3] = [clean_column(column) for column in columns[1:3]]  # text: made safe by the writer
            assert columns == [_frame_column(frame[name]) for name in rfm.RFM_COLUMNS], (as_of, korean)
    header, columns = rfm_core.file_columns(rfm_core.read_table(shop.store, AS_OF))
    never = columns[0].index(five["F"])
    assert [column[never] for column in columns][3:] == ["", 0, 0, "", "", "", "", "No purchase"]


def test_the_file_table_of_an_empty_shop_is_empty(store):
    from crmdesk.analytics import rfm_core

    pd.testing.assert_frame_equal(rfm.rfm_table(store, AS_OF),
                                  rfm.rfm_scores(customer_purchases(store, AS_OF), AS_OF, rfm.default_segment_map()))

    header, columns = rfm_core.file_columns(rfm_core.read_table(store, AS_OF))
    assert header == rfm.RFM_COLUMNS and columns == [[] for _ in rfm.RFM_COLUMNS]


@pytest.mark.sqlite_only(reason="writes purchase times as text another program might have stored in the file")
def test_times_stored_in_other_iso_forms_are_read_as_their_day(shop):
    """A file another program filled may hold times with an offset or a T; the RFM reads each as the day written
    (the offset's own day, not UTC's), and the file's route and the loader's route agree."""
    from crmdesk.analytics import rfm_core

    ids = [shop("가", (date(2025, 6, 1), 5_000)), shop("나", (date(2025, 6, 2), 7_000))]
    with shop.store.engine.begin() as conn:
        raw = conn.connection.cursor()
        raw.execute("UPDATE purchase SET purchased_at = '2025-06-01T01:00:00+09:00' WHERE customer_id = ?", (ids[0],))
        raw.execute("UPDATE purchase SET purchased_at = '2025-06-02T23:59' WHERE customer_id = ?", (ids[1],))
    table = rfm_core.read_table(shop.store, AS_OF)
    days = dict(zip(table.customer_id.tolist(), table.scores.recency_days.tolist(), strict=True))
    assert (days[ids[0]], days[ids[1]]) == (29, 28)
    assert rfm.rfm_table(shop.store, AS_OF)["recency_days"].tolist() == [29, 28]
