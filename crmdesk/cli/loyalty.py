"""`crmdesk campaign export|list` and `crmdesk points` (issue 7). Output follows the language like `crmdesk rfm`."""

from __future__ import annotations

import argparse
from pathlib import Path

from crmdesk.cli.common import validation_refusal, words
from crmdesk.cli.texts import Words
from crmdesk.errors import CrmError


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f} %"


def cmd_campaign(args: argparse.Namespace, store) -> int:
    from crmdesk.errors import ValidationError
    from crmdesk.services import campaigns

    w = words(args)
    if args.action == "list":
        return _list_campaigns(store, w)
    try:
        outcome = campaigns.export_segment(store, args.segment, args.channel, Path(args.file), encoding=args.encoding,
                                           headers=args.headers, control_percent=args.control, seed=args.seed,
                                           offer_code=args.code, days=args.days)
    except ValidationError as err:
        raise validation_refusal(err) from None
    print(w("campaign_written", count=outcome.included, file=args.file, id=outcome.campaign_id))
    print(w("campaign_counts", included=outcome.included, control=outcome.control,
            excluded=sum(outcome.excluded.values())))
    for reason, count in sorted(outcome.excluded.items()):
        print(f"  {w.reason('excluded', reason)}: {count:,}")
    for reason, count in sorted(outcome.dropped.items()):
        print(f"  {w.reason('dropped', reason)}: {count:,}")
    return 0


def _list_campaigns(store, w: Words) -> int:
    from crmdesk.services import campaigns

    with store.session() as session:
        views = [campaigns.campaign_view(session, c.id) for c in campaigns.campaigns(session)]
    if not views:
        print(w("no_campaigns"))
        return 0
    for v in views:
        c = v.campaign
        print(f"#{c.id} {c.name} ({c.channel}, {c.starts_on} – {c.ends_on})")
        for key, g in (("campaign_target", v.target), ("campaign_control", v.control)):
            print(f"  {w(key):8} {g.members:>7,}  {_rate(g.rate):>8}  {g.revenue:>14,}")
            if g.redeemers:
                print("  " + w("campaign_by_coupon", coupon=g.redeemers, purchase=g.responders - g.redeemers))
        if v.excluded:
            reasons = ", ".join(f"{w.reason('excluded', r)}: {n:,}" for r, n in sorted(v.excluded.items()))
            print(w("campaign_excluded", reasons=reasons))
    return 0


def cmd_points(args: argparse.Namespace, store) -> int:
    from crmdesk.errors import ValidationError
    from crmdesk.services import loyalty

    w = words(args)
    tiers = _tiers(args.tiers, w) if args.tiers else None
    with store.session() as session:
        try:
            if args.earn is not None or args.expiry_months is not None or tiers is not None:
                loyalty.set_rules(session, earn_percent=args.earn, expiry_months=args.expiry_months, tiers=tiers)
        except ValidationError as err:
            raise validation_refusal(err) from None
        rules = loyalty.rules(session)
        if args.upkeep:
            expired, moved = loyalty.daily_upkeep(session)
            print(w("upkeep_done", expired=expired, moved=moved))
    tier_text = ", ".join(f"{n} ≥ {m:,}" for n, m in rules.tiers)
    print(w("points_rules", earn=rules.earn_percent, months=rules.expiry_months, tiers=tier_text))
    return 0


def _tiers(text: str, w: Words) -> list[tuple[str, int]]:
    """--tiers 일반=0,실버=300000: (name, minimum 12-month spend) pairs."""
    try:
        return [(name.strip(), int(minimum)) for name, _, minimum in (part.partition("=") for part in text.split(","))]
    except ValueError:
        raise CrmError(w("bad_tiers", text=text)) from None
