"""`crmdesk campaign` and `crmdesk points` (issue 7). No Qt; output follows the language like `crmdesk rfm`."""

from __future__ import annotations

import argparse
from pathlib import Path

EXCLUSION_WORDS = {
    "no_consent": ("no marketing consent on this channel", "이 채널 수신 동의 없음"),
    "no_phone": ("no phone number", "전화번호 없음"),
    "no_email": ("no e-mail address", "이메일 없음"),
}
# Left out when the file was written (campaigns.send_check); the CLI writes right after creating, so these are rare.
DROP_WORDS = {
    "consent_withdrawn": ("left out now: consent withdrawn", "지금 제외: 수신 동의 철회"),
    "no_phone": ("left out now: no phone number", "지금 제외: 전화번호 없음"),
    "no_email": ("left out now: no e-mail address", "지금 제외: 이메일 없음"),
    "archived": ("left out now: archived", "지금 제외: 보관됨"),
    "merged": ("left out now: merged", "지금 제외: 병합됨"),
    "erased": ("left out now: erased", "지금 제외: 삭제됨"),
}


def add_parsers(sub, db: argparse.ArgumentParser, epilog: str) -> None:  # noqa: ANN001 - argparse's private type
    camp = sub.add_parser("campaign", parents=[db], epilog=epilog, help="campaign recipient lists and results",
                          description="Prepare campaigns (crmdesk does not send messages itself) and see results.")
    camp_sub = camp.add_subparsers(dest="action", metavar="ACTION", required=True)
    exp = camp_sub.add_parser(
        "export", parents=[db], epilog=epilog, help="write the consent-checked recipients of an RFM segment",
        description="Record a campaign over an RFM segment starting today and write its recipients (phone digits, "
                    "name, offer code; e-mail for --channel email) to a CSV for an SMS/KakaoTalk sender. Only "
                    "customers with current consent for the channel are included; the control group and the "
                    "excluded are counted, never written.")
    exp.add_argument("--segment", required=True, metavar="NAME", help="RFM segment, English or Korean name")
    exp.add_argument("--channel", required=True, choices=["sms", "kakao", "call", "email"])
    exp.add_argument("file", metavar="FILE", help="output .csv")
    exp.add_argument("--encoding", choices=["utf-8", "cp949"], default="utf-8",
                     help="utf-8 with BOM (default) or cp949 (what many Korean bulk-SMS tools read)")
    exp.add_argument("--headers", choices=["ko", "en"], default="en", help="column headers (default en)")
    exp.add_argument("--control", type=int, default=0, metavar="PCT", help="hold back PCT %% as a control group")
    exp.add_argument("--seed", type=int, metavar="N", help="control-group seed (the same seed, the same split)")
    exp.add_argument("--code", default="", metavar="CODE", help="offer (coupon) code written on every row")
    exp.add_argument("--days", type=int, default=14, metavar="N", help="response window in days (default 14)")
    exp.add_argument("--lang", choices=["ko", "en"], default=argparse.SUPPRESS, help="output language")
    lst = camp_sub.add_parser("list", parents=[db], epilog=epilog, help="campaigns with their results",
                              description="Every campaign with members, response rate and revenue, target against "
                                          "control.")
    lst.add_argument("--lang", choices=["ko", "en"], default=argparse.SUPPRESS, help="output language")

    pts = sub.add_parser("points", parents=[db], epilog=epilog, help="loyalty points and tiers: rules and upkeep",
                         description="Show or change the earn rate, expiry period and tiers; run the daily upkeep "
                                     "(expire points past their date, move tiers) now.")
    pts.add_argument("--earn", metavar="PCT", help="earn this percentage of each purchase (e.g. 1 or 0.5)")
    pts.add_argument("--expiry-months", type=int, metavar="N", help="points expire N months after they are earned")
    pts.add_argument("--tiers", metavar="NAME=MIN,...",
                     help="tiers by 12-month spend, e.g. 일반=0,실버=300000,골드=1000000 (lowest must be 0)")
    pts.add_argument("--upkeep", action="store_true", help="expire due points and recompute tiers now")
    pts.add_argument("--lang", choices=["ko", "en"], default=argparse.SUPPRESS, help="output language")


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f} %"


