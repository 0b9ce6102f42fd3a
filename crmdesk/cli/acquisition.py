"""`crmdesk acquisition [--months N] [--out FILE]`: new customers per month by how they came, their 90-day return
and their value so far; and the customers whose referrals brought the most, their own value beside it."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from crmdesk.cli.common import file_titles, percent, print_table, words
from crmdesk.cli.texts import Words
from crmdesk.errors import CrmError

CHANNELS = ("walk_in", "referral", "sns", "online", "event", "phone", "other", "unknown")


def channel_name(w: Words, code: str) -> str:
    return w(f"channel_{code}") if code in CHANNELS else code


def cmd_acquisition(args: argparse.Namespace, store) -> int:
    from crmdesk.services.acquisition import acquisition, referral_values

    w = words(args)
    if args.months < 1:
        raise CrmError(w("at_least_one", option="--months"))
    as_of = args.as_of or date.today()
    with store.session() as session:
        rows = acquisition(session, months=args.months, as_of=as_of)
        referrers = referral_values(session)
    if args.out:
        from crmdesk.services.files_out import write_table

        header = file_titles(args).headers("acquisition_file")
        count = write_table(store, Path(args.out), header, ((r.month, r.channel, r.new_customers, r.returned_90d,
                                                              r.value) for r in rows), "Acquisition")
        print(w("acquisition_written", count=count, path=args.out))
        return 0
    print(w("acquisition_title", months=args.months, as_of=as_of))
    if not rows:
        print(w("acquisition_none"))
    else:
        print_table(w.headers("acquisition"), [
            (r.month, channel_name(w, r.channel), f"{r.new_customers:,}",
             f"{r.returned_90d:,} ({percent(r.return_rate)})" + ("" if r.settled else " *"), f"{r.value:,}")
            for r in rows], right={2, 3, 4})
        if not all(r.settled for r in rows):
            print(w("acquisition_unsettled"))
    if referrers:
        print()
        print(w("referrals_title"))
        print_table(w.headers("referrals"), [(r.name, f"{r.referred:,}", f"{r.own:,}", f"{r.referred_spend:,}",
                                              f"{r.total:,}") for r in referrers], right={1, 2, 3, 4})
    return 0
