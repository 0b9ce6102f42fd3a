"""The analyses: `crmdesk rfm`, `pareto`, `clv`, `churn`, `cohorts`, `basket` and `recovery`.

Each looks at the shop as of a day (--as-of, default today), prints a summary in the output language, or
writes its whole table with --out (its column titles in --headers: the columns' identifiers by default, or
Korean). pandas and the models load inside the commands, never at --help.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from crmdesk.cli.common import file_titles, percent, print_table, words
from crmdesk.cli.texts import Words
from crmdesk.errors import CrmError


def _start(args: argparse.Namespace) -> tuple[date, Words]:
    """The day the analysis looks from and the words it speaks."""
    return args.as_of or date.today(), words(args)



def _write_out(store, args: argparse.Namespace, columns, rows, sheet: str) -> tuple[int, Path]:
    """--out FILE: the table through the formula-safe writer; (rows written, path)."""
    from crmdesk.services.files_out import write_table

    path = Path(args.out)
    return write_table(store, path, columns, rows, sheet), path


def _at_least_one(args: argparse.Namespace, value: int, option: str) -> None:
    if value < 1:
        raise CrmError(words(args)("at_least_one", option=option))


def _or_dash(value: float, fmt: str) -> str:
    return "-" if value != value else format(value, fmt)  # NaN: no value


def _margins(store, args: argparse.Namespace, as_of: date, w: Words):
    """--on margin: every counted purchase's margin, after saying what the margin is made of and how much of the
    revenue has no cost (left out of margin, never taken as zero cost). None on revenue."""
    if getattr(args, "on", "revenue") != "margin":
        return None
    from crmdesk.analytics.margin import coverage, purchase_margins

    margins = purchase_margins(store, as_of)
    for line in coverage_lines(coverage(margins), w):
        print(line)
    return margins


def coverage_lines(totals, w: Words) -> list[str]:
    """The margin's make-up and the share of revenue without a cost, in words."""
    if totals.revenue <= 0:
        return [w("margin_no_revenue")]
    lines = [w("margin_breakdown", margin=totals.margin, costed=totals.costed_revenue, cogs=totals.cost_of_goods,
               points=totals.points, coupons=totals.coupon_discounts)]
    if totals.uncosted_revenue > 0:
        lines.append(w("margin_uncosted", share=percent(totals.uncosted_share), amount=totals.uncosted_revenue,
                       revenue=totals.revenue))
    else:
        lines.append(w("margin_all_costed"))
    return lines


def cmd_rfm(args: argparse.Namespace, store) -> int:
    if args.show_segments or args.set_segments or args.default_segments:
        return _edit_segments(args, store)
    as_of, w = _start(args)
    if args.out and getattr(args, "on", "revenue") != "margin":
        return _rfm_file(args, store, as_of, w)
    from crmdesk.analytics.rfm import KOREAN_NAMES, RFM_COLUMNS, rfm_table, segment_summary

    table = rfm_table(store, as_of)
    margins = _margins(store, args, as_of, w)
    if args.out:
        out = table.copy()
        if w.ko:
            out["segment"] = out["segment"].map(KOREAN_NAMES)
        columns = RFM_COLUMNS
        if margins is not None:  # scores stay on spend; the customer's margin and revenue without a cost beside
            from crmdesk.analytics.margin import customer_margins

            per = customer_margins(margins).set_index("customer_id")
            out["margin"] = out["customer_id"].map(per["margin"]).fillna(0).astype("int64")
            out["uncosted_revenue"] = out["customer_id"].map(per["uncosted_revenue"]).fillna(0).astype("int64")
            columns = [*RFM_COLUMNS, "margin", "uncosted_revenue"]
        from crmdesk.services.files_out import write_frame

        path = Path(args.out)
        count = write_frame(store, path, out[columns], "RFM", header=file_titles(args).file_header("rfm", columns))
        print(w("rfm_written", count=count, path=path))
        return 0
    print(w("rfm_summary", as_of=as_of, customers=len(table), buyers=int((table["frequency"] > 0).sum())))
    if margins is not None:
        from crmdesk.analytics.margin import on_margin

        summary = segment_summary(on_margin(table, margins))
        money_rows = [(KOREAN_NAMES[r.segment] if w.ko else r.segment, f"{r.customers:,}", percent(r.share),
                       f"{r.revenue:,}", percent(r.revenue_share)) for r in summary.itertuples()]
        if money_rows:
            print_table(w.headers("rfm_margin"), money_rows, right={1, 2, 3, 4})
        return 0
    summary = segment_summary(table)
    rows = [(KOREAN_NAMES[r.segment] if w.ko else r.segment, f"{r.customers:,}", percent(r.share),
             percent(r.revenue_share)) for r in summary.itertuples()]
    if rows:
        print_table(w.headers("rfm"), rows, right={1, 2, 3})
    return 0


