"""Lifetime value: the models against the published CDNOW results, the shop's conventions on a hand-checked
history, and the fall-back when a shop's history is too thin to fit."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from crmdesk.analytics import clv

CDNOW = Path(__file__).parent / "data" / "cdnow_summary.csv"
AS_OF = date(2025, 6, 30)


@pytest.fixture(scope="module")
def cdnow() -> pd.DataFrame:
    return pd.read_csv(CDNOW)


def test_bgnbd_reproduces_the_published_cdnow_fit(cdnow):
    """Fader, Hardie & Lee (2005): 2,357 customers, 39 weeks: r=0.243, alpha=4.414, a=0.793, b=2.426,
    log-likelihood -9582.4; customer 1 (x=2, t_x=30.43, T=38.86) expects 1.226 purchases in the next 39 weeks."""
    fit = clv.fit_bgnbd(cdnow["x"], cdnow["t_x"], cdnow["T"])
    assert fit.status == clv.FITTED and fit.customers == 2357
    published = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    for name, value in published.items():
        assert fit.params[name] == pytest.approx(value, abs=0.002), name
    assert fit.log_likelihood == pytest.approx(-9582.4, abs=0.1)
    one = [np.array([v]) for v in (2.0, 30.43, 38.86)]
    assert clv.expected_purchases(fit.params, 39, *one)[0] == pytest.approx(1.226, abs=0.001)
    assert clv.p_alive(fit.params, *one)[0] == pytest.approx(0.7266, abs=0.001)


def test_gamma_gamma_reproduces_the_published_cdnow_fit(cdnow):
    """Fader & Hardie (2013): the 946 repeat customers: p=6.25, q=3.74, v=15.44, mean spend p v / (q-1) = 35.17."""
    fit = clv.fit_gamma_gamma(cdnow["x"], cdnow["zbar"])
    assert fit.status == clv.FITTED and fit.customers == 946
    assert fit.params["p"] == pytest.approx(6.25, abs=0.01)
    assert fit.params["q"] == pytest.approx(3.74, abs=0.01)
    assert fit.params["v"] == pytest.approx(15.44, abs=0.02)
    p, q, v = fit.params["p"], fit.params["q"], fit.params["v"]
    assert p * v / (q - 1) == pytest.approx(35.17, abs=0.02)
    # A customer with one repeat purchase of $100 is pulled hard towards the shop's mean; with 20, hardly.
    once, often = clv.expected_average_spend(fit.params, np.array([1.0, 20.0]), np.array([100.0, 100.0]))
    assert once == pytest.approx(6.25 * (15.44 + 100) / (6.25 + 3.74 - 1), abs=0.1)  # about 80
    assert 95 < often < 100


def test_the_time_unit_only_rescales_alpha(cdnow):
    weeks = clv.fit_bgnbd(cdnow["x"], cdnow["t_x"], cdnow["T"])
    days = clv.fit_bgnbd(cdnow["x"], cdnow["t_x"] * 7, cdnow["T"] * 7)
    assert days.params["alpha"] == pytest.approx(weeks.params["alpha"] * 7, rel=1e-3)
    for name in ("r", "a", "b"):
        assert days.params[name] == pytest.approx(weeks.params[name], rel=1e-3)


def test_the_transformed_forecast_equals_the_papers_formula_also_for_daily_customers():
    from scipy import special

    params = {"r": 0.2, "alpha": 8.0, "a": 1.36, "b": 8.7}
    x = np.array([0.0, 5.0, 300.0, 700.0, 3000.0])
    t_x = np.array([0.0, 300.0, 729.0, 729.0, 3649.0])
    T = np.array([730.0, 730.0, 730.0, 730.0, 3650.0])
    ours = clv.expected_purchases(params, 365, x, t_x, T)
    r, alpha, a, b, t = 0.2, 8.0, 1.36, 8.7, 365
    z = t / (alpha + T + t)
    paper = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x)
                                         * special.hyp2f1(r + x, b + x, a + b + x - 1, z))
    assert ours == pytest.approx(paper * clv.p_alive(params, x, t_x, T), rel=1e-9)
    assert ours[3] > ours[2] > 100  # someone who came 700 of 730 days, yesterday too, keeps coming


def test_customers_who_all_drop_out_alike_still_get_a_finite_forecast():
    """Large a and b (a Beta squeezed to one drop-out probability) break the transformed term; the paper's
    form takes over there."""
    params = {"r": 1.77, "alpha": 36.9, "a": 6584.0, "b": 98168.0}
    x, t_x, T = np.array([0.0, 9.0, 24.0]), np.array([0.0, 402.0, 610.0]), np.array([394.0, 408.0, 616.0])
    expected = clv.expected_purchases(params, 90, x, t_x, T)
    assert np.all(np.isfinite(expected)) and np.all(expected > 0)
    # Below the customer's rate x the chance of still being there (a 6 % drop-out chance after each purchase
    # thins the future too), but not by much over 90 days.
    no_further_drop = 90 * (1.77 + 24) / (36.9 + 616) * clv.p_alive(params, x, t_x, T)[2]
    assert 0.8 * no_further_drop < expected[2] < no_further_drop


def simulate_bgnbd(n: int, r: float, alpha: float, a: float, b: float, seed: int = 1):
    rng = np.random.default_rng(seed)
    rate, drop, T = rng.gamma(r, 1 / alpha, n), rng.beta(a, b, n), rng.uniform(100, 400, n).round()
    x, t_x = np.zeros(n), np.zeros(n)
    for i in range(n):
        t = 0.0
        while True:
            t += rng.exponential(1 / rate[i])
            if t > T[i]:
                break
            x[i], t_x[i] = x[i] + 1, t
            if rng.random() < drop[i]:
                break
    return x, t_x, T


def test_the_fit_recovers_the_parameters_it_was_simulated_with():
    x, t_x, T = simulate_bgnbd(4000, 0.5, 10.0, 0.8, 2.5)
    fit = clv.fit_bgnbd(x, t_x, T)
    assert fit.fitted
    assert fit.params["r"] == pytest.approx(0.5, rel=0.1)
    assert fit.params["alpha"] == pytest.approx(10.0, rel=0.15)
    assert fit.params["a"] == pytest.approx(0.8, rel=0.15)
    assert fit.params["b"] == pytest.approx(2.5, rel=0.2)


def test_too_few_repeat_customers_is_said_not_fitted():
    x = np.array([0.0] * 50 + [1.0] * 5)
    fit = clv.fit_bgnbd(x, x * 10, np.full(55, 100.0))
    assert fit.status == clv.TOO_LITTLE_HISTORY and "5 of them came back" in fit.reason
    assert clv.fit_gamma_gamma(x, np.full(55, 5000.0)).status == clv.TOO_LITTLE_HISTORY


def test_a_shop_where_nobody_ever_leaves_is_degenerate_not_a_forecast():
    """Everyone buys on a steady rhythm up to today: the drop-out probability runs to zero."""
    x = np.arange(1, 41, dtype=float)
    fit = clv.fit_bgnbd(x, x * 10, x * 10)
    assert fit.status == clv.DEGENERATE and "extreme parameters" in fit.reason


def test_spend_that_never_varies_is_degenerate():
    fit = clv.fit_gamma_gamma(np.array([1, 2, 3, 4, 5] * 10, dtype=float), np.full(50, 5000.0))
    assert fit.status == clv.DEGENERATE


# --- the shop's own history -------------------------------------------------------------------------------------


@pytest.fixture
def hand_checked(shop):
    ids = {
        # Two receipts on 1 June are one purchase day: frequency 2 (days 1 Jun, 11 Jun, 21 Jun), recency 20, T 29;
        # repeat days spent 30,000 and 10,000: mean 20,000. The first day (3,000 + 2,000) is left out.
        "A": shop("A", (datetime(2025, 6, 1, 9), 3_000), (datetime(2025, 6, 1, 18), 2_000),
                  (date(2025, 6, 11), 30_000), (date(2025, 6, 21), 10_000), (date(2025, 6, 25), 99_000, True),
                  (date(2025, 7, 2), 50_000), code="A1"),
        "B": shop("B", (date(2025, 6, 30), 7_000)),  # first purchase on the as-of day: T = 0
        "C": shop("C"),
    }
    shop("archived", (date(2025, 6, 1), 5_000), (date(2025, 6, 2), 5_000), archived=True)
    return ids


def test_repeat_purchase_days_recency_and_age_follow_the_papers(hand_checked, shop):
    result = clv.clv_table(shop.store, AS_OF)
    table = result.table.set_index("customer_id")
    assert list(result.table.columns[:len(clv.CLV_COLUMNS)]) == clv.CLV_COLUMNS
    assert sorted(table.index) == sorted(hand_checked.values())  # archived card left out
    a = table.loc[hand_checked["A"]]
    assert (a["frequency"], a["recency"], a["T"], a["mean_spend"]) == (2, 20, 29, 20_000)
    assert a["historic_value"] == 45_000 and a["customer_code"] == "A1"  # void and July purchase ignored
    b = table.loc[hand_checked["B"]]
    assert (b["frequency"], b["recency"], b["T"], b["historic_value"]) == (0, 0, 0, 7_000)
    assert np.isnan(b["mean_spend"])
    c = table.loc[hand_checked["C"]]
    assert c["historic_value"] == 0 and all(np.isnan(c[k]) for k in ("frequency", "T", "p_alive", "clv"))
    weeks = clv.clv_table(shop.store, AS_OF, unit="weeks").table.set_index("customer_id")
    assert weeks.loc[hand_checked["A"], "T"] == pytest.approx(29 / 7)


def test_a_small_shop_falls_back_to_historic_value_and_says_why(hand_checked, shop):
    result = clv.clv_table(shop.store, AS_OF)
    assert not result.predicted and result.purchases_model.status == clv.TOO_LITTLE_HISTORY
    assert "2 customers with purchases, 1 of them came back" in result.purchases_model.reason
    table = result.table.set_index("customer_id")
    for key in ("A", "B"):
        row = table.loc[hand_checked[key]]
        assert row["clv"] == row["historic_value"]
        assert all(np.isnan(row[k]) for k in ("p_alive", "expected_purchases", "expected_avg_value"))


def _summary_from_simulation(n: int = 800) -> pd.DataFrame:
    x, t_x, T = simulate_bgnbd(n, 0.5, 10.0, 0.8, 2.5, seed=3)
    rng = np.random.default_rng(4)
    spend = np.where(x > 0, rng.gamma(6.0, 1000.0, n).round(), np.nan)
    return pd.DataFrame({
        "customer_id": np.arange(1, n + 1), "customer_code": None, "name": "x", "purchase_days": x + 1,
        "frequency": x, "recency": t_x.round(), "T": T, "mean_spend": spend,
        "historic_value": (np.nan_to_num(spend) * x + 5_000).astype("int64"),
    })


def test_a_fitted_shop_scores_every_buyer_consistently():
    summary = _summary_from_simulation()
    result = clv.lifetime_value(summary, AS_OF, horizon_days=365)
    assert result.predicted and result.spend_model.fitted
    table = result.table
    assert table["p_alive"].between(0, 1).all()
    assert (table["expected_purchases"] >= 0).all()
    assert np.allclose(table["clv"], table["expected_purchases"] * table["expected_avg_value"])
    # One-time buyers are all "alive" by the model's convention, and expect the shop's mean spend.
    once = table[table["frequency"] == 0]
    assert (once["p_alive"] == 1).all() and once["expected_avg_value"].nunique() == 1
    # A longer horizon never predicts less; none predicts nothing.
    longer = clv.lifetime_value(summary, AS_OF, horizon_days=730).table
    assert (longer["expected_purchases"] >= table["expected_purchases"] - 1e-9).all()
    assert (clv.lifetime_value(summary, AS_OF, horizon_days=0).table["clv"] == 0).all()


def test_when_only_the_spend_model_fails_the_customers_own_average_is_used():
    summary = _summary_from_simulation()
    summary["mean_spend"] = np.where(summary["frequency"] > 0, 5_000.0, np.nan)  # spend never varies
    summary["historic_value"] = (summary["purchase_days"] * 5_000).astype("int64")
    result = clv.lifetime_value(summary, AS_OF)
    assert result.predicted and result.spend_model.status == clv.DEGENERATE
    assert np.allclose(result.table["expected_avg_value"], 5_000)


def test_a_fit_that_does_not_converge_is_said_and_falls_back(monkeypatch):
    from scipy import optimize

    def stuck(fun, x0, **_kwargs):
        return optimize.OptimizeResult(x=np.asarray(x0), fun=fun(np.asarray(x0)), success=False,
                                       message="ABNORMAL: line search failed")

    monkeypatch.setattr(clv.optimize, "minimize", stuck)
    summary = _summary_from_simulation()
    result = clv.lifetime_value(summary, AS_OF)
    assert result.purchases_model.status == clv.NOT_CONVERGED and "did not converge" in result.purchases_model.reason
    assert result.purchases_model.reason_ko and not result.predicted
    assert (result.table["clv"] == result.table["historic_value"]).all()
    assert result.table["expected_purchases"].isna().all()


@pytest.mark.parametrize("horizon", [0, 30, 365])
def test_every_horizon_gives_a_finite_value_for_every_buyer(horizon):
    table = clv.lifetime_value(_summary_from_simulation(300), AS_OF, horizon_days=horizon).table
    assert np.isfinite(table["clv"]).all() and (table["clv"] >= 0).all()
