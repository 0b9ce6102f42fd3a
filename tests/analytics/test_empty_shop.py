"""A shop with no purchases at all (or no customers): every computation answers, none divides by zero."""

from __future__ import annotations

from datetime import date

import pytest

from crmdesk.analytics import basket, churn, clv, recovery_baseline
from crmdesk.app import main
from crmdesk.models import Customer


@pytest.fixture(params=["no customers", "customers without purchases"])
def empty(request, store):
    if request.param != "no customers":
        with store.session() as session:
            session.add_all([Customer(name="처음"), Customer(name="두번째")])
    return store


def test_every_computation_answers_on_an_empty_shop(empty):
    as_of = date(2025, 6, 30)
    value = clv.clv_table(empty, as_of)
    assert value.purchases_model.status == clv.TOO_LITTLE_HISTORY and not value.predicted
    assert (value.table["historic_value"] == 0).all() and value.table["clv"].isna().all()
    table, lifetime = churn.churn_report(empty, as_of)
    assert set(table["stage"]) <= {"no_purchase"} and table.attrs["return_window_days"] is None
    counts = churn.lifecycle_report(empty, as_of, months=3)
    assert len(counts) == 3 and (counts["customers"] == 0).all()
    rules = basket.associations(empty, as_of)
    assert rules.baskets == 0 and rules.products.empty and rules.categories.empty
    assert recovery_baseline.complaint_recovery(empty, as_of).not_resolved == 0


@pytest.mark.parametrize("command", [["clv", "--params"], ["churn"], ["churn", "--list", "dormant"],
                                     ["churn", "--stages"], ["basket"], ["recovery"]])
def test_every_command_answers_on_an_empty_shop(command, db_target, capsys):
    assert main(["--lang", "en", "--db", str(db_target), *command]) == 0
    assert capsys.readouterr().out.strip()