def _rfm_file(args: argparse.Namespace, store, as_of: date, w: Words) -> int:
    """`rfm --out FILE` on spend: the table read and scored without pandas (analytics/rfm_core.py), the same
    cells as the frame through write_frame (tests/services/test_exports_pinned.py holds both to one file)."""
    from crmdesk.analytics import rfm_core
    from crmdesk.services.files_out import write_columns

    header, columns = rfm_core.file_columns(rfm_core.read_table(store, as_of), korean=w.ko)
    path = Path(args.out)
    count = write_columns(store, path, file_titles(args).file_header("rfm", header), columns, "RFM", text=(1, 2))
    print(w("rfm_written", count=count, path=path))
    return 0


def _edit_segments(args: argparse.Namespace, store) -> int:
    import json

    from crmdesk.analytics import rfm
    from crmdesk.services import segments

    w = words(args)
    with store.session() as session:
        if args.default_segments:
            segments.reset_segment_map(session)
            print(w("segments_default"))
            return 0
        if args.set_segments:
            try:
                data = json.loads(Path(args.set_segments).read_text(encoding="utf-8-sig"))
            except ValueError as exc:
                raise CrmError(w("segments_bad_json", file=args.set_segments, error=exc)) from exc
            segments.save_segment_map(session, data)
            print(w("segments_stored", file=args.set_segments))
            return 0
        mapping = segments.load_segment_map(session)
    grouped = {name: [code for code in rfm.ALL_CODES if mapping[code] == name] for name in rfm.SEGMENT_NAMES}
    print(json.dumps(grouped, ensure_ascii=False, indent=1))
    return 0


def cmd_pareto(args: argparse.Namespace, store) -> int:
    from crmdesk.analytics.loader import customer_purchases
    from crmdesk.analytics.pareto import CURVE_COLUMNS, pareto

    as_of, w = _start(args)
    purchases = customer_purchases(store, as_of)
    margins = _margins(store, args, as_of, w)
    on = "" if margins is None else "_margin"
    columns = CURVE_COLUMNS
    if margins is not None:
        from crmdesk.analytics.margin import on_margin

        purchases = on_margin(purchases, margins)
        columns = [{"monetary": "margin", "revenue_share": "margin_share"}.get(c, c) for c in CURVE_COLUMNS]
    result = pareto(purchases)
    if args.out:
        _count, path = _write_out(store, args, file_titles(args).file_header("pareto", columns),
                                  result.curve.itertuples(index=False, name=None), "Pareto")
    if margins is None:
        print(w("pareto_summary", as_of=as_of, customers=result.customers, revenue=result.revenue))
    else:
        print(w("pareto_summary_margin", as_of=as_of, customers=result.customers, margin=result.revenue))
    if result.top20_revenue_share is None:
        print(w(f"pareto_no{on or '_revenue'}"))
    else:
        print(w(f"pareto_top20{on}", share=percent(result.top20_revenue_share)))
        print(w(f"pareto_80{on}", share=percent(result.customers_share_for_80), count=result.customers_for_80))
    if args.out:
        print(w("pareto_written", path=path))
    return 0


