"""The BG/NBD and Gamma-Gamma scoring formulas (fitting is clv.py's): what a fitted model says about customers
with a given history. numpy and scipy.special only, so the card's value line scores one customer without loading
pandas or the optimiser."""

from __future__ import annotations

import numpy as np
from scipy import special


def p_alive(params: dict[str, float], x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> np.ndarray:
    """P(still a customer | x, t_x, T) under BG/NBD; 1 for customers with no repeat purchase (the model's
    convention: only a repeat purchase can be followed by dropping out)."""
    r, alpha, a, b = (params[k] for k in ("r", "alpha", "a", "b"))
    log_odds = np.full(len(x), -np.inf)
    repeat = x > 0
    xr = x[repeat]
    log_odds[repeat] = (np.log(a) - np.log(b + xr - 1)
                        + (r + xr) * (np.log(alpha + T[repeat]) - np.log(alpha + t_x[repeat])))
    return 1.0 / (1.0 + np.exp(log_odds))


def expected_purchases(params: dict[str, float], t: float, x: np.ndarray, t_x: np.ndarray,
                       T: np.ndarray) -> np.ndarray:
    """Expected purchases in the next ``t`` time units given each customer's history (FHL 2005, eq. 10).

    Mostly written with Euler's transformation: ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z) equals
    (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z), whose first two parameters stay small however often a customer
    bought. When a and b are large (customers all drop out alike) it is the other way round, so where the
    transformed term is not finite the paper's own form is used. NaN where neither is finite."""
    r, alpha, a, b = (params[k] for k in ("r", "alpha", "a", "b"))
    if t <= 0:
        return np.zeros(len(x))
    z = t / (alpha + T + t)
    if abs(a - 1) < 1e-6:  # removable singularity at a = 1; step just off it
        a = 1 + 1e-6
    with np.errstate(all="ignore"):
        term = np.power(1 - z, a - 1) * special.hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z)
        bad = ~np.isfinite(term)
        if bad.any():
            term[bad] = (np.power(1 - z[bad], r + x[bad])
                         * special.hyp2f1(r + x[bad], b + x[bad], a + b + x[bad] - 1, z[bad]))
    term[~np.isfinite(term)] = np.nan
    numerator = (a + b + x - 1) / (a - 1) * (1 - term)
    return numerator * p_alive(params, x, t_x, T)


def expected_average_spend(params: dict[str, float], x: np.ndarray, mean_spend: np.ndarray) -> np.ndarray:
    """E[spend per purchase | x, mean spend] (Fader & Hardie 2013, eq. 5): a weighted mean of the customer's
    own average and the shop's; for customers without repeat purchases, the shop's mean p v / (q - 1)."""
    p, q, v = params["p"], params["q"], params["v"]
    x = np.asarray(x, dtype="float64")
    mean_spend = np.nan_to_num(np.asarray(mean_spend, dtype="float64"))
    return p * (v + x * mean_spend) / (p * x + q - 1)
