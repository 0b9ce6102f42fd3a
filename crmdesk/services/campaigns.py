"""Campaigns: pick a target, let consent decide who may be contacted, hold back a control group, write the recipient
file, and measure what the campaign did.

- Target: an RFM segment (English or Korean name), a lifecycle stage (new, active, loyal, at_risk, dormant, lost:
  analytics/churn.py), a loyalty tier, the customers whose birthday (lunar ones converted) falls in a month (this
  year's, or next year's when the month has passed), a household, or "bought category X, never Y". Archived and
  merged cards are never targeted.
- Consent decides, through ``services.consent`` only: for SMS, KakaoTalk, phone call and e-mail a customer without
  current consent for that purpose is excluded with the reason ``no_consent``; one with consent but no phone (e-mail)
  is excluded as ``no_phone`` (``no_email``). In-store offers send nothing and need no consent. Every excluded
  customer is recorded with the reason, so the screen can say how many and why.
- Control group: a share of the reachable customers, drawn with ``random.Random(seed)`` over the sorted ids, so the
  same campaign always gives the same split. The control group receives nothing.
- Results: a member responded when they made a (not voided) purchase from the start day to the end day; response rate
  and revenue per group, target against control; the lift is the difference of the rates.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from crmdesk.access import Permission, require
from crmdesk.errors import CrmError, NotFound, Problem, RecipientFileError, ValidationError
from crmdesk.models import Campaign, CampaignMember, Customer, Purchase, PurchaseLine
from crmdesk.models.base import now
from crmdesk.services import ad_messages, audit, consent, coupons
from crmdesk.store import Store

GOALS = ("reactivate", "reward", "cross_sell", "up_sell", "birthday", "welcome")
CHANNELS = ("sms", "kakao", "call", "email", "in_store")
TARGET_KINDS = ("segment", "lifecycle", "tier", "birthday_month", "household", "category", "relatives")
OFFER_KINDS = ("coupon", "discount", "points")
CHANNEL_PURPOSE = {"sms": consent.Purpose.SMS, "kakao": consent.Purpose.KAKAO, "call": consent.Purpose.PHONE,
                   "email": consent.Purpose.EMAIL}
EXCLUSION_REASONS = ("no_consent", "no_phone", "no_email")
ENCODINGS = ("utf-8", "cp949")
MAX_NAME = 100


@dataclass
class CampaignSpec:
    name: str
    goal: str
    target_kind: str
    target_value: str
    channel: str
    starts_on: date
    ends_on: date
    offer_kind: str = "coupon"
    offer_value: str = ""
    offer_code: str = ""
    control_percent: int = 0
    seed: int | None = None  # None: a fresh one, stored with the campaign


def _category_filter(value: str) -> tuple[str, str | None]:
    bought, _, never = value.partition("|")
    return bought.strip(), (never.strip() or None)


def target_ids(store: Store, session: Session, kind: str, value: str, *, today: date | None = None) -> list[int]:
    """The active customers the target selects, sorted by id."""
    active = select(Customer.id).where(Customer.archived.is_(False), Customer.merged_into_id.is_(None))
    if kind == "segment":
        from crmdesk.analytics.rfm import KOREAN_NAMES, rfm_table

        english = {ko: en for en, ko in KOREAN_NAMES.items()}.get(value, value)
        if english not in KOREAN_NAMES:
            raise ValidationError([Problem("target_value", "segment_unknown",
                                           f"no RFM segment is called {value!r}; one of: {', '.join(KOREAN_NAMES)}",
                                           value)])
        table = rfm_table(store, today)
        return sorted(int(i) for i in table.loc[table["segment"] == english, "customer_id"])
    if kind == "lifecycle":
        from crmdesk.analytics.churn import ENGLISH_STAGES, KOREAN_STAGES, churn_report

        stage = {**{ko: key for key, ko in KOREAN_STAGES.items()},
                 **{en.lower(): key for key, en in ENGLISH_STAGES.items()}}.get(value.lower(), value)
        if stage not in ENGLISH_STAGES:
            raise ValidationError([Problem("target_value", "stage_unknown",
                                           f"no lifecycle stage is called {value!r}; one of: "
                                           f"{', '.join(ENGLISH_STAGES)}", value)])
        table, _ = churn_report(store, today, forecast=False)
        return sorted(int(i) for i in table.loc[table["stage"] == stage, "customer_id"])
    if kind == "tier":
        from crmdesk.services import loyalty

        tiers = loyalty.rules(session).tiers
        if value not in [n for n, _ in tiers]:
            raise ValidationError([Problem("target_value", "tier_unknown", f"no tier is called {value!r}", value)])
        recorded = loyalty.current_tiers(session)
        ids = list(session.execute(active).scalars())
        base = tiers[0][0]
        return sorted(i for i in ids if recorded.get(i, base) == value)
    if kind == "birthday_month":
        from crmdesk.services import birthdays

        try:
            month = int(value)
            if not 1 <= month <= 12:
                raise ValueError
        except ValueError:
            raise ValidationError([Problem("target_value", "month_invalid", "the birthday month is 1 to 12",
                                           value)]) from None
        day = today or date.today()
        # A month already past this year is next year's (in December, "January" is the coming one).
        year = day.year + 1 if month < day.month else day.year
        start = date(year, month, 1)
        end = birthdays.this_month(start)[1]
        return sorted(r.customer_id for r in birthdays.birthdays_between(session, start, end))
    if kind == "household":
        from crmdesk.services import family

        try:
            members = set(family.household_member_ids(session, int(value)))
        except ValueError:
            members = set()
        if not members:
            raise ValidationError([Problem("target_value", "household_unknown", f"household {value!r} has no members",
                                           value)])
        return sorted(set(session.execute(active.where(Customer.id.in_(members))).scalars()))
    if kind == "category":
        bought, never = _category_filter(value)
        if not bought:
            raise ValidationError([Problem("target_value", "category_required",
                                           "name the category bought (and optionally, after |, one never bought)")])

        def buyers(category: str) -> Any:
            return (select(Purchase.customer_id).join(PurchaseLine, PurchaseLine.purchase_id == Purchase.id)
                    .where(PurchaseLine.category == category, Purchase.voided_at.is_(None),
                           Purchase.customer_id.is_not(None)))

        stmt = active.where(Customer.id.in_(buyers(bought)))
        if never:
            stmt = stmt.where(Customer.id.not_in(buyers(never)))
        return sorted(set(session.execute(stmt).scalars()))
    if kind == "relatives":  # generation marketing: "segment:NAME:MONTHS" or "tier:NAME:never"
        return _relatives(store, session, value, today)
    raise ValidationError([Problem("target_kind", "target_invalid", f"the target is one of {', '.join(TARGET_KINDS)}",
                                   kind)])


def _relatives(store: Store, session: Session, value: str, today: date | None) -> list[int]:
    from crmdesk.services import generations  # the relatives of a segment's or tier's customers
    anchor_kind, anchor, months = generations.parse_value(value)
    anchors = target_ids(store, session, anchor_kind, anchor, today=today)
    return sorted(t.customer_id for t in generations.relatives(session, anchors, months, today=today))


@dataclass(frozen=True)
class Split:
    target: list[int]
    control: list[int]
    excluded: dict[int, str]  # customer id -> reason

    @property
    def excluded_counts(self) -> dict[str, int]:
        return dict(Counter(self.excluded.values()))


def consent_split(session: Session, ids: Iterable[int], channel: str, control_percent: int, seed: int) -> Split:
    """Who may be contacted on the channel (consent, then a phone or e-mail to reach them), and of those, the
    control group held back."""
    ids = sorted(set(ids))
    excluded: dict[int, str] = {}
    reachable = ids
    purpose = CHANNEL_PURPOSE.get(channel)
    if purpose is not None:
        agreed = consent.consented_ids(session, purpose, ids)
        contact: dict[int, tuple[str | None, str | None]] = {}
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            contact.update({cid: (phone, email) for cid, phone, email in session.execute(
                select(Customer.id, Customer.phone, Customer.email).where(Customer.id.in_(chunk)))})
        reachable = []
        for cid in ids:
            phone, email = contact.get(cid, (None, None))
            if cid not in agreed:
                excluded[cid] = "no_consent"
            elif channel == "email" and not email:
                excluded[cid] = "no_email"
            elif channel != "email" and not phone:
                excluded[cid] = "no_phone"
            else:
                reachable.append(cid)
    control = control_group(reachable, control_percent, seed)
    held = set(control)
    return Split([c for c in reachable if c not in held], control, excluded)


def control_group(ids: list[int], percent: int, seed: int) -> list[int]:
    """``percent`` of the ids (rounded), drawn reproducibly from the seed; sorted."""
    if percent <= 0 or not ids:
        return []
    size = round(len(ids) * percent / 100)
    return sorted(random.Random(seed).sample(sorted(ids), size))


def _validate(spec: CampaignSpec) -> list[Problem]:
    problems = []
    name = (spec.name or "").strip()
    if not name or len(name) > MAX_NAME:
        problems.append(Problem("name", "name_invalid", f"a campaign needs a name of 1 to {MAX_NAME} characters"))
    if spec.goal not in GOALS:
        problems.append(Problem("goal", "goal_invalid", f"the goal is one of {', '.join(GOALS)}", spec.goal))
    if spec.channel not in CHANNELS:
        problems.append(Problem("channel", "channel_invalid", f"the channel is one of {', '.join(CHANNELS)}",
                                spec.channel))
    if spec.offer_kind not in OFFER_KINDS:
        problems.append(Problem("offer_kind", "offer_invalid", f"the offer is one of {', '.join(OFFER_KINDS)}",
                                spec.offer_kind))
    if not isinstance(spec.control_percent, int) or not 0 <= spec.control_percent <= 90:
        problems.append(Problem("control_percent", "control_invalid", "the control group is 0 to 90 percent",
                                str(spec.control_percent)))
    if not isinstance(spec.starts_on, date) or not isinstance(spec.ends_on, date):
        problems.append(Problem("dates", "dates_required", "a campaign needs a start and an end day"))
    elif spec.ends_on < spec.starts_on:
        problems.append(Problem("ends_on", "dates_reversed", "the campaign ends before it starts"))
    if len(spec.offer_code or "") > 50 or len(spec.offer_value or "") > 100:
        problems.append(Problem("offer_code", "too_long", "the offer code or value is too long"))
    return problems


def create_campaign(store: Store, spec: CampaignSpec, *, today: date | None = None) -> int:
    """Check the spec, select the target, split it by consent and control group and store it all; returns the
    campaign id. ValidationError names every bad field; nothing is stored then."""
    with store.session() as session:
        return _record_campaign(store, session, spec, today)


def _record_campaign(store: Store, session: Session, spec: CampaignSpec, today: date | None) -> int:
    """Select, split and store a checked spec in ``session`` (not committed); returns the campaign id."""
    problems = _validate(spec)
    if problems:
        raise ValidationError(problems)
    seed = spec.seed if spec.seed is not None else random.SystemRandom().randrange(1, 2**31)
    ids = target_ids(store, session, spec.target_kind, spec.target_value, today=today)
    split = consent_split(session, ids, spec.channel, spec.control_percent, seed)
    campaign = Campaign(name=spec.name.strip(), goal=spec.goal, target_kind=spec.target_kind,
                        target_value=spec.target_value, channel=spec.channel, offer_kind=spec.offer_kind,
                        offer_value=spec.offer_value or "", offer_code=(spec.offer_code or "").strip(),
                        starts_on=spec.starts_on, ends_on=spec.ends_on, control_percent=spec.control_percent,
                        seed=seed, created_at=now())
    session.add(campaign)
    session.flush()
    assert campaign.id is not None  # the flush gave it its id
    rows = ([{"campaign_id": campaign.id, "customer_id": c, "grp": "target", "reason": ""} for c in split.target]
            + [{"campaign_id": campaign.id, "customer_id": c, "grp": "control", "reason": ""}
               for c in split.control]
            + [{"campaign_id": campaign.id, "customer_id": c, "grp": "excluded", "reason": r}
               for c, r in split.excluded.items()])
    if rows:
        from sqlalchemy import insert

        session.execute(insert(CampaignMember), rows)
    coupons.issue_campaign_coupons(session, campaign, split.target)  # each target member's own code
    return campaign.id


@dataclass(frozen=True)
class GroupResult:
    members: int
    responders: int
    revenue: int
    redeemers: int = 0  # of the responders: those who redeemed the campaign's coupon (the rest bought only)
    redeemed_revenue: int = 0  # revenue of the purchases the coupon was redeemed on

    @property
    def rate(self) -> float | None:
        return self.responders / self.members if self.members else None


@dataclass(frozen=True)
class CampaignView:
    campaign: Campaign
    selected: int
    excluded: dict[str, int]
    target: GroupResult
    control: GroupResult
    responses_counted_to: date  # results are counted up to this day (end of campaign, or today)

    @property
    def lift(self) -> float | None:
        if self.target.rate is None or self.control.rate is None:
            return None
        return self.target.rate - self.control.rate


def _group_result(session: Session, campaign: Campaign, grp: str, end: date) -> GroupResult:
    members = select(CampaignMember.customer_id).where(CampaignMember.campaign_id == campaign.id,
                                                       CampaignMember.grp == grp)
    count = session.execute(select(func.count()).select_from(members.subquery())).scalar_one()
    start_at = datetime.combine(campaign.starts_on, time.min)
    end_at = datetime.combine(end, time.min) + timedelta(days=1)
    row = session.execute(
        select(func.count(func.distinct(Purchase.customer_id)), func.coalesce(func.sum(Purchase.total), 0))
        .where(Purchase.customer_id.in_(members), Purchase.voided_at.is_(None),
               Purchase.purchased_at >= start_at, Purchase.purchased_at < end_at)).one()
    redeemers, redeemed = coupons.redeemed_in_window(session, campaign.id or 0, members, campaign.starts_on, end)
    return GroupResult(count, int(row[0] or 0), int(row[1] or 0), redeemers, redeemed)


def campaign_view(session: Session, campaign_id: int, *, today: date | None = None) -> CampaignView:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound.of("Campaign", campaign_id)
    end = min(campaign.ends_on, today or date.today())
    excluded: dict[str, int] = dict(session.execute(
        select(CampaignMember.reason, func.count()).where(CampaignMember.campaign_id == campaign_id,
                                                          CampaignMember.grp == "excluded")
        .group_by(CampaignMember.reason)).all())
    target = _group_result(session, campaign, "target", end)
    control = _group_result(session, campaign, "control", end)
    return CampaignView(campaign, target.members + control.members + sum(excluded.values()), excluded, target,
                        control, end)


def campaigns(session: Session) -> list[Campaign]:
    return list(session.execute(select(Campaign).order_by(Campaign.starts_on.desc(), Campaign.id.desc())).scalars())


def member_groups(session: Session, customer_id: int) -> list[tuple[Campaign, str]]:
    return [tuple(r) for r in session.execute(
        select(Campaign, CampaignMember.grp).join(CampaignMember, CampaignMember.campaign_id == Campaign.id)
        .where(CampaignMember.customer_id == customer_id).order_by(Campaign.starts_on.desc()))]


RECIPIENT_HEADERS = {"en": ("phone", "name", "offer_code"), "ko": ("전화번호", "이름", "쿠폰코드")}
# Why a member is left out of the recipient file or call list when written: consent and contact are checked again.
DROP_REASONS = ("consent_withdrawn", "no_phone", "no_email", "archived", "merged", "erased")


@dataclass(frozen=True)
class SendCheck:
    """The targeted members who may still be contacted today, by name, and the others counted by reason."""

    ids: list[int]
    dropped: dict[str, int]


@dataclass(frozen=True)
class RecipientsWritten:
    written: int
    dropped: dict[str, int]


def send_check(session: Session, campaign: Campaign) -> SendCheck:
    """Re-check the target group now: a customer who withdrew consent, lost the phone (e-mail) or whose card
    was archived, merged or erased since the campaign was created is left out and counted."""
    members = session.execute(
        select(Customer.id, Customer.archived, Customer.merged_into_id, Customer.erased_at)
        .join(CampaignMember, CampaignMember.customer_id == Customer.id)
        .where(CampaignMember.campaign_id == campaign.id, CampaignMember.grp == "target")
        .order_by(Customer.name, Customer.id)).all()
    dropped: Counter[str] = Counter()
    order: list[int] = []
    for cid, archived, merged_into, erased_at in dict.fromkeys(members):
        if erased_at is not None:
            dropped["erased"] += 1
        elif merged_into is not None:
            dropped["merged"] += 1
        elif archived:
            dropped["archived"] += 1
        else:
            order.append(cid)
    split = consent_split(session, order, campaign.channel, 0, campaign.seed)
    for reason in split.excluded.values():
        dropped["consent_withdrawn" if reason == "no_consent" else reason] += 1
    return SendCheck([cid for cid in order if cid not in split.excluded], dict(dropped))


def _contacts(session: Session, ids: list[int], *columns: Any) -> dict[int, tuple[Any, ...]]:
    out: dict[int, tuple[Any, ...]] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        out.update({row[0]: tuple(row[1:]) for row in session.execute(
            select(Customer.id, *columns).where(Customer.id.in_(chunk)))})
    return out


def write_recipients(session: Session, campaign_id: int, path: Path, *, encoding: str = "utf-8",
                     headers: str = "en") -> RecipientsWritten:
    """The target group (never the control group, never the excluded) as a CSV for an SMS / KakaoTalk sender:
    phone digits only (01012345678), name, offer code; for e-mail campaigns the e-mail instead of the phone.
    Consent, the card and the contact are checked again now (send_check); who is left out is counted.
    CP949 is what many Korean bulk-SMS tools read; a name CP949 cannot hold is refused by row, nothing written.
    Names and codes cannot become formulas when the owner opens the file in Excel."""
    from crmdesk.services.exporting import Sheet, write_file
    from crmdesk.store.overwrite import database_refusal

    require(session, Permission.EXPORT)
    if encoding not in ENCODINGS:
        raise CrmError(f"Write the recipients as {' or '.join(ENCODINGS)}, not {encoding}.",
                       ko=f"수신자 파일은 {' 또는 '.join(ENCODINGS)}(으)로 씁니다({encoding}은(는) 쓸 수 없습니다).")
    if path.suffix.lower() != ".csv":
        raise RecipientFileError("not_csv", f"Cannot write recipients to {path.name}: choose a file ending in .csv.",
                                 file=path.name,
                                 ko=f"수신자 파일 {path.name}에 쓸 수 없습니다: 이름이 .csv로 끝나는 파일을 고르세요.")
    if not path.parent.exists():
        raise RecipientFileError("no_folder", f"Cannot write to {path}: the folder {path.parent} does not exist.",
                                 file=path.name, folder=str(path.parent),
                                 ko=f"파일 {path}에 쓸 수 없습니다: {path.parent} 폴더가 없습니다.")
    live = _live_path(session)
    refusal = database_refusal(path, live=live)
    if refusal is not None:
        raise RecipientFileError("is_database", str(refusal), file=path.name, ko=refusal.ko)
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound.of("Campaign", campaign_id)
    check = send_check(session, campaign)
    contact = Customer.email if campaign.channel == "email" else Customer.phone
    found = _contacts(session, check.ids, contact, Customer.name)
    header = list(RECIPIENT_HEADERS.get(headers, RECIPIENT_HEADERS["en"]))
    if campaign.channel == "email":
        header[0] = "email" if headers != "ko" else "이메일"
    code, own = campaign.offer_code or "", coupons.campaign_codes(session, campaign_id)
    records = [[found[cid][0] or "", found[cid][1] or "", own.get(cid, code)] for cid in check.ids]
    if encoding == "cp949":
        for number, record in enumerate(records, start=2):
            for cell in record:
                try:
                    cell.encode("cp949")
                except UnicodeEncodeError as exc:
                    raise RecipientFileError(
                        "not_cp949", f"Row {number} ({record[1]}): {cell!r} cannot be written in CP949 "
                        f"({cell[exc.start:exc.end]!r}); write the file as UTF-8 instead.",
                        row=number, name=record[1], char=cell[exc.start:exc.end],
                        ko=f"CP949로 쓸 수 없는 글자가 있습니다: {number}행({record[1]})의 {cell!r}"
                           f"({cell[exc.start:exc.end]!r}). 파일을 UTF-8로 쓰세요.") from None
    try:  # the one formula-safe writer: names and codes cannot become formulas in Excel
        write_file(path, [Sheet("recipients", records, header)], live=live,
                   encoding="utf-8-sig" if encoding == "utf-8" else "cp949", suffixes=(".csv",))
    except OSError as exc:
        # On Windows mostly a PermissionError: the same file is still open in Excel.
        raise RecipientFileError("cannot_write", f"Cannot write {path.name}: {exc.strerror or exc}. If it is open "
                                 "in Excel, close it and try again.", file=path.name,
                                 ko=f"파일 {path.name}에 쓸 수 없습니다: {exc.strerror or exc}. Excel에서 열려 "
                                    "있으면 닫고 다시 하세요.") from None
    audit.record(session, "export", None, {"what": f"campaign {campaign_id} recipients", "file": str(path),
                                           "rows": len(records), "left_out": check.dropped})
    return RecipientsWritten(len(records), check.dropped)


def _live_path(session: Session) -> Path | None:
    """The SQLite file behind a session (None for a server database)."""
    bind = session.get_bind()
    url = getattr(bind, "url", None)
    if url is None or url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database).expanduser().resolve()


def points_offer(campaign: Campaign) -> int | None:
    """The points a "points" offer gives each targeted customer (offer value 1,000 / 1000P), else None."""
    if campaign.offer_kind != "points":
        return None
    digits = "".join(ch for ch in campaign.offer_value if ch.isdigit())
    return int(digits) if digits else None


def credit_points(session: Session, campaign_id: int, *, staff_id: int | None = None) -> int:
    """Give a points offer to every targeted customer (never the control group): one adjustment each with the
    campaign as its reason. Refused when the offer is not points or was already credited; returns how many
    customers received it."""
    from crmdesk.services import loyalty

    require(session, Permission.BULK)
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound.of("Campaign", campaign_id)
    points = points_offer(campaign)
    if points is None or points <= 0:
        raise ValidationError([Problem("offer_value", "offer_not_points",
                                       "this campaign's offer is not a number of points")])
    reason = credit_reason(campaign)
    from crmdesk.models import PointsEntry

    if session.execute(select(PointsEntry.id).where(PointsEntry.kind == "adjust", PointsEntry.reason == reason)
                       .limit(1)).first() is not None:
        raise ValidationError([Problem("campaign", "points_already_credited",
                                       "the points of this campaign were already given")])
    stamp = now()
    expires = loyalty.expiry_for(stamp, loyalty.rules(session).expiry_months)
    members = list(session.execute(select(CampaignMember.customer_id).distinct()
                                   .join(Customer, Customer.id == CampaignMember.customer_id)
                                   .where(CampaignMember.campaign_id == campaign_id, CampaignMember.grp == "target",
                                          Customer.archived.is_(False), Customer.erased_at.is_(None))
                                   .order_by(CampaignMember.customer_id)).scalars())
    loyalty.insert_entries(session, [
        {"customer_id": cid, "at": stamp, "kind": "adjust", "points": points, "reason": reason,
         "expires_at": expires, "staff_id": staff_id, "purchase_id": None, "lot_id": None} for cid in members])
    return len(members)


def credit_reason(campaign: Campaign) -> str:
    return f"campaign #{campaign.id}: {campaign.name}"[:200]


def points_credited(session: Session, campaign: Campaign) -> bool:
    from crmdesk.models import PointsEntry

    return session.execute(select(PointsEntry.id).where(PointsEntry.kind == "adjust",
                                                        PointsEntry.reason == credit_reason(campaign))
                           .limit(1)).first() is not None


@dataclass(frozen=True)
class CallRow:
    customer_id: int
    name: str
    phone: str | None
    last_purchase_at: datetime | None
    total_spent: int
    tier: str


def call_list(session: Session, campaign_id: int) -> list[CallRow]:
    """The targeted members who may still be phoned today (send_check), by name, for a printed call list:
    phone, last purchase, spend and tier. Printing personal data of many customers is an export: owner only,
    and audited."""
    from crmdesk.services import loyalty

    require(session, Permission.EXPORT)
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound.of("Campaign", campaign_id)
    check = send_check(session, campaign)
    found = _contacts(session, check.ids, Customer.name, Customer.phone, Customer.last_purchase_at,
                      Customer.total_spent)
    audit.record(session, "export", None, {"what": f"campaign {campaign_id} call list", "rows": len(check.ids),
                                           "left_out": check.dropped})
    tiers = loyalty.current_tiers(session, check.ids) if check.ids else {}
    base = loyalty.rules(session).tiers[0][0]
    rows = []
    for cid in check.ids:
        name, phone, last_purchase_at, total_spent = found[cid]
        rows.append(CallRow(cid, name, phone, last_purchase_at, total_spent, tiers.get(cid, base)))
    return rows


@dataclass
class ExportOutcome:
    campaign_id: int
    included: int
    control: int
    excluded: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)  # left out when the file was written (send_check)


def export_segment(store: Store, segment: str, channel: str, path: Path, *, encoding: str = "utf-8",
                   headers: str = "en", control_percent: int = 0, seed: int | None = None,
                   offer_code: str = "", days: int = 14, today: date | None = None,
                   message: ad_messages.MessageSpec | None = None) -> ExportOutcome:
    """What ``crmdesk campaign export`` does: a campaign over an RFM segment starting today, its recipient file,
    and the counts. The campaign is recorded, so its results can be looked at later."""
    start = today or date.today()
    spec = CampaignSpec(name=f"{segment} {channel} {start.isoformat()}", goal="reactivate", target_kind="segment",
                        target_value=segment, channel=channel, starts_on=start, ends_on=start + timedelta(days=days),
                        offer_code=offer_code, control_percent=control_percent, seed=seed)
    # One unit of work: the campaign is recorded only when its recipient file is written. The file is written
    # (through a temporary name) before the commit; if the commit then fails, the file is removed again, so no
    # campaign exists without its file and no file is left for a campaign that was not recorded.
    placed = False
    try:
        with store.session() as session:
            campaign_id = _record_campaign(store, session, spec, today)
            if message is None:
                written = write_recipients(session, campaign_id, path, encoding=encoding, headers=headers)
            else:  # the composed message per recipient (services/ad_messages.py)
                check = send_check(session, session.get(Campaign, campaign_id))
                written = RecipientsWritten(*ad_messages.write_campaign(
                    session, campaign_id, check.ids, check.dropped, message, path, encoding=encoding,
                    live=_live_path(session)))
            placed = True
            view = campaign_view(session, campaign_id, today=today)
    except BaseException:
        if placed:
            path.unlink(missing_ok=True)
        raise
    return ExportOutcome(campaign_id, written.written, view.control.members, view.excluded, written.dropped)


__all__ = [
    "CHANNELS", "EXCLUSION_REASONS", "GOALS", "OFFER_KINDS", "TARGET_KINDS", "CallRow", "CampaignSpec",
    "CampaignView", "DROP_REASONS", "ExportOutcome", "GroupResult", "RecipientFileError", "RecipientsWritten",
    "SendCheck", "Split", "call_list", "campaign_view", "campaigns",
    "consent_split", "control_group", "create_campaign", "credit_points", "export_segment", "member_groups",
    "points_credited", "points_offer", "send_check", "target_ids", "write_recipients",
]