def _clv_rows(table, margin: bool = False):
    """Rows of the clv file's columns (_clv_columns): money in whole minor units, rates rounded, empty cells for no
    value."""
    import math

    def num(value: float, digits: int | None):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        return int(round(value)) if digits is None else round(float(value), digits)

    for r in table.itertuples(index=False):
        yield (int(r.customer_id), r.customer_code, num(r.frequency, None), num(r.recency, 4), num(r.T, 4),
               num(r.p_alive, 4), num(r.expected_purchases, 4), num(r.expected_avg_value, None),
               num(r.historic_value, None), num(r.clv, None), int(r.referred), num(r.referred_value, None),
               num(r.total, None), *((int(r.uncosted_revenue),) if margin else ()))


def _clv_columns(margin: bool) -> list[str]:
    """The clv file's columns; on margin the money columns say so, and the revenue without a cost is added."""
    from crmdesk.analytics.clv import CLV_COLUMNS, REFERRAL_COLUMNS

    if not margin:
        return [*CLV_COLUMNS, *REFERRAL_COLUMNS]
    renamed = {"expected_avg_value": "expected_avg_margin", "historic_value": "historic_margin", "clv": "clv_margin"}
    return [*(renamed.get(c, c) for c in CLV_COLUMNS), *REFERRAL_COLUMNS, "uncosted_revenue"]


def cmd_clv(args: argparse.Namespace, store) -> int:
    from crmdesk.analytics.clv import clv_table

    if args.horizon_days < 0:
        raise CrmError(words(args)("horizon_negative"))
    as_of, w = _start(args)
    result = clv_table(store, as_of, unit=args.unit, horizon_days=args.horizon_days)
    table = result.table
    margins = _margins(store, args, as_of, w)
    if margins is not None:  # the referred customers' value on margin too
        from crmdesk.analytics.clv import REFERRAL_COLUMNS, with_referrals
        from crmdesk.analytics.loader import referral_pairs
        from crmdesk.analytics.margin import lifetime_on_margin

        table = with_referrals(lifetime_on_margin(table.drop(columns=REFERRAL_COLUMNS), margins),
                               referral_pairs(store))
    print(w("clv_summary", as_of=as_of, customers=len(table), buyers=int((table["purchase_days"] > 0).sum()),
            horizon=args.horizon_days))
    purchases, spend = result.purchases_model, result.spend_model
    if not purchases.fitted:
        print(w("clv_no_forecast", reason=purchases.reason_ko if w.ko else purchases.reason))
    elif not spend.fitted:
        print(w("clv_no_spend_model", reason=spend.reason_ko if w.ko else spend.reason))
    if args.params:
        _print_params(args, result, w)
    if args.out:
        titles = file_titles(args)
        header = titles.file_header("clv", _clv_columns(margins is not None), unit=titles(f"unit_{args.unit}"))
        count, path = _write_out(store, args, header, _clv_rows(table, margins is not None), "CLV")
        print(w("clv_written", count=count, path=path))
        return 0
    on = "" if margins is None else "_margin"
    historic = int(round(table["historic_value"].sum()))
    if result.predicted:
        print(w(f"clv_totals{on}", historic=historic, horizon=args.horizon_days,
                predicted=float(table["clv"].sum())))
    else:
        print(w(f"clv_historic{on}", historic=historic))
    referrers = table[table["referred"] > 0]
    if len(referrers):
        print(w("clv_referrals", referrers=len(referrers), referred=int(referrers["referred"].sum()),
                value=float(referrers["referred_value"].sum())))
    top = table[table["purchase_days"] > 0].sort_values(["clv", "customer_id"], ascending=[False, True]).head(10)
    if len(top):
        rows = [(str(r.customer_id), str(r.name), _or_dash(r.p_alive, ".2f"), _or_dash(r.expected_purchases, ".1f"),
                 _or_dash(r.expected_avg_value, ",.0f"), _or_dash(r.historic_value, ",.0f"), _or_dash(r.clv, ",.0f"),
                 _or_dash(r.referred_value, ",.0f") if r.referred else "", _or_dash(r.total, ",.0f"))
                for r in top.itertuples()]
        print_table(w.headers("clv_margin" if margins is not None else "clv_referrals"), rows,
                    right={0, 2, 3, 4, 5, 6, 7, 8})
    return 0