def cmd_campaign(args: argparse.Namespace, store, ko: bool) -> int:  # noqa: ANN001
    from crmdesk.errors import ValidationError
    from crmdesk.services import campaigns

    if args.action == "list":
        with store.session() as session:
            views = [campaigns.campaign_view(session, c.id) for c in campaigns.campaigns(session)]
        if not views:
            print("캠페인이 없습니다." if ko else "No campaigns yet.")
            return 0
        for v in views:
            c = v.campaign
            print(f"#{c.id} {c.name} ({c.channel}, {c.starts_on} – {c.ends_on})")
            for label_en, label_ko, g in (("target", "대상", v.target), ("control", "통제", v.control)):
                label = label_ko if ko else label_en
                print(f"  {label:8} {g.members:>7,}  {_rate(g.rate):>8}  {g.revenue:>14,}")
            if v.excluded:
                reasons = ", ".join(f"{EXCLUSION_WORDS.get(r, (r, r))[1 if ko else 0]}: {n:,}"
                                    for r, n in sorted(v.excluded.items()))
                print(("  제외 " if ko else "  excluded ") + reasons)
        return 0
    try:
        outcome = campaigns.export_segment(store, args.segment, args.channel, Path(args.file), encoding=args.encoding,
                                           headers=args.headers, control_percent=args.control, seed=args.seed,
                                           offer_code=args.code, days=args.days)
    except ValidationError as err:
        raise _usage_error(err) from None
    excluded = sum(outcome.excluded.values())
    if ko:
        print(f"{args.file}에 {outcome.included:,}명을 저장했습니다 (캠페인 #{outcome.campaign_id}).")
        print(f"포함 {outcome.included:,}명 · 통제 그룹 {outcome.control:,}명 · 제외 {excluded:,}명")
    else:
        print(f"Wrote {outcome.included:,} recipients to {args.file} (campaign #{outcome.campaign_id}).")
        print(f"Included {outcome.included:,} · control group {outcome.control:,} · excluded {excluded:,}")
    for reason, count in sorted(outcome.excluded.items()):
        en, kr = EXCLUSION_WORDS.get(reason, (reason, reason))
        print(f"  {kr if ko else en}: {count:,}")
    for reason, count in sorted(outcome.dropped.items()):
        en, kr = DROP_WORDS.get(reason, (reason, reason))
        print(f"  {kr if ko else en}: {count:,}")
    return 0


def _usage_error(err: Exception) -> Exception:
    from crmdesk.errors import CrmError

    return CrmError(str(err))


def cmd_points(args: argparse.Namespace, store, ko: bool) -> int:  # noqa: ANN001
    from crmdesk.errors import CrmError, ValidationError
    from crmdesk.services import loyalty

    tiers = None
    if args.tiers:
        try:
            tiers = [(name.strip(), int(minimum)) for name, _, minimum in
                     (part.partition("=") for part in args.tiers.split(","))]
        except ValueError:
            raise CrmError(f"--tiers {args.tiers!r}: write NAME=MIN,NAME=MIN, e.g. 일반=0,실버=300000") from None
    with store.session() as session:
        try:
            if args.earn is not None or args.expiry_months is not None or tiers is not None:
                loyalty.set_rules(session, earn_percent=args.earn, expiry_months=args.expiry_months, tiers=tiers)
        except ValidationError as err:
            raise CrmError(str(err)) from None
        rules = loyalty.rules(session)
        if args.upkeep:
            expired, moved = loyalty.daily_upkeep(session)
            print(f"{expired:,}포인트 소멸, 등급 변경 {moved:,}명" if ko
                  else f"Expired {expired:,} points; {moved:,} tier changes.")
    tier_text = ", ".join(f"{n} ≥ {m:,}" for n, m in rules.tiers)
    if ko:
        print(f"적립률 {rules.earn_percent}% · 유효기간 {rules.expiry_months}개월 · 등급 {tier_text}")
    else:
        print(f"Earn {rules.earn_percent}% · points expire after {rules.expiry_months} months · tiers {tier_text}")
    return 0
