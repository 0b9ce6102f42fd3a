"""`crmdesk coupons [--from DATE] [--to DATE] [--out FILE]`: what the coupons brought in."""

from __future__ import annotations

import argparse
from pathlib import Path

from crmdesk.cli.common import file_titles, percent, print_table, words
from crmdesk.cli.texts import Words


def _label(w: Words, line) -> str:
    if line.group == "kind":
        return w(f"coupon_kind_{line.key}")
    if line.group == "campaign":
        return w("coupon_campaign", name=line.key)
    return w("coupon_total")


def cmd_coupons(args: argparse.Namespace, store) -> int:
    from crmdesk.services.coupon_report import coupon_lines

    w = words(args)
    start, end = getattr(args, "date_from", None), getattr(args, "date_to", None)
    with store.session() as session:
        lines = coupon_lines(session, start, end)
    if args.out:
        from crmdesk.services.files_out import write_table

        header = file_titles(args).headers("coupons_file")
        rows = ((ln.group, ln.key, ln.issued, ln.redeemed, None if ln.rate is None else round(ln.rate, 4),
                 ln.revenue, ln.discount) for ln in lines)
        count = write_table(store, Path(args.out), header, rows, "Coupons")
        print(w("coupons_written", count=count, path=args.out))
        return 0
    period = (w("coupons_all_time") if start is None and end is None
              else w("coupons_between", start=start or "…", end=end or "…"))
    print(w("coupons_title", period=period))
    if lines[-1].issued == 0:
        print(w("coupons_none"))
        return 0
    print_table(w.headers("coupons"), [(_label(w, ln), f"{ln.issued:,}", f"{ln.redeemed:,}", percent(ln.rate),
                                        f"{ln.revenue:,}", f"{ln.discount:,}") for ln in lines],
                right={1, 2, 3, 4, 5})
    print(w("coupons_revenue_note"))
    return 0