def _print_params(args: argparse.Namespace, result, w: Words) -> None:
    """clv --params: the fitted parameters and how each model's fit went."""
    names = ("r", "alpha", "a", "b", "p", "q", "v")
    values = result.params
    shown = ", ".join(f"{k}={values[k]:.4g}" if k in values else f"{k}=-" for k in names)
    print(w("clv_params", unit=w(f"unit_{args.unit}"), shown=shown))
    for label, fit in (("BG/NBD", result.purchases_model), ("Gamma-Gamma", result.spend_model)):
        ll = f"{fit.log_likelihood:,.1f}" if fit.log_likelihood is not None else "-"
        print(w("clv_fit", label=label, status=w(f"fit_{fit.status}"), customers=fit.customers, ll=ll))


def _churn_rows(table, names: dict[str, str], extra: tuple[str, ...] = ()):
    """Rows of CHURN_COLUMNS (+ extra) for a file: dates as dates, days and money whole, empty for none."""
    from crmdesk.analytics.churn import CHURN_COLUMNS

    def whole(value: float):
        return None if value != value else int(round(value))

    def day(value):
        return None if value is None or value != value else value.date()

    for r in table[[*CHURN_COLUMNS, *extra]].itertuples(index=False):
        yield (int(r.customer_id), r.customer_code, r.name, names[r.stage], int(r.purchase_days),
               day(r.first_purchase_day), day(r.last_purchase_day), whole(r.silence_days),
               None if r.usual_gap_days != r.usual_gap_days else round(float(r.usual_gap_days), 1),
               day(r.expected_back_by), int(r.historic_value), whole(r.predicted_value),
               None if r.p_alive != r.p_alive else round(float(r.p_alive), 4), *(getattr(r, c) for c in extra))


def cmd_churn(args: argparse.Namespace, store) -> int:
    from crmdesk.analytics import churn

    as_of, w = _start(args)
    names = churn.KOREAN_STAGES if w.ko else churn.ENGLISH_STAGES
    if args.stages:
        return _lifecycle_stages(args, store, as_of, w, names)
    table, lifetime = churn.churn_report(store, as_of)
    window = table.attrs["return_window_days"]
    shown = w("return_window", days=window) if window is not None else w("no_return_window")
    print(w("churn_summary", as_of=as_of, customers=len(table), window=shown, loyal=table.attrs["loyal_days"]))
    forecast = lifetime is not None and lifetime.predicted
    if not forecast and lifetime is not None:
        model = lifetime.purchases_model
        print(w("churn_no_prediction", reason=model.reason_ko if w.ko else model.reason))
    if args.which:
        return _churn_list(args, store, table, names, w)
    if args.out:
        count, path = _write_out(store, args, file_titles(args).file_header("churn", churn.CHURN_COLUMNS),
                                 _churn_rows(table, names), "Churn")
        print(w("churn_written", count=count, path=path))
        return 0
    summary = table.groupby("stage", observed=False).agg(customers=("customer_id", "size"),
                                                         historic=("historic_value", "sum"),
                                                         predicted=("predicted_value", "sum"))
    rows = [(names[stage], f"{int(r.customers):,}", f"{int(r.historic):,}",
             f"{r.predicted:,.0f}" if forecast else "-") for stage, r in summary.iterrows() if r.customers]
    if rows:
        print_table(w.headers("churn_stages"), rows, right={1, 2, 3})
    return 0


