"""`crmdesk moments` (touchpoint ratings, the overall product, the weakest link) and `crmdesk staff` (per staff
member over a period). pandas and the models load inside the commands, never at --help."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path

from crmdesk.cli.common import file_titles, percent, print_table, words
from crmdesk.errors import CrmError


def _period_words(args: argparse.Namespace, w) -> str:
    if args.start is None and args.end is None:
        return w("moments_all_history")
    return w("moments_period", start=args.start or "…", end=args.end or "…")


def cmd_moments(args: argparse.Namespace, store) -> int:
    from crmdesk.analytics import moments as am
    from crmdesk.services.files_out import write_table

    w = words(args)
    if args.start and args.end and args.start > args.end:
        raise CrmError(w("period_reversed", start=args.start, end=args.end))
    ratings = am.load_ratings(store, args.start, args.end)
    table = am.per_moment(am.load_moments(store), ratings)
    names = table["name_ko" if w.ko else "name_en"]
    if args.out:
        rows = ((name, int(r.ratings), None if r.ratings == 0 else round(float(r.average), 2),
                 None if r.ratings == 0 else round(float(r.share_of_best), 4))
                for name, r in zip(names, table.itertuples(), strict=True))
        header = file_titles(args).file_header("moments", ["touchpoint", "ratings", "average", "share_of_best"])
        count = write_table(store, Path(args.out), header, rows, "Touchpoints")
        print(w("moments_written", count=count, path=args.out))
        return 0
    print(w("moments_summary", period=_period_words(args, w), count=len(ratings)))
    if ratings.empty:
        print(w("moments_none"))
    else:
        low = ratings[ratings["score"] <= am.LOW_SCORE].groupby("moment_id").size()
        print_table(w.headers("moments"), [
            (name, f"{r.ratings:,}", "-" if r.ratings == 0 else f"{r.average:.2f}",
             "-" if r.ratings == 0 else percent(r.share_of_best), f"{int(low.get(r.moment_id, 0)):,}")
            for name, r in zip(names, table.itertuples(), strict=True)], right={1, 2, 3, 4})
        _print_product(w, table, names)
    answers = am.nps(store, args.start, args.end)
    if answers.score is not None:
        print(w("moments_nps", score=answers.score, answers=answers.answers))
    return 0


def _print_product(w, table, names) -> None:
    from crmdesk.analytics import moments as am

    score = am.product_score(table)
    print(w("moments_overall", overall=percent(score.overall)))
    if score.weakest is None:
        return
    weakest = table.loc[score.weakest]
    if score.overall_if_matched is None or score.others_average is None:
        print(w("moments_weakest_alone", name=names[score.weakest], average=weakest["average"]))
        return
    print(w("moments_weakest", name=names[score.weakest], average=weakest["average"], others=score.others_average,
            before=percent(score.overall), after=percent(score.overall_if_matched),
            points=100 * (score.rise or 0.0)))


def cmd_staff(args: argparse.Namespace, store) -> int:
    from crmdesk.services.files_out import write_table
    from crmdesk.services.staff_figures import FIGURE_FIELDS, staff_figures

    w = words(args)
    end = args.end or date.today()
    start = args.start or end - timedelta(days=29)
    if start > end:
        raise CrmError(w("period_reversed", start=start, end=end))
    with store.session() as session:
        figures = staff_figures(session, start, end)
    if args.out:
        cells = ([f.name, *(getattr(f, field) for field in FIGURE_FIELDS)] for f in figures)
        header = file_titles(args).file_header("staff", ["staff", *FIGURE_FIELDS])
        count = write_table(store, Path(args.out), header, cells, "Staff")
        print(w("staff_written", count=count, path=args.out))
        return 0
    print(w("staff_summary", start=start, end=end))
    rows = [(f.name if f.active else f"{f.name} {w('inactive')}", f"{f.sales:,}", f"{f.revenue:,}",
             f"{f.regulars_served:,}", f"{f.main_contact_for:,}", f"{f.contacts:,}", f"{f.follow_ups_done:,}",
             f"{f.complaints_resolved:,}", f"{f.complaints_about:,}", f"{f.compliments:,}",
             "-" if f.average_rating is None else f"{f.average_rating:.2f}") for f in figures]
    print_table(w.headers("staff"), rows, right=set(range(1, 11)))
    return 0
