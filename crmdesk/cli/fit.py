"""`crmdesk fit`: does CRM pay for this shop? The figures, a plain verdict and the 5 % what-if."""

from __future__ import annotations

import argparse
from datetime import date

from crmdesk.cli.common import percent, words


def cmd_fit(args: argparse.Namespace, store) -> int:
    from crmdesk.services.crm_fit import crm_fit

    w = words(args)
    with store.session() as session:
        fit = crm_fit(session, args.as_of or date.today())
    print(w("fit_title", as_of=fit.as_of))
    print(w("fit_known", share=percent(fit.known_share), known=fit.known_revenue, revenue=fit.revenue))
    print(w("fit_gap", days=f"{fit.median_gap_days:g}", regulars=fit.regulars) if fit.median_gap_days is not None
          else w("fit_gap_none"))
    print(w("fit_value", customers=fit.customers_with_value, mean=round(fit.value_mean),
            median=round(fit.value_median), std=round(fit.value_std),
            cv="-" if fit.value_cv is None else f"{fit.value_cv:.2f}"))
    print(w("fit_reach", share=percent(fit.reachable_share), reachable=fit.reachable, cards=fit.active_cards))
    print()
    print(w(f"fit_verdict_{fit.verdict}"))
    for key in fit.advice:
        print("- " + w(f"fit_advice_{key}"))
    print()
    wi = fit.what_if
    if wi.retention is None:
        print(w("fit_what_if_none"))
    else:
        print(w("fit_what_if", extra=wi.extra_revenue, points=round(wi.fewer_leaving * 100)))
        print(w("fit_assumptions", active=wi.active, retention=percent(wi.retention),
                leaving=percent(1 - wi.retention), kept=f"{wi.kept:.1f}", spend=wi.returning_spend))
    return 0