def _churn_list(args: argparse.Namespace, store, table, names: dict[str, str], w: Words) -> int:
    """churn --list STAGE: the customers of one stage to win back, most valuable first, with phone and consent."""
    from crmdesk.analytics import churn
    from crmdesk.services.customer_value import contact_columns

    stage = args.which.replace("-", "_")
    listed = churn.reactivation_list(table, stage)
    phones, consent = contact_columns(store, [int(i) for i in listed["customer_id"]])
    listed = listed.assign(phone=listed["customer_id"].map(phones),
                           sms_consent=listed["customer_id"].map(consent).fillna(False).astype(bool))
    if args.out:
        header = file_titles(args).file_header("churn", [*churn.CHURN_COLUMNS, "phone", "sms_consent"])
        count, path = _write_out(store, args, header, _churn_rows(listed, names, ("phone", "sms_consent")), "Churn")
        print(w("churn_list_written", stage=names[stage], lower=names[stage].lower(), count=count, path=path))
        return 0
    print(w("churn_list_summary", stage=names[stage], count=len(listed), value=int(listed["historic_value"].sum())))
    top = listed.head(20)
    if len(top):
        yes, no = w("yes"), w("no")
        rows = [(str(r.customer_id), str(r.name), r.phone or "", yes if r.sms_consent else no,
                 _or_dash(r.silence_days, ".0f"), _or_dash(r.usual_gap_days, ".1f"), f"{r.historic_value:,}",
                 _or_dash(r.predicted_value, ",.0f")) for r in top.itertuples()]
        print_table(w.headers("churn_list"), rows, right={0, 4, 5, 6, 7})
        if len(listed) > len(top):
            print(w("churn_list_more", count=len(top)))
    return 0


def _lifecycle_stages(args: argparse.Namespace, store, as_of: date, w: Words,
                      names: dict[str, str]) -> int:
    from crmdesk.analytics import churn

    _at_least_one(args, args.months, "--months")
    counts = churn.lifecycle_report(store, as_of, months=args.months)
    columns = ["month_end", *churn.STAGE_NAMES, "customers"]
    if args.out:
        titles = file_titles(args)
        stages = (churn.KOREAN_STAGES[s] if titles.ko else s for s in churn.STAGE_NAMES)  # analytics/stages.py's
        header = [titles.file_title("lifecycle", "month_end"), *stages, titles.file_title("lifecycle", "customers")]
        _count, path = _write_out(store, args, header, counts[columns].itertuples(index=False, name=None),
                                  "Lifecycle")
        print(w("lifecycle_written", months=len(counts), path=path))
        return 0
    headers = [w("month_end"), *(names[s] for s in churn.STAGE_NAMES), w("buyers")]
    rows = [(str(r.month_end), *(f"{getattr(r, s):,}" for s in churn.STAGE_NAMES), f"{r.customers:,}")
            for r in counts.itertuples()]
    print_table(headers, rows, right=set(range(1, len(headers))))
    return 0


def cmd_cohorts(args: argparse.Namespace, store) -> int:
    from crmdesk.analytics.cohorts import cohort_report

    _at_least_one(args, args.months, "--months")
    as_of, w = _start(args)
    kept, _revenue = cohort_report(store, as_of)
    labels = [c.strftime("%Y-%m") for c in kept.shares.index]
    offsets = [int(c) for c in kept.shares.columns]
    shares = kept.shares.to_numpy()
    if args.out:
        titles = file_titles(args)
        header = [*titles.file_header("cohorts", ["cohort", "customers"]),
                  *(titles.file_title("cohorts", "month_{k}", k=k) for k in offsets)]
        written = ((label, int(kept.sizes.iloc[i]), *(None if v != v else round(float(v), 4) for v in shares[i]))
                   for i, label in enumerate(labels))
        count, path = _write_out(store, args, header, written, "Cohorts")
        print(w("cohorts_written", count=count, path=path))
        return 0
    if not labels:
        print(w("cohorts_none", as_of=as_of))
        return 0
    shown = [k for k in offsets if 1 <= k <= args.months]
    print(w("cohorts_title", as_of=as_of))
    headers = [*w.headers("cohorts"), *(f"+{k}" for k in shown)]

    def cell(share: float) -> str:
        return "" if share != share else f"{100 * share:.0f}"  # NaN: that month has not come yet

    rows = [(label, f"{int(kept.sizes.iloc[i]):,}", *(cell(shares[i, k]) for k in shown))
            for i, label in enumerate(labels)]
    print_table(headers, rows, right=set(range(1, len(headers))))
    if offsets and offsets[-1] > args.months:
        print(w("cohorts_more", months=args.months))
    return 0


def cmd_basket(args: argparse.Namespace, store) -> int:
    from crmdesk.analytics import basket

    _at_least_one(args, args.min_receipts, "--min-receipts")
    as_of, w = _start(args)
    result = basket.associations(store, as_of, min_baskets=args.min_receipts)
    rules = result.categories if args.categories else result.products
    what = w("basket_categories" if args.categories else "basket_products")
    print(w("basket_summary", what=what, What=what.capitalize(), as_of=as_of, receipts=result.baskets,
            rules=len(rules), min=args.min_receipts))
    if args.out:
        count, path = _write_out(store, args, file_titles(args).file_header("basket", basket.RULE_COLUMNS), rules.round(
            {"support": 6, "confidence": 4, "lift": 3}).itertuples(index=False, name=None), "Basket")
        print(w("basket_written", count=count, path=path))
        return 0
    top = rules[rules["lift"] > 1].head(15)
    if len(top):
        print_table(w.headers("basket"), [(r.antecedent, r.consequent, f"{r.baskets:,}", f"{r.support * 100:.2f} %",
                                           percent(r.confidence), f"{r.lift:.2f}") for r in top.itertuples()],
                    right={2, 3, 4, 5})
    else:
        print(w("basket_none"))
    return 0


def cmd_recovery(args: argparse.Namespace, store) -> int:
    """Complaining customers who bought again within --window days of the resolution, against the baseline of
    similar customers who did not complain (analytics/recovery_baseline.py)."""
    from crmdesk.analytics import recovery, recovery_baseline

    as_of, w = _start(args)
    _at_least_one(args, args.window, "--window")
    names = {**(recovery.KOREAN_BUCKETS if w.ko else recovery.ENGLISH_BUCKETS), "all": w("recovery_all")}
    result = recovery_baseline.complaint_recovery(store, as_of, window_days=args.window)
    table = result.table
    print(w("recovery_window", window=result.window_days, cutoff=result.cutoff))
    print(w("recovery_left_out", open=result.not_resolved, recent=result.too_recent))
    if args.out:
        out = table.assign(resolved=table["resolved"].map(names))
        header = file_titles(args).file_header("recovery", recovery_baseline.BASELINE_COLUMNS)
        _count, path = _write_out(store, args, header, out.astype(object).where(out.notna(), None).itertuples(
            index=False, name=None), "Recovery")
        print(w("table_written", path=path))
        return 0
    everyone = table.iloc[-1]
    print(w("recovery_returned", returned=int(everyone["returned"]), customers=int(everyone["customers"]),
            share=_share(everyone["share"], w), baseline=_share(everyone["baseline"], w)))
    rows = [(names[r.resolved], f"{r.customers:,}", f"{r.returned:,}", _share(r.share, w), _share(r.baseline, w),
             "-" if r.difference != r.difference else f"{r.difference * 100:+.1f} %p") for r in table.itertuples()]
    print_table(w.headers("recovery_baseline"), rows, right={1, 2, 3, 4, 5})
    return 0


def _share(value: float, w: Words) -> str:
    return w("too_few") if value != value else percent(value)  # NaN: too few to say
